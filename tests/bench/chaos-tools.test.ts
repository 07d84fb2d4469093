import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { slotMinutesAgo } from '../../bench/chaos/chaos-database.js';
import { TcpProxy } from '../../bench/chaos/tcp-proxy.js';
import { localDateOf, zonedInstant } from '../../src/index.js';

/** The fault suite's own tools: if they lie, its table does too. */

/** An echo server standing in for the database. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function client(port: number): Promise<Socket & { received: () => string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(port, '127.0.0.1', () => resolve(Object.assign(socket, { received: () => text })));
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.once('error', reject);
  });
}

const until = async (probe: () => boolean): Promise<void> => {
  while (!probe()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('TcpProxy', () => {
  let echo: { server: Server; port: number };
  let proxy: TcpProxy;
  afterEach(async () => {
    await proxy.close();
    echo.server.close();
  });

  it('forwards both ways, and reset() closes every connection', async () => {
    echo = await echoServer();
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: echo.port });
    const c = await client(proxy.port);
    c.write('ping');
    await until(() => c.received() === 'ping');
    const closed = new Promise<void>((resolve) => c.on('close', () => resolve()));
    expect(proxy.reset()).toBe(1);
    await closed;
    expect(proxy.open).toBe(0);
    // The proxy itself still takes new connections, as a restarted database would.
    const again = await client(proxy.port);
    again.write('pong');
    await until(() => again.received() === 'pong');
    again.destroy();
  });

  it('holds every byte during a blackhole without closing, then delivers them in order', async () => {
    echo = await echoServer();
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: echo.port });
    const c = await client(proxy.port);
    let closed = false;
    c.on('close', () => (closed = true));
    const stall = proxy.blackhole(300);
    c.write('a');
    c.write('b');
    let afterStall = '';
    await stall.then(() => (afterStall = c.received()));
    expect(afterStall).toBe('');
    expect(closed).toBe(false);
    await until(() => c.received() === 'ab');
    c.destroy();
  });
});

describe('slotMinutesAgo', () => {
  it.each(['2026-12-03T00:01:00Z', '2026-12-03T11:30:00Z', '2026-12-03T23:59:00Z', '2026-06-30T12:00:00Z'])('is due a few minutes before %s, on the same local day', (iso) => {
    const now = new Date(iso);
    const slot = slotMinutesAgo(now, 3);
    const at = zonedInstant(slot.localDate, slot.time, slot.timezone);
    expect(now.getTime() - at.getTime()).toBeGreaterThanOrEqual(2 * 60_000);
    expect(now.getTime() - at.getTime()).toBeLessThanOrEqual(3 * 60_000);
    expect(localDateOf(now, slot.timezone)).toBe(slot.localDate);
  });
});
