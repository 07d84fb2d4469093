import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on loopback that can turn into a network blackhole: while open it forwards
 * every connection to the target (PostgreSQL at 127.0.0.1:5432 by default); `blackhole()`
 * stops moving bytes either way without closing anything, as a dead route or a dropping
 * firewall does: peers see connections that simply never answer, new ones included
 * (accepted, then silence). Bytes sent meanwhile are lost, as they are once the sender
 * gives up on them, so a request that timed out never reaches the database later.
 * `open()` forwards again; `reset()` destroys every connection, as a restart of the peer would.
 */
interface Pipe {
  readonly client: Socket;
  readonly upstream: Socket;
}

export class BlackholeProxy {
  readonly #server: Server;
  readonly #target: { host: string; port: number };
  readonly #pipes = new Set<Pipe>();
  #blackholed = false;
  #onDropped: Array<() => void> = [];
  /** Connections accepted so far. */
  accepted = 0;

  private constructor(server: Server, target: { host: string; port: number }) {
    this.#server = server;
    this.#target = target;
    server.on('connection', (client) => this.#pipe(client));
  }

  static async start(target: { host?: string; port?: number } = {}): Promise<BlackholeProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return new BlackholeProxy(server, { host: target.host ?? '127.0.0.1', port: target.port ?? 5432 });
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** `url` (a postgres:// URL) pointed at this proxy instead of its own host and port. */
  urlFor(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  get blackholed(): boolean {
    return this.#blackholed;
  }

  blackhole(): void {
    this.#blackholed = true;
  }

  open(): void {
    this.#blackholed = false;
  }

  /** Resolves once a client's bytes have been swallowed by the blackhole (a request is now hanging). */
  waitForBytesHeld(): Promise<void> {
    return new Promise((resolve) => this.#onDropped.push(resolve));
  }

  reset(): void {
    for (const pipe of this.#pipes) {
      pipe.client.destroy();
      pipe.upstream.destroy();
    }
    this.#pipes.clear();
  }

  async close(): Promise<void> {
    this.reset();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #pipe(client: Socket): void {
    this.accepted += 1;
    const upstream = connect(this.#target.port, this.#target.host);
    const pipe: Pipe = { client, upstream };
    this.#pipes.add(pipe);
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (!this.#blackholed) to.write(chunk);
        else if (from === client) for (const resolve of this.#onDropped.splice(0)) resolve();
      });
    forward(client, upstream);
    forward(upstream, client);
    // One side gone ends the pair (a peer that gives up is not something a blackhole hides from itself).
    const end = () => {
      this.#pipes.delete(pipe);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }
}
