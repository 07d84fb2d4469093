import { eng as englishStopWords } from 'stopword';
import { QUERY_STOP_WORDS } from '../src/index.js';
import { mulberry32 } from './synthetic-corpus.js';

/**
 * The bench's query workload: 1, 2 and 3 word queries in equal shares, words taken from
 * the shipped corpus. Half the words are drawn by frequency (what people type most:
 * "diffusion", "agents") and half uniformly from the distinct words (mostly the rare
 * tail: "mnist", "propagation"). Both engines get the very same list.
 *
 * Stop words (and the words paperboy drops from queries: "papers", "methods") are
 * skipped: FTS5 would search them while paperboy drops them, and a query of only stop
 * words is an error in paperboy, so they would measure different things.
 */
const STOP_WORDS: ReadonlySet<string> = new Set([...englishStopWords, ...QUERY_STOP_WORDS]);
const MIN_WORD_LENGTH = 3;

export interface QueryVocabulary {
  /** Every occurrence, so a uniform pick is a frequency-weighted draw. */
  readonly occurrences: readonly string[];
  readonly distinct: readonly string[];
}

/** Plain lowercase letter words (no digits, no hyphens): what both engines tokenize alike. */
export function queryVocabularyOf(papers: ReadonlyArray<{ readonly title: string; readonly abstract?: string | undefined }>): QueryVocabulary {
  const occurrences: string[] = [];
  for (const paper of papers) {
    for (const match of `${paper.title} ${paper.abstract ?? ''}`.matchAll(/\p{L}+/gu)) {
      const word = match[0].toLowerCase();
      if (word.length >= MIN_WORD_LENGTH && /^[a-z]+$/.test(word) && !STOP_WORDS.has(word)) occurrences.push(word);
    }
  }
  // Sorted so the list (and so the sample) does not depend on corpus order quirks.
  const distinct = [...new Set(occurrences)].sort();
  if (distinct.length === 0) throw new Error('no query words in the corpus');
  return { occurrences, distinct };
}

/** `count` queries, deterministic for a given seed. */
export function makeQueries(vocabulary: QueryVocabulary, count: number, seed = 7): string[] {
  const rng = mulberry32(seed);
  const pick = (list: readonly string[]): string => list[Math.floor(rng() * list.length)]!;
  const queries: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const words = new Set<string>();
    const length = 1 + (i % 3);
    while (words.size < length) words.add(rng() < 0.5 ? pick(vocabulary.occurrences) : pick(vocabulary.distinct));
    queries.push([...words].join(' '));
  }
  return queries;
}

/** Query length (in words) of a query from `makeQueries`. */
export function wordCount(query: string): number {
  return query.split(' ').length;
}
