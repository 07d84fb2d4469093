import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PoliteFetcher, retryAfterMs, type FetchPolicy } from '../../adapters/feeds/polite-fetch.js';

/** The feed fetcher against a real HTTP server on loopback that misbehaves on request. */
type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let server: Server | undefined;
const seen: IncomingMessage[] = [];

async function serve(handler: Handler): Promise<string> {
  let n = 0;
  server = createServer((req, res) => {
    seen.push(req);
    handler(req, res, (n += 1));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
}

afterEach(async () => {
  seen.length = 0;
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

const POLICY: FetchPolicy = { userAgent: 'paperboy-test/1 (+tests)', timeoutMs: 2000, maxBytes: 10_000, minIntervalMs: 0, retries: 2, backoffMs: 5, maxRetryAfterMs: 60_000 };

/** A sleep that returns at once and remembers how long it was asked to wait. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('PoliteFetcher', () => {
  it('identifies itself and uses conditional requests, so an unchanged feed costs nothing', async () => {
    const url = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"', 'last-modified': 'Thu, 26 Nov 2026 20:00:00 GMT' }).end('[]');
    });
    const fetcher = new PoliteFetcher(POLICY);
    const first = await fetcher.get(url);
    expect(first).toMatchObject({ kind: 'ok', text: '[]', validators: { etag: '"v1"', lastModified: 'Thu, 26 Nov 2026 20:00:00 GMT' }, attempts: 1 });
    // Asked again with nothing but the URL: the fetcher remembers what the server said.
    const again = await fetcher.get(url);
    expect(again.kind).toBe('not-modified');
    expect(seen[0]!.headers['user-agent']).toBe('paperboy-test/1 (+tests)');
    expect(seen[1]!.headers['if-modified-since']).toBe('Thu, 26 Nov 2026 20:00:00 GMT');
  });

  it('does not wait out a Retry-After when no retry is left', async () => {
    const url = await serve((_req, res) => res.writeHead(429, { 'retry-after': '30' }).end());
    const { waits, sleep } = recordingSleep();
    const outcome = await new PoliteFetcher({ ...POLICY, retries: 1 }, sleep).get(url);
    expect(outcome).toMatchObject({ kind: 'failed', status: 429, attempts: 2 });
    expect(waits.filter((ms) => ms === 30_000)).toHaveLength(1);
  });

  it('waits out a 429 as Retry-After says, then gets the feed', async () => {
    const url = await serve((_req, res, n) => (n === 1 ? res.writeHead(429, { 'retry-after': '7' }).end() : res.writeHead(200).end('ok')));
    const { waits, sleep } = recordingSleep();
    const outcome = await new PoliteFetcher(POLICY, sleep).get(url);
    expect(outcome).toMatchObject({ kind: 'ok', text: 'ok', attempts: 2 });
    expect(waits).toContain(7000);
  });

  it('hands a Retry-After too long to wait back to the caller, without hammering', async () => {
    const url = await serve((_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end());
    const outcome = await new PoliteFetcher(POLICY, recordingSleep().sleep).get(url);
    expect(outcome).toMatchObject({ kind: 'failed', retryable: true, status: 429, retryAfterMs: 3_600_000, attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it('retries 5xx with backoff and gives up with the reason after its retries', async () => {
    const flaky = await serve((_req, res, n) => (n <= 2 ? res.writeHead(502).end() : res.writeHead(200).end('ok')));
    const heard: string[] = [];
    const fetcher = new PoliteFetcher(POLICY, undefined, (_url, reason, left) => heard.push(`${reason}, ${left} left`));
    expect(await fetcher.get(flaky)).toMatchObject({ kind: 'ok', attempts: 3 });
    expect(heard).toEqual(['HTTP 502 from the server, 2 left', 'HTTP 502 from the server, 1 left']);
    seen.length = 0;
    await new Promise((resolve) => server!.close(resolve));
    const down = await serve((_req, res) => res.writeHead(500).end());
    expect(await new PoliteFetcher(POLICY).get(down)).toEqual({ kind: 'failed', reason: 'HTTP 500 from the server', status: 500, retryable: true, attempts: 3 });
  });

  it('does not retry what retrying cannot fix', async () => {
    const url = await serve((_req, res) => res.writeHead(404).end('nope'));
    expect(await new PoliteFetcher(POLICY).get(url)).toEqual({ kind: 'failed', reason: 'HTTP 404 (not found)', status: 404, retryable: false, attempts: 1 });
  });

  it('gives up on a server that stops answering, and says so', async () => {
    const url = await serve((_req, res) => res.writeHead(200).write('[{"paper":')); // headers, then nothing
    const outcome = await new PoliteFetcher({ ...POLICY, timeoutMs: 150, retries: 1 }).get(url);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'no complete answer within 0.15 s', retryable: true, attempts: 2 });
  });

  it('refuses a response over the size cap, declared or not', async () => {
    const declared = await serve((_req, res) => res.writeHead(200, { 'content-length': '50000' }).end('x'.repeat(50_000)));
    expect(await new PoliteFetcher(POLICY).get(declared)).toMatchObject({ kind: 'failed', retryable: false, reason: 'response of 50000 bytes is over the 10000-byte limit' });
    await new Promise((resolve) => server!.close(resolve));
    const chunked = await serve((_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 20; i += 1) res.write('y'.repeat(1000));
      res.end();
    });
    expect(await new PoliteFetcher(POLICY).get(chunked)).toMatchObject({ kind: 'failed', retryable: false, reason: 'response is over the 10000-byte limit' });
  });

  it('spaces requests to one host, one at a time', async () => {
    const url = await serve((_req, res) => res.writeHead(200).end('ok'));
    const { waits, sleep } = recordingSleep();
    const fetcher = new PoliteFetcher({ ...POLICY, minIntervalMs: 3000 }, sleep);
    await Promise.all([fetcher.get(url), fetcher.get(url), fetcher.get(url)]);
    expect(seen).toHaveLength(3);
    expect(waits.filter((ms) => ms > 2500)).toHaveLength(2);
  });

  it('reports a refused connection as retryable, not as an empty feed', async () => {
    const url = await serve((_req, res) => res.end());
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const outcome = await new PoliteFetcher({ ...POLICY, retries: 0 }).get(url);
    expect(outcome).toMatchObject({ kind: 'failed', retryable: true, reason: expect.stringMatching(/^cannot connect \(ECONNREFUSED\)/) });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Fri, 27 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
