import { describe, expect, test } from 'vitest';
import { createPaperboy, PaperCollection, trendingPage } from '../../../src/index.js';
import { trendSeries } from '../../../src/web/web-pages.js';
import { commandHarness, textOf as messageText } from '../../helpers/command-harness.js';
import { shippedCollection, shippedPaperboy } from '../../helpers/shipped-corpus.js';
import { depsOver, expectSafePage, hasClass, paperLinksOf, PUBLIC, record, tagsWith, textOf, textsOfClass } from './page-reading.js';

describe('the trending page (/)', () => {
  test('lists the top 20 papers of the latest feed day, each linking to its page with its reasons and summary', async () => {
    const page = await trendingPage(depsOver(shippedPaperboy()), PUBLIC, {});
    expect(page.status).toBe(200);
    expectSafePage(page.html);
    const links = paperLinksOf(page.html);
    expect(links).toHaveLength(20);
    expect(links[0]).toEqual({ href: '/p/noprop-training-neural-networks-without', title: 'NoProp: Training Neural Networks without Back-propagation or Forward-propagation' });
    expect(textsOfClass(page.html, 'why')[0]).toBe('#1 on hf-trending 2026-11-26');
    expect(textsOfClass(page.html, 'summary')[0]).toMatch(/^The canonical deep learning approach/);
    const text = textOf(page.html);
    expect(text).toContain('Trending today');
    expect(text).toContain('Thursday 26 November 2026');
  });

  test('ranks and explains exactly as /papers trending does for a team with no saves (chat shows at most 10)', async () => {
    const chat = commandHarness();
    try {
      const reply = await chat.commands.runText('trending 10', chat.ctx());
      const cards = reply.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));
      const page = await trendingPage(depsOver(shippedPaperboy()), PUBLIC, {});
      expect(cards).toHaveLength(10);
      expect(
        paperLinksOf(page.html)
          .map((l) => l.title)
          .slice(0, 10),
      ).toEqual(cards.map((c) => c.title));
      expect(textsOfClass(page.html, 'why').slice(0, 10)).toEqual(cards.map((c) => c.why));
      expect(textsOfClass(page.html, 'summary').slice(0, 10)).toEqual(cards.map((c) => c.summary));
      expect(messageText(reply)).toContain(cards[0]!.title);
    } finally {
      await chat.close();
    }
  });

  test('draws each paper’s trending score over 14 days as an inline SVG chart with a spoken summary, and stays under 60 KB', async () => {
    const page = await trendingPage(depsOver(shippedPaperboy()), PUBLIC, {});
    const charts = tagsWith(page.html, (t) => t.name === 'svg');
    expect(charts).toHaveLength(20);
    for (const chart of charts) {
      expect(chart.attrs.get('class')).toBe('trend');
      expect(chart.attrs.get('role')).toBe('img');
      expect(chart.attrs.get('aria-label')).toMatch(/^Trending score over 14 days, 13 November to 26 November: /);
    }
    expect(charts[0]!.attrs.get('aria-label')).toContain('peak 1.00 on 26 November');
    // One scale for the list: the top paper's last day is drawn at full height, the 20th's lower.
    const lastDots = tagsWith(page.html, hasClass('trend-dot')).map((t) => Number(t.attrs.get('cy')));
    expect(lastDots).toHaveLength(20);
    expect(lastDots[0]).toBe(3);
    expect(lastDots[19]!).toBeGreaterThan(lastDots[0]! + 5);
    expect(Buffer.byteLength(page.html)).toBeLessThan(60_000);
  });

  test('a topic narrows the list and says so; a topic the language cannot take is a 400 page, not a stack trace', async () => {
    const page = await trendingPage(depsOver(shippedPaperboy()), PUBLIC, { topic: 'diffusion' });
    expect(page.status).toBe(200);
    expect(textOf(page.html)).toContain('Trending on “diffusion”');
    const links = paperLinksOf(page.html);
    expect(links.length).toBeGreaterThan(0);
    expect(links.length).toBeLessThan(20);
    const bad = await trendingPage(depsOver(shippedPaperboy()), PUBLIC, { topic: 'the' });
    expect(bad.status).toBe(400);
    expectSafePage(bad.html);
    expect(textOf(bad.html)).toContain('"the" is a word too common to search for');
    expect(bad.html).not.toMatch(/at .*\.ts:\d+/);
  });

  test('an empty corpus says nothing is trending yet', async () => {
    const page = await trendingPage(depsOver(createPaperboy({ papers: new PaperCollection() })), PUBLIC, {});
    expect(page.status).toBe(200);
    expectSafePage(page.html);
    expect(textOf(page.html)).toContain('Nothing is trending yet');
    expect(tagsWith(page.html, hasClass('papers'))).toHaveLength(0);
  });

  test('while the index is being built, the page says so with a 503', async () => {
    const building = createPaperboy({ papers: shippedCollection(), status: () => ({ state: 'indexing', done: 10, total: 231, reason: 'first build' }) });
    const page = await trendingPage(depsOver(building), PUBLIC, {});
    expect(page.status).toBe(503);
    expect(page.html).toContain('data-problem="indexing"');
    expect(textOf(page.html)).toContain('Indexing 10 of 231 papers');
  });
});

describe('trendSeries', () => {
  const paper = record('p', {
    appearances: [
      { source: 'hf-trending', date: '2026-11-20', rank: 1 },
      { source: 'hf-trending', date: '2026-11-24', rank: 3 },
      { source: 'hf-trending', date: '2026-11-30', rank: 1 },
    ],
  });

  test('scores each of the 14 days ending on the last day, oldest first, counting only what was listed by then', () => {
    const series = trendSeries(paper, '2026-11-26');
    expect(series).toHaveLength(14);
    expect(series[0]!.date).toBe('2026-11-13');
    expect(series[13]!.date).toBe('2026-11-26');
    expect(series.slice(0, 7).every((p) => p.score === 0)).toBe(true);
    const day = (date: string) => series.find((p) => p.date === date)!.score;
    expect(day('2026-11-20')).toBeCloseTo(1, 5);
    expect(day('2026-11-21')).toBeCloseTo(0.5, 5);
    // The #3 listing on the 24th lifts the score above the decayed #1.
    expect(day('2026-11-24')).toBeGreaterThan(day('2026-11-23'));
    // The listing of the 30th, after the last day, plays no part.
    expect(day('2026-11-26')).toBeLessThan(day('2026-11-24'));
  });

  test('a month boundary and a leap day are ordinary days; a broken date gives no series', () => {
    expect(trendSeries(paper, '2028-03-01', 3).map((p) => p.date)).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(trendSeries(paper, 'not a date')).toEqual([]);
  });
});
