import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on loopback that a fault suite puts between paperboy and its database, to
 * break the connection the ways networks do: `reset()` drops every open connection at once
 * (a database restart, a failover), `blackhole(ms)` stops forwarding bytes both ways
 * without closing anything (a partition: the client sees silence, not an error). New
 * connections during a blackhole are accepted and go silent too.
 */
export class TcpProxy {
  readonly #server: Server;
  readonly #pairs = new Set<Pair>();
  #stalled = false;
  /** Connections accepted so far, reset ones included. */
  accepted = 0;

  private constructor(
    server: Server,
    readonly port: number,
  ) {
    this.#server = server;
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const proxy = new TcpProxy(server, (server.address() as AddressInfo).port);
    server.on('connection', (client) => proxy.#accept(client, target));
    return proxy;
  }

  /** Open connections right now. */
  get open(): number {
    return this.#pairs.size;
  }

  /** Destroys every open connection, both sides, like a database restart; returns how many. */
  reset(): number {
    const count = this.#pairs.size;
    for (const pair of this.#pairs) pair.destroy();
    this.#pairs.clear();
    return count;
  }

  /** Forwards nothing for `ms`, then delivers what was held back, in order. Resolves once traffic flows again. */
  async blackhole(ms: number): Promise<void> {
    this.#stalled = true;
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.#stalled = false;
    for (const pair of this.#pairs) pair.flush();
  }

  async close(): Promise<void> {
    this.#stalled = false;
    this.reset();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket, target: { host: string; port: number }): void {
    this.accepted += 1;
    const upstream = connect(target.port, target.host);
    const pair = new Pair(client, upstream, () => this.#stalled);
    this.#pairs.add(pair);
    pair.onClose(() => this.#pairs.delete(pair));
  }
}

/** One proxied connection: bytes each way, held in order while stalled; either side closing closes both. */
class Pair {
  readonly #held: Array<{ to: Socket; data: Buffer | 'end' | 'close' }> = [];
  #closed = false;
  readonly #closeListeners: Array<() => void> = [];

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly stalled: () => boolean,
  ) {
    this.#forward(client, upstream);
    this.#forward(upstream, client);
  }

  onClose(listener: () => void): void {
    this.#closeListeners.push(listener);
  }

  flush(): void {
    for (const { to, data } of this.#held.splice(0)) {
      if (data === 'end') to.end();
      else if (data === 'close') this.destroy();
      else if (!this.#closed) to.write(data);
    }
  }

  destroy(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.client.destroy();
    this.upstream.destroy();
    for (const listener of this.#closeListeners) listener();
  }

  #forward(from: Socket, to: Socket): void {
    from.on('data', (data: Buffer) => {
      if (this.stalled()) this.#held.push({ to, data });
      else to.write(data);
    });
    // A clean end is passed on (after anything held); errors and closes tear the pair down.
    from.on('end', () => {
      if (this.stalled()) this.#held.push({ to, data: 'end' });
      else to.end();
    });
    from.on('error', () => this.destroy());
    from.on('close', () => {
      if (this.stalled()) this.#held.push({ to, data: 'close' });
      else this.destroy();
    });
  }
}
