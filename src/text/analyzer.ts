import { stemmer } from 'stemmer';
import { eng as englishStopWords } from 'stopword';
import { foldText } from './clean-text.js';

/**
 * How text becomes index terms, shared by indexing, querying, snippets and phrase checks
 * so they can never disagree: fold case and accents, drop English stop words, Porter-stem
 * plain Latin words (numbers and other scripts are kept whole).
 *
 * Hyphenated compounds are common in papers and typed both ways ("back-propagation",
 * "backpropagation", "back propagation"): see `analyze` and the query planner.
 */
const STOP_WORDS: ReadonlySet<string> = new Set(englishStopWords);

/** A run of letters (with their combining marks) and digits, optionally joined by hyphens into a compound. */
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[-\u2010\u2011][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu;
const HYPHEN = /[-\u2010\u2011]/;
const POSSESSIVE = /['\u2019]s\b/g;

export interface WordSpan {
  /** The word as written (a compound keeps its hyphens). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Words with their offsets in `text`; compounds are one span. */
export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  for (const match of text.matchAll(WORD)) {
    spans.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(foldText(word));
}

/** Stemming dominates indexing time and vocabularies are small: remember recent words. */
const termCache = new Map<string, string | null>();
const TERM_CACHE_SIZE = 200_000;

/** One word (no hyphens) to its index term, or undefined for a stop word. */
export function termOf(word: string): string | undefined {
  const cached = termCache.get(word);
  if (cached !== undefined) return cached ?? undefined;
  const folded = /^[\x00-\x7f]*$/.test(word) ? word.toLowerCase() : foldText(word);
  const term = folded === '' || STOP_WORDS.has(folded) ? null : /^[a-z]+$/.test(folded) ? stemmer(folded) : folded;
  if (termCache.size >= TERM_CACHE_SIZE) termCache.clear();
  termCache.set(word, term);
  return term ?? undefined;
}

/** The parts of a compound and the joined form, as index terms. */
export function compoundTerms(word: string): { parts: string[]; joined: string | undefined } {
  const pieces = word.split(HYPHEN).filter(Boolean);
  const parts = pieces.map(termOf).filter((t): t is string => t !== undefined);
  const joined = pieces.length > 1 ? termOf(pieces.join('')) : undefined;
  return { parts, joined };
}

/**
 * All index terms of a text, in order; a compound contributes its parts. The joined form
 * is not indexed (on SciFact that cost 0.005 nDCG@10): `onCompound` reports it instead, so
 * the index can remember which joined words mean which parts and match them at query time.
 */
export function analyze(text: string, onCompound?: (joined: string, parts: readonly string[]) => void): string[] {
  const terms: string[] = [];
  for (const match of text.replace(POSSESSIVE, '').matchAll(WORD)) {
    const word = match[0];
    if (!HYPHEN.test(word)) {
      const term = termOf(word);
      if (term !== undefined) terms.push(term);
      continue;
    }
    const { parts, joined } = compoundTerms(word);
    terms.push(...parts);
    if (onCompound && joined !== undefined && parts.length > 1) onCompound(joined, parts);
  }
  return terms;
}

/** Lowercased, accent-free words without stemming or stop-word removal: for exact phrases. */
export function plainWords(text: string): string[] {
  const words: string[] = [];
  for (const match of foldText(text).matchAll(WORD)) words.push(...match[0].split(HYPHEN).filter(Boolean));
  return words;
}
