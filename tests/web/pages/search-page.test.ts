import { describe, expect, test } from 'vitest';
import { searchPage, WEB_PAGE_SIZE } from '../../../src/index.js';
import { shippedPaperboy } from '../../helpers/shipped-corpus.js';
import { decode, depsOver, expectSafePage, paperLinksOf, PUBLIC, tagsWith, textOf } from './page-reading.js';

const deps = depsOver(shippedPaperboy());

function pagerLinks(html: string): Record<string, string> {
  return Object.fromEntries(tagsWith(html, (t) => t.name === 'a' && ['prev', 'next'].includes(t.attrs.get('rel') ?? '')).map((t) => [t.attrs.get('rel')!, t.attrs.get('href')!]));
}

const marks = (html: string) => [...html.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => decode(m[1]!));

describe('the search page (/search)', () => {
  test('without a query: the form and examples of the query language, each a link to its search', async () => {
    const page = await searchPage(deps, PUBLIC, { q: '   ', page: 1 });
    expect(page.status).toBe(200);
    expectSafePage(page.html);
    expect(textOf(page.html)).toContain('How to search');
    const examples = tagsWith(page.html, (t) => t.name === 'a' && (t.attrs.get('href') ?? '').startsWith('/search?q='));
    expect(examples.map((t) => t.attrs.get('href'))).toContain('/search?q=author%3Ahinton');
    expect(page.html).toContain('<form class="search-form" role="search" action="/search" method="get">');
  });

  test('results carry the same snippets as chat, their matched words in <mark>', async () => {
    const page = await searchPage(deps, PUBLIC, { q: 'diffusion', page: 1 });
    expect(page.status).toBe(200);
    expectSafePage(page.html);
    const found = await shippedPaperboy().search({ query: 'diffusion', limit: WEB_PAGE_SIZE });
    if (!found.ok) throw new Error(found.error.message);
    expect(textOf(page.html)).toContain(`Results 1–${found.value.total} of ${found.value.total} for “diffusion”`);
    expect(paperLinksOf(page.html).map((l) => l.title)).toEqual(found.value.hits.map((h) => h.paper.title));
    const expectedMarks = found.value.hits.flatMap((h) => h.snippet.marks.map(([a, b]) => h.snippet.text.slice(a, b)));
    expect(marks(page.html)).toEqual(expectedMarks);
    expect(marks(page.html).every((m) => /^diffusion$/i.test(m))).toBe(true);
    // The query stays in the box, so a reader can refine it.
    expect(tagsWith(page.html, (t) => t.name === 'input' && t.attrs.get('id') === 'q')[0]!.attrs.get('value')).toBe('diffusion');
  });

  test('pages through many results 20 at a time, with previous and next links and “Results 21–40 of N”', async () => {
    const first = await searchPage(deps, PUBLIC, { q: 'learning', page: 1 });
    const total = Number(/Results 1–20 of (\d+) for “learning”/.exec(textOf(first.html))?.[1]);
    expect(total).toBeGreaterThan(40);
    expect(paperLinksOf(first.html)).toHaveLength(20);
    expect(Buffer.byteLength(first.html)).toBeLessThan(40_000);
    expect(pagerLinks(first.html)).toEqual({ next: '/search?q=learning&page=2' });
    expect(first.html).toContain('<nav class="pages" aria-label="Pages">');

    const second = await searchPage(deps, PUBLIC, { q: 'learning', page: 2 });
    expect(textOf(second.html)).toContain(`Results 21–40 of ${total} for “learning”`);
    expect(second.html).toContain('<ol class="papers" start="21">');
    expect(pagerLinks(second.html)).toEqual({ prev: '/search?q=learning', next: '/search?q=learning&page=3' });
    const firstTitles = new Set(paperLinksOf(first.html).map((l) => l.title));
    expect(paperLinksOf(second.html).some((l) => firstTitles.has(l.title))).toBe(false);

    const lastPage = Math.ceil(total / 20);
    const last = await searchPage(deps, PUBLIC, { q: 'learning', page: lastPage });
    expect(textOf(last.html)).toContain(`of ${total} for “learning”`);
    expect(Object.keys(pagerLinks(last.html))).toEqual(['prev']);

    const past = await searchPage(deps, PUBLIC, { q: 'learning', page: lastPage + 5 });
    expect(past.status).toBe(200);
    expect(textOf(past.html)).toContain(`“learning” has ${total} results, so page ${lastPage + 5} is past the end.`);
    expect(tagsWith(past.html, (t) => t.attrs.get('href') === `/search?q=learning&page=${lastPage}`)).toHaveLength(1);
  });

  test('a query matching nothing says so and shows how to search', async () => {
    const page = await searchPage(deps, PUBLIC, { q: 'zzqxv', page: 1 });
    expect(page.status).toBe(200);
    expect(textOf(page.html)).toContain('No papers match “zzqxv”');
    expect(textOf(page.html)).toContain('How to search');
  });

  test('a query the language cannot take is a 400 with the core’s own message, the query kept in the box', async () => {
    const page = await searchPage(deps, PUBLIC, { q: 'since:20x', page: 1 });
    expect(page.status).toBe(400);
    expectSafePage(page.html);
    expect(textOf(page.html)).toContain('`since:20x` is not a date');
    expect(tagsWith(page.html, (t) => t.attrs.get('id') === 'q')[0]!.attrs.get('value')).toBe('since:20x');
    const long = await searchPage(deps, PUBLIC, { q: 'transformer '.repeat(60), page: 1 });
    expect(long.status).toBe(400);
    expect(textOf(long.html)).toContain('keep it under 500');
  });

  test('hostile queries are shown as text, never as markup', async () => {
    for (const q of ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', '"><svg onload=alert(1)>', 'javascript:alert(1)', '\u202Egnp.exe', '<!channel> @everyone']) {
      const page = await searchPage(deps, PUBLIC, { q, page: 1 });
      expectSafePage(page.html);
      expect(tagsWith(page.html, (t) => t.attrs.get('id') === 'q')[0]!.attrs.get('value')).toBe(q);
      expect(textOf(page.html)).toContain(`“${q}”`);
    }
  });

  test('unicode queries and a page number out of range', async () => {
    const page = await searchPage(deps, PUBLIC, { q: 'Transformer 変換 🧪', page: 0 });
    expect(page.status).toBe(200);
    expect(textOf(page.html)).toMatch(/Results 1–\d+ of \d+ for “Transformer 変換 🧪”/);
  });
});
