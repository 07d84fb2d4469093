/**
 * The k best of many scored items, best first: score descending, then id ascending, so the
 * same query always gives the same order. A bounded heap keeps this O(n log k) instead of
 * sorting every match when a page needs ten of thousands.
 */
export interface Scored {
  readonly id: string;
  readonly score: number;
}

/** Negative when `a` ranks before `b`. */
export function byScoreThenId(a: Scored, b: Scored): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function topK<T extends Scored>(items: readonly T[], k: number): T[] {
  if (k <= 0) return [];
  if (items.length <= k * 4) return [...items].sort(byScoreThenId).slice(0, k);
  // Min-heap of the best k so far: the root is the worst of them.
  const heap: T[] = [];
  const worse = (i: number, j: number): boolean => byScoreThenId(heap[i]!, heap[j]!) > 0;
  const swap = (i: number, j: number): void => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const siftDown = (start: number): void => {
    for (let i = start; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && worse(l, top)) top = l;
      if (r < heap.length && worse(r, top)) top = r;
      if (top === i) return;
      swap(i, top);
      i = top;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (byScoreThenId(item, heap[0]!) < 0) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort(byScoreThenId);
}
