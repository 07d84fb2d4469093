import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createPaperboy, parseDailyPage, PaperCollection, type Paperboy } from '../../src/index.js';

export const SHIPPED_PAGE = fileURLToPath(new URL('../../corpus/hf-trending-2026-11-26.txt', import.meta.url));

export function shippedPageBytes(): Buffer {
  return readFileSync(SHIPPED_PAGE);
}

export function shippedCollection(): PaperCollection {
  const collection = new PaperCollection();
  collection.addAll(parseDailyPage(shippedPageBytes(), { feedDate: '2026-11-26' }).papers);
  return collection;
}

let cached: Paperboy | undefined;

/** The core over the shipped corpus, built once per test file (it is read-only). */
export function shippedPaperboy(): Paperboy {
  cached ??= createPaperboy({ papers: shippedCollection() });
  return cached;
}
