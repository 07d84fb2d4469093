import { join } from 'node:path';
import { repoRoot } from '../corpora.js';
import { MarkovChain, type ChainData } from './markov-text.js';
import { DOMAINS, loadSourcePapers, trainingSet, type SourcePaper } from './training-text.js';

/**
 * What the realistic corpus is generated from: trigram chains for titles and abstracts,
 * trained on the shipped ML papers and (when present) a larger source of real abstracts.
 * Training takes a few seconds and a few hundred MB of garbage; `make-corpus` does it in a
 * thread of its own and hands the result (`CorpusModelData`, tables in shared memory) to
 * the generating threads.
 */
export interface SourceOptions {
  /** Real text in SciFact's `{title, text}` JSON Lines (read at bench time, never copied into the repository); null for the shipped corpus alone. */
  readonly sourcePath?: string | null;
  readonly warn?: (message: string) => void;
}

export interface CorpusModel {
  readonly titles: MarkovChain;
  readonly abstracts: MarkovChain;
  readonly sources: readonly SourcePaper[];
  /**
   * Sorted hashes of every run of 5+ tokens in a source title: a generated title that
   * merely copies (part of) one is drawn again, or a few hundred ML titles would come back
   * hundreds of times each.
   */
  readonly copiedTitles: Int32Array;
}

/** A title token as the copy check sees it: lowercase, no punctuation ("Deep LSTM?" copies "Deep LSTM" too). */
export function titleWord(token: string): string {
  return token.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A hash of a title's words (as `titleWord` gives them; empty ones are skipped). */
export function titleHash(words: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const word of words) {
    if (word === '') continue;
    for (let k = 0; k <= word.length; k += 1) hash = Math.imul(hash ^ (k < word.length ? word.charCodeAt(k) : 32), 0x01000193);
  }
  return hash | 0;
}

function copiedTitleHashes(titles: Iterable<{ readonly tokens: readonly string[] }>): Int32Array {
  const hashes: number[] = [];
  for (const title of titles) {
    const tokens = title.tokens.map(titleWord);
    for (let from = 0; from + 5 <= tokens.length; from += 1) for (let to = from + 5; to <= tokens.length; to += 1) hashes.push(titleHash(tokens.slice(from, to)));
  }
  return Int32Array.from(new Set(hashes)).sort();
}

export function isCopied(sorted: Int32Array, hash: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < hash) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo] === hash;
}

/** A trained model as worker threads receive it: chain tables shared, no source text. */
export interface CorpusModelData {
  readonly titles: ChainData;
  readonly abstracts: ChainData;
  readonly copiedTitles: Int32Array;
}

export function modelData(model: CorpusModel): CorpusModelData {
  return { titles: model.titles.data, abstracts: model.abstracts.data, copiedTitles: model.copiedTitles };
}

export function modelFromData(data: CorpusModelData): CorpusModel {
  return { titles: MarkovChain.fromData(data.titles), abstracts: MarkovChain.fromData(data.abstracts), sources: [], copiedTitles: data.copiedTitles };
}

/** Where the README keeps SciFact: next to the repository. */
export function defaultSourcePath(): string {
  return join(repoRoot(), '..', 'shared', 'eval', 'scifact', 'corpus.jsonl');
}

const warnOnStderr = (message: string): void => void process.stderr.write(`warning: ${message}\n`);

export function trainCorpusModel(options: SourceOptions = {}): CorpusModel {
  const sourcePath = options.sourcePath === undefined ? defaultSourcePath() : options.sourcePath;
  const sources = loadSourcePapers(sourcePath, options.warn ?? warnOnStderr);
  const set = trainingSet(sources);
  const copiedTitles = copiedTitleHashes(set.titles);
  return { titles: MarkovChain.train(set.titles, DOMAINS), abstracts: MarkovChain.train(set.abstracts, DOMAINS), sources, copiedTitles };
}
