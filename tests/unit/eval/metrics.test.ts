import { describe, expect, it } from 'vitest';
import { mrrAt, ndcgAt, recallAt } from '../../../src/eval/metrics.js';
import { toTrecRun } from '../../../src/index.js';

const judged = new Map([
  ['d1', 1],
  ['d2', 1],
  ['d9', 0],
]);

describe('IR metrics', () => {
  it('scores a perfect ranking 1', () => {
    expect(ndcgAt(['d1', 'd2', 'x'], judged, 10)).toBeCloseTo(1, 12);
    expect(recallAt(['d2', 'd1'], judged, 100)).toBe(1);
    expect(mrrAt(['d1'], judged, 10)).toBe(1);
  });

  it('matches hand-computed values', () => {
    // Relevant at ranks 2 and 4: DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3).
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    const idcg = 1 + 1 / Math.log2(3);
    expect(ndcgAt(['x', 'd1', 'd9', 'd2'], judged, 10)).toBeCloseTo(dcg / idcg, 12);
    expect(mrrAt(['x', 'd1'], judged, 10)).toBe(0.5);
    expect(recallAt(['x', 'd1'], judged, 100)).toBe(0.5);
  });

  it('ignores what falls below the cut-off, and grade-0 judgments', () => {
    const deep = [...Array.from({ length: 10 }, (_, i) => `x${i}`), 'd1'];
    expect(ndcgAt(deep, judged, 10)).toBe(0);
    expect(mrrAt(deep, judged, 10)).toBe(0);
    expect(recallAt(['d9'], judged, 100)).toBe(0);
  });

  it('writes TREC run lines', () => {
    expect(
      toTrecRun([
        {
          queryId: 'q1',
          ranking: [
            { id: 'd1', score: 2.5 },
            { id: 'd2', score: 1 },
          ],
        },
      ]),
    ).toBe('q1 Q0 d1 1 2.500000 paperboy\nq1 Q0 d2 2 1.000000 paperboy\n');
  });
});
