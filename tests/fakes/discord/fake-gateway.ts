import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { isObject, type Json } from './discord-wire.js';

/**
 * Discord's gateway for one bot session (platform-notes 2.1): HELLO, an op 11 for every heartbeat, IDENTIFY →
 * READY + one GUILD_CREATE per guild (else discord.js waits 15 s for guilds), RESUME → replay of the dispatches the
 * client missed + RESUMED. Frames are JSON text; a client asking for zlib-stream still parses text frames as JSON.
 */

export interface GatewayOptions {
  botToken: string;
  heartbeatIntervalMs: number;
  /** Accept GuildMembers / GuildPresences / MessageContent intents; Discord refuses them (4014) unless enabled. */
  privilegedIntents: boolean;
  ready(sessionId: string): Json;
  guildCreates(): Json[];
}

interface Session {
  id: string;
  seq: number;
  /** Every dispatch of the session, kept for replay on RESUME. */
  log: Array<{ s: number; t: string; d: unknown }>;
  /** The socket that identified or resumed it; undefined between connections. */
  socket: WebSocket | undefined;
  /** Dropped by `drop()`: dispatches sent now are kept for the resume to replay. */
  awaitingResume: boolean;
  /** What IDENTIFY asked for: Discord sends a dispatch only to sessions with its intent. */
  intents: number;
}

const OPEN = 1; // WebSocket.OPEN
const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);
const CLOSE = {
  unknownOpcode: 4001,
  decodeError: 4002,
  notAuthenticated: 4003,
  authenticationFailed: 4004,
  alreadyAuthenticated: 4005,
  invalidApiVersion: 4012,
  disallowedIntents: 4014,
} as const;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`FakeDiscord gateway: ${what} within ${timeoutMs} ms`);
    await sleep(5);
  }
}

