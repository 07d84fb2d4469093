import { describe, expect, test } from 'vitest';
import { paperPage, searchPage, trendingPage } from '../../../src/index.js';
import { depsOver, expectSafePage, hasClass, paperboyOf, paperLinksOf, PUBLIC, record, tagsWith, textOf } from './page-reading.js';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '</script><script>alert(1)</script>';
const SVG = '"><svg onload=alert(1)>';
const RTL = 'Report \u202Efdp.exe';
const LONG = `${'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(230)} hostile`.slice(-10_000);
const EMOJI = '🧪'.repeat(300);
const UNICODE = 'Über 变换器: مرحبا 🧪 Ω≈ç — naïve';

const listed = (rank: number) => ({ appearances: [{ source: 'hf-trending', date: '2026-11-26', rank }] });

/** Records as a corrupted store could hand them back: every field an attacker controls, none checked. */
const paperboy = paperboyOf([
  record('img', {
    title: IMG,
    abstract: `hostile ${IMG} in the abstract`,
    authors: [IMG, SVG],
    codeUrls: ['javascript:alert(1)'],
    url: 'javascript:alert(2)',
    pdfUrl: 'data:text/html,<script>alert(3)</script>',
    ...listed(1),
  }),
  record('script', { title: SCRIPT, abstract: `hostile ${SCRIPT}`, authors: [SCRIPT], codeUrls: ['https://example.org/"><svg onload=alert(1)>'], ...listed(2) }),
  record('svg', { title: SVG, abstract: `hostile ${SVG} <!channel> @everyone`, ...listed(3) }),
  record('rtl', { title: RTL, abstract: `hostile ${RTL}`, authors: [`Eve ${RTL}`, 'Ada Lovelace'], ...listed(4) }),
  record('long', { title: LONG, abstract: 'hostile long title', authors: Array.from({ length: 500 }, (_, i) => `Author ${i}`), ...listed(5) }),
  record('emoji', { title: EMOJI, abstract: 'hostile emoji', ...listed(7) }),
  record('unicode', { title: UNICODE, abstract: 'hostile naïve 变换器 🧪 text', authors: ['Zoë Ñúñez', '李雷'], ...listed(6) }),
]);
const deps = depsOver(paperboy);

describe('hostile titles, authors, abstracts and URLs render as text', () => {
  test('on the trending page: every title reads back exactly, nothing becomes a tag, a handler or a script link', async () => {
    const page = await trendingPage(deps, PUBLIC, {});
    expectSafePage(page.html);
    expect(paperLinksOf(page.html).map((l) => l.title)).toEqual([IMG, SCRIPT, SVG, RTL, LONG, UNICODE, EMOJI]);
    expect(textOf(page.html)).toContain(`${IMG}, ${SVG}`);
    expect(tagsWith(page.html, (t) => t.name === 'svg')).toHaveLength(7);
    // javascript: code links are not links; a real https code URL with quotes in it stays one attribute.
    const code = tagsWith(page.html, hasClass('code-link'));
    expect(code.map((t) => t.attrs.get('href'))).toEqual(['https://example.org/%22%3E%3Csvg%20onload=alert(1)%3E']);
    expect(tagsWith(page.html, hasClass('source-link'))).toHaveLength(0);
    expect(Buffer.byteLength(page.html)).toBeLessThan(60_000);
  });

  test('on each paper page: the title in <h1>, the RTL override kept as a character, a short tab title, no javascript: or data: links', async () => {
    for (const [id, title] of [
      ['img', IMG],
      ['script', SCRIPT],
      ['svg', SVG],
      ['rtl', RTL],
      ['long', LONG],
      ['unicode', UNICODE],
    ] as const) {
      const page = await paperPage(deps, PUBLIC, id);
      expect(page.status).toBe(200);
      expectSafePage(page.html);
      expect(textOf(page.html)).toContain(title);
      const tabTitle = /<title>([^<]*)<\/title>/.exec(page.html)![1]!;
      expect(tabTitle.length).toBeLessThan(200);
      expect(tabTitle).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
    const img = await paperPage(deps, PUBLIC, 'img');
    expect(tagsWith(img.html, (t) => t.name === 'a' && /^(javascript|data):/i.test(t.attrs.get('href') ?? ''))).toHaveLength(0);
    expect(tagsWith(img.html, hasClass('pdf-link'))).toHaveLength(0);
    expect(textOf(img.html)).toContain(`hostile ${IMG} in the abstract`);
    const long = await paperPage(deps, PUBLIC, 'long');
    expect(LONG).toHaveLength(10_000);
    expect(textOf(long.html)).toContain('Author 99 and 400 more');
  });

  test('an RTL override in one author name cannot reverse the names after it: each name is isolated in <bdi>', async () => {
    const page = await paperPage(deps, PUBLIC, 'rtl');
    const authors = /<p class="authors">(.*?)<\/p>/s.exec(page.html)![1]!;
    expect(authors).toBe('<bdi>Eve Report \u202Efdp.exe</bdi>, <bdi>Ada Lovelace</bdi>');
  });

  test('in search results and their snippets', async () => {
    const page = await searchPage(deps, PUBLIC, { q: 'hostile', page: 1 });
    expectSafePage(page.html);
    expect(textOf(page.html)).toContain('Results 1–7 of 7 for “hostile”');
    expect(page.html.match(/<mark>hostile<\/mark>/g)).toHaveLength(7);
    expect(textOf(page.html)).toContain(`hostile ${SCRIPT}`);
    expect(textOf(page.html)).toContain('<!channel> @everyone');
  });
});
