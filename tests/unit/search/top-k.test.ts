import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byScoreThenId, topK } from '../../../src/search/top-k.js';

describe('topK', () => {
  it('gives exactly what sorting everything and taking k would', () => {
    const item = fc.record({ id: fc.string({ maxLength: 4 }), score: fc.integer({ min: 0, max: 20 }).map((n) => n / 4) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 300 }), fc.integer({ min: 0, max: 40 }), (items, k) => {
        expect(topK(items, k)).toEqual([...items].sort(byScoreThenId).slice(0, k));
      }),
    );
  });

  it('breaks score ties by id, so pages are stable', () => {
    const items = ['c', 'a', 'b', 'd'].map((id) => ({ id, score: 1 }));
    expect(topK(items, 2).map((i) => i.id)).toEqual(['a', 'b']);
  });
});
