import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, retryDelayMs } from '../../src/scheduling/backoff.js';
import { mapLimited } from '../../src/scheduling/concurrency.js';
import { deferred, HOUR, MINUTE } from '../helpers/scheduling-harness.js';

describe('retryDelayMs', () => {
  it('doubles from a minute and stops at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50, 5000].map((n) => retryDelayMs(n) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
    expect(BACKOFF_CAP_MS).toBe(HOUR);
  });

  it("honours a platform's Retry-After when it is longer, and only then", () => {
    expect(retryDelayMs(1, 5 * MINUTE)).toBe(5 * MINUTE);
    expect(retryDelayMs(4, 5 * MINUTE)).toBe(8 * MINUTE);
    expect(retryDelayMs(1, 3 * HOUR)).toBe(3 * HOUR);
    expect(retryDelayMs(1, 1000)).toBe(MINUTE);
  });

  it('is sane for odd inputs', () => {
    expect(retryDelayMs(0)).toBe(MINUTE);
    expect(retryDelayMs(Number.NaN)).toBe(MINUTE);
    expect(retryDelayMs(2, Number.NaN)).toBe(2 * MINUTE);
    expect(retryDelayMs(2, -5)).toBe(2 * MINUTE);
  });

  it('never shrinks as attempts go up, and stays within [1 min, max(1 h, Retry-After)]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.option(fc.integer({ min: 0, max: 10 * HOUR }), { nil: undefined }), (n, retryAfter) => {
        const delay = retryDelayMs(n, retryAfter);
        expect(delay).toBeGreaterThanOrEqual(Math.max(MINUTE, retryAfter ?? 0));
        expect(delay).toBeLessThanOrEqual(Math.max(HOUR, retryAfter ?? 0));
        expect(retryDelayMs(n + 1, retryAfter)).toBeGreaterThanOrEqual(delay);
      }),
    );
  });
});

describe('mapLimited', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 10 }, () => deferred());
    const done = mapLimited([...gates.keys()], 3, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await gates[i]!.promise;
      running--;
      return i * 2;
    });
    for (const gate of [...gates].reverse()) gate.resolve();
    expect(await done).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(peak).toBe(3);
  });

  it('handles an empty list and a nonsense limit', async () => {
    expect(await mapLimited([], 4, async () => 1)).toEqual([]);
    expect(await mapLimited([1, 2], 0, async (x) => x + 1)).toEqual([2, 3]);
  });
});
