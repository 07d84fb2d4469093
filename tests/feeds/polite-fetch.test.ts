import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { PoliteFetcher, retryAfterMs, type FetchPolicy, type Sleep } from '../../adapters/feeds/polite-fetch.js';

/** The feed fetcher against a real HTTP server on loopback that misbehaves on request. */
type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let server: Server | undefined;
const seen: IncomingMessage[] = [];
/** Called on every request the test server receives. */
const onRequest = new Set<() => void>();

async function serve(handler: Handler): Promise<string> {
  let n = 0;
  server = createServer((req, res) => {
    seen.push(req);
    for (const listener of onRequest) listener();
    handler(req, res, (n += 1));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
}

/** Timers of servers that trickle, cleared after each test. */
const trickles = new Set<NodeJS.Timeout>();

/** Headers, then one byte now and then, forever: a response that never completes. */
function trickle(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const timer = setInterval(() => res.write(' '), 50);
  trickles.add(timer);
  res.on('close', () => clearInterval(timer));
}

/** Resolves when the test server has received its `n`th request. */
function requestArrived(n: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (seen.length < n) return;
      onRequest.delete(check);
      resolve();
    };
    onRequest.add(check);
    check();
  });
}

afterEach(async () => {
  onRequest.clear();
  for (const timer of trickles) clearInterval(timer);
  trickles.clear();
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

describe('PoliteFetcher, aborted by its caller (the service stopping)', () => {
  // Without the abort each of these would take far longer than the test's timeout: a 30 s
  // read timeout, retries a minute apart, a minute between requests.
  const SLOW: FetchPolicy = { ...POLICY, timeoutMs: 30_000, retries: 3, backoffMs: 60_000, minIntervalMs: 0 };

  it('ends a read that trickles at once, with no further attempt', async () => {
    const url = await serve((_req, res) => trickle(res));
    const stop = new AbortController();
    const read = new PoliteFetcher(SLOW).get(url, { signal: stop.signal });
    await requestArrived(1);
    stop.abort();
    expect(await read).toEqual({ kind: 'aborted', attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it('ends a read whose server never answers', async () => {
    const url = await serve(() => undefined); // takes the request, sends nothing
    const stop = new AbortController();
    const read = new PoliteFetcher(SLOW).get(url, { signal: stop.signal });
    await requestArrived(1);
    stop.abort();
    expect(await read).toEqual({ kind: 'aborted', attempts: 1 });
  });

  it('ends the wait before a retry', async () => {
    const url = await serve((_req, res) => res.writeHead(503).end());
    const stop = new AbortController();
    let retrying: () => void = () => {};
    const retryDue = new Promise<void>((resolve) => (retrying = resolve));
    const read = new PoliteFetcher(SLOW, undefined, () => retrying()).get(url, { signal: stop.signal });
    await retryDue; // the first attempt failed; a minute's backoff begins
    stop.abort();
    expect(await read).toEqual({ kind: 'aborted', attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it('ends the spacing wait between two requests to one host', async () => {
    const url = await serve((_req, res) => res.writeHead(200).end('ok'));
    let spacing: (() => void) | undefined;
    const spaced = new Promise<void>((resolve) => (spacing = resolve));
    // The real wait (a minute), announced so the test knows when it has begun.
    const sleep: Sleep = (ms, signal) => {
      spacing?.();
      return delay(ms, undefined, signal ? { signal } : {});
    };
    const fetcher = new PoliteFetcher({ ...SLOW, minIntervalMs: 60_000 }, sleep);
    expect((await fetcher.get(url)).kind).toBe('ok');
    const stop = new AbortController();
    const second = fetcher.get(url, { signal: stop.signal });
    await spaced;
    stop.abort();
    expect(await second).toEqual({ kind: 'aborted', attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it('lets a read queued behind another leave the queue at once, and never starts one already aborted', async () => {
    const url = await serve((_req, res) => trickle(res));
    const fetcher = new PoliteFetcher(SLOW);
    const first = new AbortController();
    const running = fetcher.get(url, { signal: first.signal });
    await requestArrived(1);
    const queued = new AbortController();
    const waiting = fetcher.get(`${url}?page=2`, { signal: queued.signal });
    queued.abort();
    expect(await waiting).toEqual({ kind: 'aborted', attempts: 0 });
    expect(await fetcher.get(url, { signal: AbortSignal.abort() })).toEqual({ kind: 'aborted', attempts: 0 });
    first.abort();
    expect(await running).toEqual({ kind: 'aborted', attempts: 1 });
    expect(seen).toHaveLength(1);
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
