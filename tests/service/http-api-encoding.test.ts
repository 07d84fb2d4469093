import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../adapters/service/http-api.js';
import { silentLogger } from '../../src/index.js';
import { shippedPaperboy } from '../helpers/shipped-corpus.js';

/** Query strings whose percent-encoding is broken are refused, not searched as typed. */
let server: Server;
let base: string;

beforeAll(async () => {
  const api = createApiHandler({ paperboy: shippedPaperboy(), logger: silentLogger, health: () => ({ status: 'ok' }), readiness: async () => ({ status: 'ready' }) });
  server = createServer((req, res) => {
    if (!api(req, res)) res.writeHead(404).end('not ours');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: JSON.parse(await res.text()) as Record<string, unknown> };
}

describe('HTTP API: percent-encoding', () => {
  it.each([
    ['/search?q=%E0%A4%A', 'q'],
    ['/search?q=%E0%A4', 'q'],
    ['/search?q=100%', 'q'],
    ['/search?q=lora&limit=%zz', 'limit'],
    ['/search?q=%C0%AF', 'q'],
    ['/trending?topic=%ED%A0%80', 'topic'],
    ['/search?%E0=1&q=lora', 'a parameter name'],
    ['/search?q<script>=%E0', 'qscript'],
  ])('refuses %s with 400 naming %s', async (path, name) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body).toEqual({ error: `${name} is not valid percent-encoding; encode it as UTF-8, e.g. q=caf%C3%A9 (a literal % is %25)` });
  });

  it('leaves paths that read no query string alone', async () => {
    expect((await fetch(`${base}/healthz?probe=%E0`)).status).toBe(200);
  });

  it.each([
    ['/search?q=caf%C3%A9', 'café'],
    ['/search?q=%E0%A4%85%E0%A4%A8%E0%A5%81', 'अनु'],
    ['/search?q=mixture+of+experts', 'mixture of experts'],
    ['/search?q=100%25', '100%'],
    ['/search?q=a=b', 'a=b'],
    ['/search?q=%F0%9F%A4%96+robots', '🤖 robots'],
  ])('still searches well-formed %s', async (path, query) => {
    const { status, body } = await get(path);
    expect(status).toBe(200);
    expect(body.query).toBe(query);
  });
});
