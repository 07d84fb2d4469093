import { describe, expect, it } from 'vitest';
import { PaperCollection, trendingScore, type FeedAppearance, type Paper } from '../../../src/index.js';
import { errorOf, okValue } from '../../helpers/results.js';
import { shippedPaperboy } from '../../helpers/shipped-corpus.js';
import { smallPaperboy } from '../../helpers/small-corpus.js';

function paper(id: string, appearances: FeedAppearance[]): Paper {
  const collection = new PaperCollection();
  return collection.add({ id, title: `Paper ${id}`, appearances }).paper;
}

describe('trendingScore', () => {
  const today = '2026-11-26';

  it('ranks a better position higher on the same day', () => {
    const first = trendingScore(paper('a', [{ source: 'hf', date: today, rank: 1 }]), today);
    const tenth = trendingScore(paper('b', [{ source: 'hf', date: today, rank: 10 }]), today);
    expect(first.score).toBeGreaterThan(tenth.score);
    expect(first.reasons[0]).toBe('#1 on hf 2026-11-26');
  });

  it('puts newer feeds first: yesterday counts half', () => {
    const todays = trendingScore(paper('a', [{ source: 'hf', date: today, rank: 5 }]), today);
    const yesterdays = trendingScore(paper('b', [{ source: 'hf', date: '2026-11-25', rank: 5 }]), today);
    expect(yesterdays.score).toBeCloseTo(todays.score / 2, 10);
  });

  it('adds up repeated appearances and says so', () => {
    const twice = trendingScore(
      paper('a', [
        { source: 'hf', date: today, rank: 5 },
        { source: 'hf', date: '2026-11-25', rank: 5 },
      ]),
      today,
    );
    const once = trendingScore(paper('b', [{ source: 'hf', date: today, rank: 5 }]), today);
    expect(twice.score).toBeGreaterThan(once.score);
    expect(twice.reasons).toContain('trending on 2 days');
  });

  it('counts upvotes when known, and team saves and reactions', () => {
    const plain = trendingScore(paper('a', [{ source: 'hf', date: today, rank: 5 }]), today);
    const upvoted = trendingScore(paper('a', [{ source: 'hf', date: today, rank: 5, upvotes: 99 }]), today);
    const saved = trendingScore(paper('a', [{ source: 'hf', date: today, rank: 5 }]), today, { saves: 3, reactions: 1 });
    expect(upvoted.score).toBeCloseTo(plain.score + 1, 10);
    expect(upvoted.reasons).toContain('99 upvotes');
    expect(saved.score).toBeCloseTo(plain.score * (1 + 0.5 * 2 + 0.25), 10);
    expect(saved.reasons).toEqual(['#5 on hf 2026-11-26', 'saved by 3 teammates', '1 reaction']);
  });

  it('counts replies in the team’s discussion threads like reactions, and says so', () => {
    const plain = trendingScore(paper('a', [{ source: 'hf', date: today, rank: 5 }]), today);
    const discussed = trendingScore(paper('a', [{ source: 'hf', date: today, rank: 5 }]), today, { saves: 0, reactions: 0, discussions: 7 });
    expect(discussed.score).toBeCloseTo(plain.score * (1 + 0.25 * 3), 10);
    expect(discussed.reasons).toEqual(['#5 on hf 2026-11-26', 'discussed 7 times']);
  });

  it('counts no appearance dated after the day asked about, and papers never in a feed as zero', () => {
    expect(trendingScore(paper('a', [{ source: 'hf', date: '2026-12-01', rank: 1 }]), today).score).toBe(0);
    const both = trendingScore(
      paper('a', [
        { source: 'hf', date: '2026-11-25', rank: 9 },
        { source: 'hf', date: '2026-11-27', rank: 1, upvotes: 500 },
      ]),
      today,
    );
    expect(both.score).toBeCloseTo(0.5 * (10 / 18), 10);
    expect(both.reasons).toEqual(['#9 on hf 2026-11-25']);
    expect(both.latestDate).toBe('2026-11-25');
    const unseen = trendingScore(paper('b', []), today);
    expect(unseen.score).toBe(0);
    expect(unseen.reasons).toEqual(['in the corpus, not yet seen in a feed']);
  });
});

describe('trending', () => {
  it("returns the shipped page's own order for its day", async () => {
    const top = okValue(await shippedPaperboy().trending({ limit: 5, today: '2026-11-26' }));
    expect(top.map((e) => e.trend.reasons[0])).toEqual([1, 2, 3, 4, 5].map((r) => `#${r} on hf-trending 2026-11-26`));
    expect(top[0]!.paper.id).toBe('noprop-training-neural-networks-without');
  });

  it('leaves out papers already posted', async () => {
    const pb = shippedPaperboy();
    const first = okValue(await pb.trending({ limit: 3, today: '2026-11-26' }));
    const next = okValue(await pb.trending({ limit: 3, today: '2026-11-26', excludeIds: new Set(first.map((e) => e.paper.id)) }));
    expect(next.map((e) => e.trend.reasons[0])).toEqual(['#4 on hf-trending 2026-11-26', '#5 on hf-trending 2026-11-26', '#6 on hf-trending 2026-11-26']);
  });

  it('lets team signals lift a paper above the feed order', async () => {
    const pb = smallPaperboy();
    const plain = okValue(await pb.trending({ limit: 2, today: '2026-11-26' })).map((e) => e.paper.title);
    expect(plain[0]).toBe('Low-Rank Adaptation of Large Language Models');
    const adapters = [...pb.papers.all()].find((p) => p.title === 'Adapters Everywhere')!;
    const boosted = okValue(await pb.trending({ limit: 2, today: '2026-11-26', signals: new Map([[adapters.id, { saves: 7, reactions: 7 }]]) }));
    expect(boosted[0]!.paper.title).toBe('Adapters Everywhere');
    expect(boosted[0]!.trend.reasons).toContain('saved by 7 teammates');
  });

  it('refuses silly sizes and bad topics with a message', async () => {
    expect(errorOf(await shippedPaperboy().trending({ limit: 0 })).message).toMatch(/1 to 50/);
    expect(errorOf(await shippedPaperboy().trending({ limit: 500 })).message).toMatch(/1 to 50/);
    expect(errorOf(await shippedPaperboy().trending({ limit: 5, topic: '' })).code).toBe('empty_query');
  });

  it('reads only papers seen in a feed in the last 30 days: older listings have decayed to nothing', async () => {
    expect(okValue(await shippedPaperboy().trending({ limit: 5, today: '2026-12-26' })).length).toBe(5);
    expect(okValue(await shippedPaperboy().trending({ limit: 5, today: '2026-12-27' }))).toEqual([]);
  });

  it('knows nothing of listings after the day asked about', async () => {
    expect(okValue(await shippedPaperboy().trending({ limit: 5, today: '1900-01-01' }))).toEqual([]);
    expect(okValue(await shippedPaperboy().trending({ limit: 5, today: '2026-11-25' }))).toEqual([]);
    expect(okValue(await shippedPaperboy().trending({ limit: 5, today: '2026-11-26' }))).toHaveLength(5);
  });

  it('is deterministic', async () => {
    const run = async (): Promise<string[]> => okValue(await shippedPaperboy().trending({ limit: 50, today: '2026-12-03' })).map((e) => e.paper.id);
    expect(await run()).toEqual(await run());
  });
});
