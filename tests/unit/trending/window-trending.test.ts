import { describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/model/paper.js';
import { windowScore, windowTrending } from '../../../src/trending/window-trending.js';
import { okValue, errorOf } from '../../helpers/results.js';
import { smallPaperboy } from '../../helpers/small-corpus.js';

const paper = (id: string, appearances: Paper['appearances']): Paper => ({ id, title: id, abstract: '', authors: [], codeUrls: [], links: [], appearances });
const at = (date: string, rank?: number) => ({ source: 'hf-daily', date, ...(rank !== undefined ? { rank } : {}) });

describe('windowScore', () => {
  it('counts every day of the span alike, both ends included, nothing outside it', () => {
    const inside = windowScore(paper('a', [at('2026-12-01', 1), at('2026-12-07', 1)]), '2026-12-01', '2026-12-07');
    expect(inside.score).toBeCloseTo(2);
    expect(inside.reasons).toEqual(['#1 on hf-daily 2026-12-01', 'trending on 2 days']);
    expect(windowScore(paper('b', [at('2026-11-30', 1), at('2026-12-08', 1)]), '2026-12-01', '2026-12-07').score).toBe(0);
  });

  it('lets team signals count on their own and lift what the feeds listed, team reasons first', () => {
    const signals = { saves: 3, reactions: 0, discussions: 3 };
    const alone = windowScore(paper('c', []), '2026-12-01', '2026-12-07', signals);
    expect(alone.score).toBeCloseTo(0.5 * 2 + 0.25 * 2);
    expect(alone.reasons).toEqual(['saved by 3 teammates', 'discussed 3 times']);
    const listed = windowScore(paper('d', [at('2026-12-03', 1)]), '2026-12-01', '2026-12-07', signals);
    expect(listed.score).toBeCloseTo(1 * (1 + 1.5) + 1.5);
    expect(listed.reasons[0]).toBe('saved by 3 teammates');
  });
});

describe('windowTrending', () => {
  it('leaves out papers with nothing in the span and those excluded, best first', () => {
    const papers = [
      paper('one-day', [at('2026-12-07', 1)]),
      paper('two-days', [at('2026-12-02', 2), at('2026-12-03', 2)]),
      paper('outside', [at('2026-11-01', 1)]),
      paper('posted', [at('2026-12-05', 1)]),
    ];
    const ranked = windowTrending(papers, 10, { from: '2026-12-01', to: '2026-12-07', excludeIds: new Set(['posted']) });
    expect(ranked.map((e) => e.paper.id)).toEqual(['two-days', 'one-day']);
    expect(windowTrending(papers, 0, { from: '2026-12-01', to: '2026-12-07' })).toEqual([]);
  });

  it('is asked for through trending with a window of 1 to 30 days', async () => {
    const boy = smallPaperboy();
    // Six days old, #4 with 12 upvotes still beats yesterday's #2 over a week; daily trending has it last.
    expect(okValue(await boy.trending({ limit: 5, today: '2026-11-26', windowDays: 7 })).map((e) => e.paper.title)).toEqual([
      'Low-Rank Adaptation of Large Language Models',
      'Sparse Mixture of Experts Routing',
      'Adapters Everywhere',
      'Survey of Expert Routing',
    ]);
    expect(okValue(await boy.trending({ limit: 5, today: '2026-11-26' })).at(-1)?.paper.title).toBe('Sparse Mixture of Experts Routing');
    for (const windowDays of [0, 31, 1.5, Number.NaN]) {
      expect(errorOf(await boy.trending({ limit: 5, windowDays })).message).toMatch(/A trending window is 1 to 30 days/);
    }
  });
});
