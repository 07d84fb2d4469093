import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { eventEnvelope, slashCommandFields, type EventEnvelopeOptions, type SlashCommandOverrides } from './sign-request.js';

/**
 * Slack's Socket Mode server side, on loopback. FakeSlackApi's `apps.connections.open` hands out `connectUrl()`;
 * the client connects, gets `hello` (Bolt's `start()` resolves only then), and acks each envelope by id.
 * Keepalive: @slack/socket-mode 3 pings from the client every clientPingTimeout/3 and `ws` pongs automatically;
 * the client only watches for server pings after it has seen one, so this server never pings.
 */

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

export interface Envelope {
  type: EnvelopeType;
  payload: Record<string, unknown>;
  envelope_id?: string;
  accepts_response_payload?: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** What the client sent back; `payload` is `{}` for a bare `ack()`, or the ack body (e.g. `{text: 'Searching…'}`). */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  /** Milliseconds from sending the envelope to receiving the ack (Slack wants ≤ 3000). */
  ms: number;
}

export interface SocketConnection {
  id: number;
  url: string;
  openedAt: number;
  closedAt?: number;
  closeCode?: number;
}

export interface FakeSocketModeOptions {
  /** How long `send()` waits for an ack before rejecting. Default 3000, Slack's own budget. */
  ackTimeoutMs?: number;
}

interface PendingAck {
  sentAt: number;
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class FakeSocketMode {
  readonly connections: SocketConnection[] = [];
  /** Every envelope and control message sent to clients, in order. */
  readonly sent: Array<Record<string, unknown>> = [];
  /** Every message received from clients, parsed (unparseable ones as the raw string). */
  readonly received: unknown[] = [];
  readonly acks: SocketAck[] = [];
  private readonly sockets = new Map<number, WebSocket>();
  private readonly pending = new Map<string, PendingAck>();
  private readonly connectWaiters: Array<() => void> = [];
  private readonly closeWaiters = new Map<number, Array<(code: number) => void>>();
  private envelopeCounter = 0;
  private ticketCounter = 0;

  private constructor(
    private readonly server: WebSocketServer,
    readonly origin: string,
    private readonly ackTimeoutMs: number,
  ) {
    server.on('connection', (socket, request) => this.onConnection(socket, request.url ?? '/'));
  }

  static async start(options: FakeSocketModeOptions = {}): Promise<FakeSocketMode> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    return new FakeSocketMode(server, `ws://127.0.0.1:${port}`, options.ackTimeoutMs ?? 3000);
  }

  /** A fresh URL per `apps.connections.open`, like Slack's one-time tickets (the ticket is recorded, not enforced). */
  connectUrl(): string {
    this.ticketCounter += 1;
    return `${this.origin}/link/?ticket=fake-ticket-${this.ticketCounter}&app_id=A0001`;
  }

  /** True while at least one client socket is open. */
  get connected(): boolean {
    return this.openSocket() !== undefined;
  }