export class FakeGateway {
  identifies = 0;
  resumes = 0;
  /** Every payload clients sent, parsed, in arrival order (heartbeats included). */
  readonly received: Json[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private session: Session | undefined;

  constructor(private readonly options: GatewayOptions) {}

  /** For the HTTP server's 'upgrade' event: the gateway lives at `/` (`?v=10&encoding=json`). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
    if (url.pathname !== '/') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url.searchParams));
  }

  get connected(): boolean {
    return this.session?.socket?.readyState === OPEN;
  }

  /**
   * Sends a dispatch to the session's client, waiting up to `timeoutMs` for one to be ready. While a dropped
   * session awaits its resume the dispatch is only logged, and the RESUME replays it (as Discord does).
   */
  async dispatch(t: string, d: unknown, timeoutMs = 5000, beforeSend?: () => void): Promise<void> {
    await until(() => this.connected || this.session?.awaitingResume === true, timeoutMs, `no client was ready for ${t}`);
    beforeSend?.();
    this.emit(this.session as Session, t, d);
  }

  /**
   * A dispatch that needs an intent (MESSAGE_CREATE needs GuildMessages): sent only if the session asked for it,
   * built for that session's intents (message content is blanked without MessageContent). No session: dropped.
   */
  emitIf(intent: number, t: string, build: (intents: number) => unknown): void {
    const session = this.session;
    if (session && (session.intents & intent) !== 0) this.emit(session, t, build(session.intents));
  }

  /** The intents of the current session (0 before IDENTIFY). */
  get intents(): number {
    return this.session?.intents ?? 0;
  }

  /** Like `emitIf`, waiting up to `timeoutMs` for a client first; resolves whether it was sent. */
  async dispatchIf(intent: number, t: string, build: (intents: number) => unknown, timeoutMs = 5000): Promise<boolean> {
    await until(() => this.connected || this.session?.awaitingResume === true, timeoutMs, `no client was ready for ${t}`);
    const sent = (this.intents & intent) !== 0;
    this.emitIf(intent, t, build);
    return sent;
  }

  /** Closes the client's socket with `code` and does not wait for it to come back (4004, 4014: it won't). */
  closeFor(code: number): void {
    const socket = this.session?.socket;
    if (!socket || socket.readyState !== OPEN) throw new Error('FakeDiscord gateway: no client is connected');
    socket.close(code, 'FakeDiscord.closeConnection');
  }

  /** Closes the client's socket from the server side; resolves once it has resumed or identified again. */
  async drop(code: number, timeoutMs = 15_000): Promise<void> {
    const session = this.session;
    const socket = session?.socket;
    if (!session || !socket || socket.readyState !== OPEN) throw new Error('FakeDiscord gateway: no client is connected');
    const before = this.identifies + this.resumes;
    session.awaitingResume = true;
    // 1006 cannot be sent in a close frame; it is what the client sees when the connection just dies.
    if (code === 1006) socket.terminate();
    else socket.close(code, 'FakeDiscord.dropConnection');
    await until(() => this.identifies + this.resumes > before, timeoutMs, 'the client did not come back');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket, params: URLSearchParams): void {
    this.sockets.add(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      if (this.session?.socket === ws) this.session.socket = undefined;
    });
    ws.on('message', (data: RawData) => this.onMessage(ws, data));
    if (params.get('v') !== '10') return ws.close(CLOSE.invalidApiVersion, 'Invalid API version');
    if ((params.get('encoding') ?? 'json') !== 'json') return ws.close(CLOSE.decodeError, 'The fake speaks JSON only');
    this.send(ws, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null });
  }

  private onMessage(ws: WebSocket, data: RawData): void {
    const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)).toString('utf8');
    let payload: Json;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!isObject(parsed)) throw new Error('not an object');
      payload = parsed;
    } catch {
      return ws.close(CLOSE.decodeError, 'Decode error');
    }
    this.received.push(payload);
    const authed = this.session?.socket === ws;
    const d = isObject(payload.d) ? payload.d : {};
    switch (payload.op) {
      case 1:
        return this.send(ws, { op: 11 }); // every heartbeat, or discord.js closes the socket as a zombie
      case 2:
        return authed ? ws.close(CLOSE.alreadyAuthenticated, 'Already authenticated') : this.identify(ws, d);
      case 6:
        return authed ? ws.close(CLOSE.alreadyAuthenticated, 'Already authenticated') : this.resume(ws, d);
      case 3: // presence update
      case 4: // voice state update
      case 8: // request guild members
        return authed ? undefined : ws.close(CLOSE.notAuthenticated, 'Not authenticated');
      default:
        return ws.close(CLOSE.unknownOpcode, 'Unknown opcode');
    }
  }

  private identify(ws: WebSocket, d: Json): void {
    if (d.token !== this.options.botToken) return ws.close(CLOSE.authenticationFailed, 'Authentication failed');
    const intents = typeof d.intents === 'number' ? d.intents : 0;
    if ((intents & PRIVILEGED_INTENTS) !== 0 && !this.options.privilegedIntents) return ws.close(CLOSE.disallowedIntents, 'Disallowed intent(s)');
    const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, log: [], socket: ws, awaitingResume: false, intents };
    this.session = session;
    this.identifies += 1;
    this.emit(session, 'READY', this.options.ready(session.id));
    for (const guild of this.options.guildCreates()) this.emit(session, 'GUILD_CREATE', guild);
  }

  private resume(ws: WebSocket, d: Json): void {
    if (d.token !== this.options.botToken) return ws.close(CLOSE.authenticationFailed, 'Authentication failed');
    const session = this.session;
    // Unknown session: op 9 with d:false tells the client to identify anew.
    if (!session || session.id !== d.session_id) return this.send(ws, { op: 9, d: false, s: null, t: null });
    if (session.socket && session.socket !== ws) session.socket.close(4009, 'Session resumed elsewhere');
    session.socket = ws;
    session.awaitingResume = false;
    const seen = typeof d.seq === 'number' ? d.seq : 0;
    for (const entry of session.log) if (entry.s > seen) this.send(ws, { op: 0, ...entry });
    this.resumes += 1;
    this.emit(session, 'RESUMED', null, false);
  }

  /** `logged: false` for RESUMED, which a later resume must not replay. */
  private emit(session: Session, t: string, d: unknown, logged = true): void {
    session.seq += 1;
    const entry = { s: session.seq, t, d };
    if (logged) session.log.push(entry);
    if (session.socket?.readyState === OPEN) this.send(session.socket, { op: 0, ...entry });
  }

  private send(ws: WebSocket, payload: Json): void {
    if (ws.readyState === OPEN) ws.send(JSON.stringify(payload));
  }
}
