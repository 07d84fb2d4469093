import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STYLESHEET } from '../../../src/index.js';
import type { ServiceHarness } from '../../helpers/service-harness.js';
import { BROWSER, browse, expectProblem, expectSecurityHeaders, send, startWebService } from './web-service.js';

let h: ServiceHarness;
let base: string;
const PAPER = 'noprop-training-neural-networks-without';

beforeAll(async () => {
  h = await startWebService();
  base = h.service.url;
});
afterAll(async () => {
  await h.close();
});

const JSON_TYPE = 'application/json; charset=utf-8';
const API_PATHS = ['/search?q=diffusion+transformers', '/trending', `/papers/${PAPER}`];

describe('one port, pages for browsers and the JSON API for everyone else', () => {
  it.each([
    ['/', 'trending'],
    ['/trending', 'trending'],
    ['/search?q=diffusion+transformers', 'search'],
    ['/search', 'search form'],
    [`/p/${PAPER}`, 'paper page'],
    [`/papers/${PAPER}`, 'paper page'],
  ])('answers a browser at %s with HTML (%s)', async (path) => {
    const answer = await browse(base, path);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(answer);
    expect(answer.body).toMatch(/^<!doctype html>/i);
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
  });

  it('answers curl, scripts and clients without an Accept header exactly as the API did', async () => {
    for (const path of API_PATHS) {
      const bodies = new Set<string>();
      for (const accept of ['*/*', 'application/json', undefined, 'application/json;q=0.5, text/html;q=0.5', 'application/json, text/html;q=0.9', 'image/png']) {
        const answer = await send(base, path, { headers: accept === undefined ? {} : { accept } });
        expect(answer.status, `${path} ${accept}`).toBe(200);
        expect(answer.headers['content-type'], `${path} ${accept}`).toBe(JSON_TYPE);
        expect(answer.headers['content-security-policy']).toBeUndefined();
        bodies.add(answer.body);
      }
      expect(bodies.size, path).toBe(1);
    }
    expect(JSON.parse((await send(base, `/papers/${PAPER}`)).body)).toMatchObject({ paper: { id: PAPER } });
  });

  it('gives a script that follows a paper page link the API’s JSON for that paper', async () => {
    const api = await send(base, `/papers/${PAPER}`, { headers: { accept: '*/*' } });
    const page = await send(base, `/p/${PAPER}`, { headers: { accept: '*/*' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe(JSON_TYPE);
    expect(page.body).toBe(api.body);
    expect((await send(base, '/p/no-such-paper')).status).toBe(404);
  });

  it('tells a script at / where the API is', async () => {
    const answer = await send(base, '/', { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(JSON_TYPE);
    const index = JSON.parse(answer.body) as { api: string[] };
    expect(index.api).toEqual(expect.arrayContaining(['/search', '/trending', '/papers/{id}', '/openapi.json']));
  });

  it('refuses a script other methods and over-long addresses at / in JSON, as the API does on its paths', async () => {
    const post = await send(base, '/', { method: 'POST', headers: { accept: 'application/json' } });
    expect(post.status).toBe(405);
    expect(post.headers['content-type']).toBe(JSON_TYPE);
    expect(post.headers.allow).toBe('GET, HEAD');
    const long = await send(base, `/?${'a'.repeat(9000)}`);
    expect(long.status).toBe(414);
    expect(long.headers['content-type']).toBe(JSON_TYPE);
  });

  it('leaves the feed, BibTeX and health to the API even for a browser', async () => {
    expect((await browse(base, '/trending.atom')).headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect((await browse(base, `/papers/${PAPER}.bib`)).headers['content-type']).toMatch(/^application\/x-bibtex/);
    expect((await browse(base, '/healthz')).headers['content-type']).toBe(JSON_TYPE);
  });

  it('answers a browser that asks for text/html alone with HTML', async () => {
    const answer = await send(base, '/trending', { headers: { accept: 'text/html' } });
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('serves the stylesheet, cacheable, to anyone', async () => {
    for (const accept of [BROWSER, 'text/css,*/*;q=0.1', '*/*']) {
      const answer = await send(base, '/assets/paperboy.css', { headers: { accept } });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('public, max-age=86400');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.body).toBe(STYLESHEET);
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    for (const path of ['/', `/p/${PAPER}`, '/assets/paperboy.css', '/team/slack/T1', '/search?q=lora']) {
      const get = await browse(base, path);
      const head = await browse(base, path, { method: 'HEAD' });
      expect(head.status, path).toBe(get.status);
      expect(head.body, path).toBe('');
      expect(head.headers['content-type'], path).toBe(get.headers['content-type']);
      expect(head.headers['content-length'], path).toBe(get.headers['content-length']);
    }
  });

  it('refuses other methods on pages, saying which ones it takes', async () => {
    for (const path of ['/', '/team/slack/T1', `/p/${PAPER}`, '/assets/paperboy.css']) {
      const answer = await browse(base, path, { method: 'PUT' });
      expectProblem(answer, 405, 'bad-request');
      expect(answer.headers.allow).toBe('GET, HEAD');
    }
  });

  it('answers a browser lost at an unknown path with a 404 page, and a script with the JSON 404 as before', async () => {
    expectProblem(await browse(base, '/nowhere'), 404, 'not-found');
    expectProblem(await browse(base, '/p/no-such-paper'), 404, 'not-found');
    const script = await send(base, '/nowhere');
    expect(script.status).toBe(404);
    expect(script.headers['content-type']).toBe(JSON_TYPE);
    expect(JSON.parse(script.body)).toMatchObject({ error: expect.stringMatching(/^not found; try/) });
  });
});
