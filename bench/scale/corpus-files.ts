import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PaperCollection, toPaperJsonLines } from '../../src/index.js';
import { repoRoot, shippedDrafts, SHIPPED_SIZE } from '../corpora.js';
import { makeQueries, queryVocabularyOf } from '../queries.js';
import { mulberry32 } from '../synthetic-corpus.js';
import { runNodeScript } from './node-script.js';

/**
 * The scale bench's corpora as JSON Lines files, made once and kept in a cache folder
 * (never in the repository): the shipped corpus for its own size, otherwise a realistic
 * generated corpus (bench/make-corpus.ts: text with real word statistics, a growing
 * vocabulary of model names). The same seed gives the same file on every machine.
 */
const SEED = 20261126;

export async function corpusFileFor(papers: number, cacheDir: string, log: (line: string) => void): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  if (papers === SHIPPED_SIZE) {
    const file = join(cacheDir, 'shipped.jsonl');
    const collection = new PaperCollection();
    collection.addAll(shippedDrafts());
    writeFileSync(file, toPaperJsonLines(collection.all()));
    return file;
  }
  const file = join(cacheDir, `papers-${papers}-seed${SEED}.jsonl`);
  if (existsSync(file)) return file;
  log(`[corpus] generating ${papers} realistic papers into ${file} (kept for the next run)…`);
  const partial = `${file}.partial`;
  await runNodeScript(join(repoRoot(), 'dist', 'bench', 'realistic', 'make-corpus.js'), ['--papers', String(papers), '--out', partial, '--seed', String(SEED)]);
  renameSync(partial, file);
  return file;
}

/** The first few megabytes of a corpus file, as papers: enough for word statistics. */
function sample(file: string, bytes = 16 * 2 ** 20): Array<{ title: string; abstract?: string }> {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(bytes);
  const read = readSync(fd, buffer, 0, bytes, 0);
  closeSync(fd);
  const text = buffer.subarray(0, read).toString('utf8');
  return text
    .slice(0, text.lastIndexOf('\n'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { title: string; abstract?: string });
}

/**
 * Queries drawn from the corpus's own words: 1-3 words, half by frequency (what people
 * type most), half from the distinct words (mostly the rare tail). `common` draws only from
 * the most frequent words: the slowest searches, for the burst that must not delay acks.
 */
export function queriesFor(file: string, count: number, options: { common?: boolean } = {}): string[] {
  const vocabulary = queryVocabularyOf(sample(file));
  if (!options.common) return makeQueries(vocabulary, count, 7);
  const frequency = new Map<string, number>();
  for (const word of vocabulary.occurrences) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const top = [...frequency]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 40)
    .map(([word]) => word);
  const rng = mulberry32(11);
  return Array.from({ length: count }, (_, i) => Array.from({ length: 1 + (i % 3) }, () => top[Math.floor(rng() * top.length)]!).join(' '));
}
