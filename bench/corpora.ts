import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDailyPage, type PaperDraft } from '../src/index.js';
import { syntheticPapers, vocabularyOf } from './synthetic-corpus.js';

/** Where the bench finds the shipped corpus and the built CLI, from `bench/` or `dist/bench/`. */
export const SHIPPED_FILE_NAME = 'hf-trending-2026-11-26.txt';
export const SHIPPED_FEED_DATE = '2026-11-26';

export function repoRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'corpus', SHIPPED_FILE_NAME)) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the paperboy repository above ${from}`);
  }
}

export function shippedCorpusPath(): string {
  return join(repoRoot(), 'corpus', SHIPPED_FILE_NAME);
}

export function shippedDrafts(): PaperDraft[] {
  const result = parseDailyPage(readFileSync(shippedCorpusPath()), { feedDate: SHIPPED_FEED_DATE });
  return result.papers;
}

/** The size the shipped corpus stands for on the command line and in reports. */
export const SHIPPED_SIZE = 231;

/**
 * Drafts for one bench size: the shipped corpus itself for its own size, otherwise a
 * synthetic corpus of that many papers built from the shipped vocabulary.
 */
export function draftsFor(size: number, shipped: PaperDraft[] = shippedDrafts()): { drafts: PaperDraft[]; synthetic: boolean } {
  if (size === SHIPPED_SIZE) return { drafts: shipped, synthetic: false };
  return { drafts: syntheticPapers(size, vocabularyOf(shipped)), synthetic: true };
}