  /** Resolves once `count` connections have been opened (and greeted) in total, e.g. 2 after a reconnect. */
  waitForConnection(count = 1, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`FakeSocketMode: ${this.connections.length}/${count} connections after ${timeoutMs} ms`)), timeoutMs);
      const check = (): void => {
        if (this.connections.length >= count) {
          clearTimeout(timer);
          resolve();
        } else {
          this.connectWaiters.push(check);
        }
      };
      check();
    });
  }

  /**
   * Resolves with connection `id`'s close code once its socket has closed. `connected` turns false as soon as the
   * closing handshake starts, but the code is known only at the 'close' event, which comes later (how much later
   * depends on the machine's load): assertions on `closeCode` wait for this.
   */
  waitForClose(id: number, timeoutMs = 5000): Promise<number> {
    const connection = this.connections.find((c) => c.id === id);
    if (connection === undefined) return Promise.reject(new Error(`FakeSocketMode: no connection ${id}`));
    if (connection.closeCode !== undefined) return Promise.resolve(connection.closeCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`FakeSocketMode: connection ${id} still open after ${timeoutMs} ms`)), timeoutMs);
      const waiters = this.closeWaiters.get(id) ?? [];
      waiters.push((code) => {
        clearTimeout(timer);
        resolve(code);
      });
      this.closeWaiters.set(id, waiters);
    });
  }

  /** Sends an envelope to the newest open client and resolves with its ack (matched by envelope_id). */
  send(envelope: Envelope, timeoutMs: number = this.ackTimeoutMs): Promise<SocketAck> {
    const socket = this.openSocket();
    if (socket === undefined) return Promise.reject(new Error('FakeSocketMode: no client is connected'));
    this.envelopeCounter += 1;
    const envelopeId = envelope.envelope_id ?? `env-${this.envelopeCounter}`;
    const message = { accepts_response_payload: false, ...envelope, envelope_id: envelopeId };
    return new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`FakeSocketMode: no ack for ${envelopeId} (${envelope.type}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, { sentAt: performance.now(), resolve, reject, timer });
      this.transmit(socket, message);
    });
  }

  /** A slash command; the payload is the same fields an HTTP app gets as a form, as JSON. */
  slashCommand(fields: SlashCommandOverrides = {}): Promise<SocketAck> {
    return this.send({ type: 'slash_commands', payload: slashCommandFields(fields), accepts_response_payload: true });
  }

  /** block_actions, view_submission, …: only some interaction types let the ack carry a response. */
  interaction(payload: Record<string, unknown>): Promise<SocketAck> {
    const acceptsResponse = payload.type !== 'block_actions' && payload.type !== 'message_action';
    return this.send({ type: 'interactive', payload, accepts_response_payload: acceptsResponse });
  }

  /** An Events API event wrapped in its `event_callback` envelope; Bolt acks these before running listeners. */
  event(event: Record<string, unknown>, options: EventEnvelopeOptions = {}): Promise<SocketAck> {
    return this.send({ type: 'events_api', payload: eventEnvelope(event, options) });
  }

  /** Slack's "please reconnect" (`refresh_requested`, `link_disabled`, `too_many_websockets`, …). */
  disconnect(reason = 'refresh_requested'): void {
    const socket = this.openSocket();
    if (socket !== undefined) this.transmit(socket, { type: 'disconnect', reason, debug_info: { host: 'fake-socket-mode' } });
  }

  /** Drops every client abruptly (no close handshake), as a network failure would. */
  dropConnections(): void {
    for (const socket of this.sockets.values()) socket.terminate();
  }

  async close(): Promise<void> {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`FakeSocketMode closed before ${id} was acked`));
    }
    this.pending.clear();
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private openSocket(): WebSocket | undefined {
    const open = [...this.sockets.values()].filter((socket) => socket.readyState === socket.OPEN);
    return open.at(-1);
  }

  private transmit(socket: WebSocket, message: Record<string, unknown>): void {
    this.sent.push(message);
    socket.send(JSON.stringify(message));
  }

  private onConnection(socket: WebSocket, url: string): void {
    const connection: SocketConnection = { id: this.connections.length + 1, url, openedAt: Date.now() };
    this.connections.push(connection);
    this.sockets.set(connection.id, socket);
    socket.on('message', (data: RawData) => this.onMessage(data));
    socket.on('close', (code: number) => {
      connection.closedAt = Date.now();
      connection.closeCode = code;
      this.sockets.delete(connection.id);
      for (const waiter of this.closeWaiters.get(connection.id) ?? []) waiter(code);
      this.closeWaiters.delete(connection.id);
    });
    this.transmit(socket, {
      type: 'hello',
      num_connections: this.sockets.size,
      debug_info: { host: 'fake-socket-mode', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: 'A0001' },
    });
    for (const waiter of this.connectWaiters.splice(0)) waiter();
  }

  private onMessage(data: RawData): void {
    const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data))).toString('utf8');
    let message: unknown = text;
    try {
      message = JSON.parse(text);
    } catch {
      // Kept raw in `received`: a client sending non-JSON is itself worth asserting on.
    }
    this.received.push(message);
    if (typeof message !== 'object' || message === null || !('envelope_id' in message)) return;
    const { envelope_id: id, payload } = message as { envelope_id: unknown; payload?: Record<string, unknown> };
    const pending = typeof id === 'string' ? this.pending.get(id) : undefined;
    if (pending === undefined || typeof id !== 'string') return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    const ack: SocketAck = { envelope_id: id, ms: performance.now() - pending.sentAt };
    if (payload !== undefined) ack.payload = payload;
    this.acks.push(ack);
    pending.resolve(ack);
  }
}
