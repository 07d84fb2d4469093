import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceHarness } from '../../helpers/service-harness.js';
import { browse, expectNoStack, expectProblem, expectSecurityHeaders, startWebService } from './web-service.js';

let h: ServiceHarness;
let base: string;

beforeAll(async () => {
  h = await startWebService();
  base = h.service.url;
});
afterAll(async () => {
  await h.close();
});

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '<!channel> @everyone',
  '\u202Eevil\u202C',
  '深度学习 扩散',
  '"\'><svg onload=alert(1)>',
];

describe('pages given hostile, huge and broken requests', () => {
  it.each(HOSTILE)('searches for %s as text', async (text) => {
    for (const path of [`/search?q=${encodeURIComponent(text)}`, `/?topic=${encodeURIComponent(text)}`, `/search?q=lora&page=1&${encodeURIComponent(text)}=${encodeURIComponent(text)}`]) {
      const answer = await browse(base, path);
      expect([200, 400], path).toContain(answer.status);
      expectSecurityHeaders(answer);
      expectNoStack(answer);
      expect(answer.body).not.toMatch(/<script>alert|<img src=x|<svg onload/);
    }
    // Shown back as text in the search box and heading, escaped.
    const shown = await browse(base, `/search?q=${encodeURIComponent(text)}`);
    if (text.includes('<')) expect(shown.body).toContain(`&lt;${text.slice(text.indexOf('<') + 1, text.indexOf('<') + 8)}`);
    else expect(shown.body).toContain(text);
  });

  it('answers a paper id that is markup, mentions or unicode with a 404 page', async () => {
    for (const text of HOSTILE) {
      const answer = await browse(base, `/p/${encodeURIComponent(text)}`);
      expectProblem(answer, 404, 'not-found');
      expect(answer.body).not.toMatch(/<script>alert|<img src=x|<svg onload/);
    }
  });

  it('refuses a URL over 4096 characters with 414', async () => {
    for (const path of [`/search?q=${'a'.repeat(5000)}`, `/p/${'x'.repeat(5000)}`, `/team/slack/T1?token=${'x'.repeat(5000)}`, `/?topic=${'y'.repeat(5000)}`]) {
      expectProblem(await browse(base, path), 414, 'bad-request');
    }
  });

  it('refuses a query or a topic past the query limit, and page numbers out of range, each with a reason', async () => {
    const cases: Array<[string, RegExp]> = [
      [`/search?q=${'a'.repeat(600)}`, /600 characters; keep it under 500/],
      [`/?topic=${'a'.repeat(600)}`, /600 characters; keep it under 500/],
      ['/search?q=lora&page=0', /from 1 to 500/],
      ['/search?q=lora&page=501', /from 1 to 500/],
      ['/search?q=lora&page=-1', /from 1 to 500/],
      ['/search?q=lora&page=1e2', /from 1 to 500/],
      ['/search?q=lora&page=abc', /from 1 to 500/],
      ['/search?q=lora&page=99999999999999999999', /from 1 to 500/],
    ];
    for (const [path, reason] of cases) {
      const answer = await browse(base, path);
      expectProblem(answer, 400, 'bad-request');
      expect(answer.body, path).toMatch(reason);
    }
    expect((await browse(base, '/search?q=lora&page=2')).status).toBe(200);
    expect((await browse(base, '/search?q=lora&page=')).status).toBe(200);
  });

  it('refuses broken percent-encoding with 400, in the query and in a paper id', async () => {
    for (const path of ['/search?q=%E0%A4%A', '/search?q=100%', '/search?%ZZ=1', '/?topic=%', '/team/slack/T1?token=%E0']) {
      expectProblem(await browse(base, path), 400, 'bad-request');
    }
    expectProblem(await browse(base, '/p/%E0%A4%A'), 400, 'bad-request');
    expectProblem(await browse(base, '/papers/%E0%A4%A'), 400, 'bad-request');
  });

  it('takes the first of repeated parameters and ignores unknown ones', async () => {
    const answer = await browse(base, '/search?q=lora&q=%3Cscript%3E&page=1&page=900&utm_source=x');
    expect(answer.status).toBe(200);
    expect(answer.body).not.toContain('<script>');
  });

  it('keeps a session cookie that is garbage, huge or hostile from breaking a public page', async () => {
    for (const cookie of ['paperboy_session=<script>', `paperboy_session=${'v1.'.repeat(3000)}`, 'paperboy_session', 'a=b; paperboy_session=; c', '=;;=']) {
      const answer = await browse(base, '/', { cookie });
      expect(answer.status, cookie.slice(0, 30)).toBe(200);
      expectNoStack(answer);
    }
  });
});
