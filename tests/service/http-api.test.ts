import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/index.js';
import { serveApi } from '../helpers/api-server.js';
import { shippedPaperboy } from '../helpers/shipped-corpus.js';

let close: () => Promise<void>;
let base: string;
let ready = true;

beforeAll(async () => {
  ({ base, close } = await serveApi({
    paperboy: shippedPaperboy(),
    logger: silentLogger,
    health: () => ({ status: 'ok', papers: 231 }),
    readiness: async () => ({ status: ready ? 'ready' : 'not-ready', checks: { storage: { state: ready ? 'ok' : 'timeout' } } }),
  }));
});
afterAll(async () => {
  await close();
});

async function get(path: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown>; type: string | null }> {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, type: res.headers.get('content-type') };
}

describe('HTTP API', () => {
  it('reports liveness always, and readiness with 503 while the replica is not ready', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 200, body: { status: 'ok', papers: 231 }, type: 'application/json; charset=utf-8' });
    expect(await get('/readyz')).toMatchObject({ status: 200, body: { status: 'ready' }, type: 'application/json; charset=utf-8' });
    ready = false;
    expect(await get('/readyz')).toMatchObject({ status: 503, body: { status: 'not-ready', checks: { storage: { state: 'timeout' } } } });
    expect((await get('/healthz')).status).toBe(200);
    ready = true;
  });

  it('searches with paging', async () => {
    const { status, body } = await get('/search?q=training+without+backpropagation&limit=3');
    expect(status).toBe(200);
    expect(body).toMatchObject({ query: 'training without backpropagation', limit: 3, offset: 0 });
    const results = body.results as Array<{ id: string; score: number; snippet: string }>;
    expect(results).toHaveLength(3);
    expect(results.map((r) => r.id)).toContain('noprop-training-neural-networks-without');
    const page2 = (await get('/search?q=training+without+backpropagation&limit=3&offset=3')).body.results as Array<{ id: string }>;
    expect(page2.map((r) => r.id).filter((id) => results.some((r) => r.id === id))).toEqual([]);
  });

  it.each([
    ['/search', /q is required/],
    ['/search?q=', /q is required/],
    [`/search?q=${'a'.repeat(600)}`, /q is 600 characters; keep it under 500/],
    ['/search?q=lora&limit=0', /limit must be a whole number from 1 to 50/],
    ['/search?q=lora&limit=51', /limit must be a whole number from 1 to 50/],
    ['/search?q=lora&offset=-1', /offset must be a whole number/],
    ['/search?q=since:2024-13-01', /not a date/],
    ['/trending?limit=abc', /limit must be a whole number/],
    ['/papers/%E0%A4%A', /not valid percent-encoding/],
  ])('refuses %s with 400 and a reason', async (path, reason) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(String(body.error)).toMatch(reason);
  });

  it('serves one paper, and 404s an unknown one', async () => {
    const { status, body } = await get('/papers/noprop-training-neural-networks-without');
    expect(status).toBe(200);
    expect(body.paper).toMatchObject({ id: 'noprop-training-neural-networks-without', appearances: [{ rank: 1 }] });
    expect(await get('/papers/no-such-paper')).toMatchObject({ status: 404, body: { error: 'no paper with id no-such-paper' } });
  });

  it('serves trending, with a topic', async () => {
    const { status, body } = await get('/trending?limit=2&topic=model%20merging');
    expect(status).toBe(200);
    expect(body.topic).toBe('model merging');
    expect((body.results as unknown[]).length).toBe(2);
  });

  it('answers hostile and unicode queries as data', async () => {
    const hostile = await get(`/search?q=${encodeURIComponent('<script>alert(1)</script> @everyone')}`);
    expect(hostile.status).toBe(200);
    expect(hostile.body.query).toBe('<script>alert(1)</script> @everyone');
    expect((await get(`/search?q=${encodeURIComponent('モデル 🚀')}`)).body).toMatchObject({ total: 0 });
  });

  it('refuses other methods and huge URLs, and leaves other paths alone', async () => {
    expect(await get('/search?q=x', { method: 'POST' })).toMatchObject({ status: 405, body: { error: 'POST is not allowed here; use GET' } });
    expect((await get(`/search?q=${'a'.repeat(5000)}`)).status).toBe(414);
    const other = await fetch(`${base}/slack/events`);
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('not ours');
  });
});
