import type { PaperDraft } from '../src/index.js';

/**
 * Deterministic synthetic corpora "like the shipped one, only bigger": title and abstract
 * lengths are drawn from the shipped papers' lengths, and words from the shipped unigram
 * distribution (titles from title words, abstracts from abstract words), so document
 * frequencies, vocabulary growth and abstract sizes behave like real trending papers.
 * Nothing is written to disk: the bench keeps corpora in memory.
 */

/** Small, fast, seedable PRNG (mulberry32): the same seed gives the same corpus everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The shipped corpus as samplable material. Word lists hold every occurrence, so a uniform
 * pick is a unigram draw. An acronym definition ("low-rank adaptation (LoRA)") stays one
 * entry with the words before it: scattered at random, "(LoRA)" would follow random words,
 * paperboy's acronym miner would learn nonsense expansions from them, and every query for
 * such an acronym would carry a long AND of common words that no real corpus produces.
 */
export interface Vocabulary {
  readonly titleLengths: readonly number[];
  readonly abstractLengths: readonly number[];
  readonly titleWords: readonly string[];
  readonly abstractWords: readonly string[];
}

const DEFINITION = /^\([A-Za-z][A-Za-z0-9-]{1,11}\)[.,;:]?$/;
const MAX_GLUED_WORDS = 12;
/** A token that ends a clause: a long form does not reach back across it. */
const BOUNDARY = /[.,;:!?)]$|^\(/;

/** Whitespace tokens, with each acronym definition glued to the words that spell it out. */
function tokens(text: string): string[] {
  const out: string[] = [];
  for (const token of text.split(/\s+/).filter(Boolean)) {
    if (!DEFINITION.test(token) || (token.match(/[A-Z]/g) ?? []).length < 2) {
      out.push(token);
      continue;
    }
    const phrase = [token];
    // Back to the start of the clause (at most 12 words): the miner looks back up to twice
    // the acronym's length, and should find the real long form there, not random neighbours.
    while (phrase.length <= MAX_GLUED_WORDS && out.length > 0 && !BOUNDARY.test(out.at(-1)!)) phrase.unshift(out.pop()!);
    out.push(phrase.join(' '));
  }
  return out;
}

/** Words in an entry: 1, or more for a glued definition. */
const wordsIn = (entry: string): number => (entry.includes(' ') ? entry.split(' ').length : 1);

export function vocabularyOf(papers: ReadonlyArray<{ readonly title: string; readonly abstract?: string | undefined }>): Vocabulary {
  const titleLengths: number[] = [];
  const abstractLengths: number[] = [];
  const titleWords: string[] = [];
  const abstractWords: string[] = [];
  for (const paper of papers) {
    const t = tokens(paper.title);
    const a = tokens(paper.abstract ?? '');
    titleLengths.push(t.reduce((n, e) => n + wordsIn(e), 0));
    abstractLengths.push(a.reduce((n, e) => n + wordsIn(e), 0));
    titleWords.push(...t);
    abstractWords.push(...a);
  }
  if (titleWords.length === 0 || abstractWords.length === 0) throw new Error('the vocabulary source has no words');
  return { titleLengths, abstractLengths, titleWords, abstractWords };
}

export interface SyntheticOptions {
  readonly seed?: number;
  /** The newest feed day; older papers go back one day per `perDay` papers. */
  readonly feedDate?: string;
  /** Papers per daily feed page (the shipped page has 231). */
  readonly perDay?: number;
}

export const DEFAULT_SEED = 20261126;
export const DEFAULT_FEED_DATE = '2026-11-26';
const SOURCE = 'hf-trending';
/** Share of papers that stay on the feed for a second day, so trending has repeat sightings to score. */
const REPEAT_SHARE = 0.25;

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function pick<T>(list: readonly T[], rng: () => number): T {
  return list[Math.floor(rng() * list.length)]!;
}

/** About `length` words (a glued definition may overshoot by a few). */
function sentence(words: readonly string[], length: number, rng: () => number): string {
  const out: string[] = [];
  for (let n = 0; n < Math.max(1, length); ) {
    const entry = pick(words, rng);
    out.push(entry);
    n += wordsIn(entry);
  }
  return out.join(' ');
}

/**
 * `count` papers, newest feed day first. Each gets an arXiv id (as real trending papers do),
 * a feed appearance with a rank, and sometimes a second day on the feed.
 * Titles are random word sequences, so two papers share a title with probability ~0;
 * callers count the collection size anyway, because the collection would merge them.
 */
export function syntheticPapers(count: number, vocabulary: Vocabulary, options: SyntheticOptions = {}): PaperDraft[] {
  const rng = mulberry32(options.seed ?? DEFAULT_SEED);
  const newest = options.feedDate ?? DEFAULT_FEED_DATE;
  const perDay = options.perDay ?? 231;
  const perMonth = new Map<string, number>();
  const papers: PaperDraft[] = [];
  for (let i = 0; i < count; i += 1) {
    const day = Math.floor(i / perDay);
    const date = addDays(newest, -day);
    const yymm = date.slice(2, 4) + date.slice(5, 7);
    const seq = (perMonth.get(yymm) ?? 0) + 1;
    perMonth.set(yymm, seq);

    let abstract = sentence(vocabulary.abstractWords, pick(vocabulary.abstractLengths, rng), rng);
    if (!abstract.endsWith('.')) abstract += '.';
    const appearances = [{ source: SOURCE, date, rank: (i % perDay) + 1 }];
    // A paper from an earlier day may still be trending the day after.
    if (day > 0 && rng() < REPEAT_SHARE) {
      appearances.push({ source: SOURCE, date: addDays(date, 1), rank: 1 + Math.floor(rng() * perDay) });
    }
    papers.push({
      title: sentence(vocabulary.titleWords, pick(vocabulary.titleLengths, rng), rng),
      abstract,
      arxivId: `${yymm}.${String(seq).padStart(5, '0')}`,
      appearances,
      addedAt: date,
    });
  }
  return papers;
}
