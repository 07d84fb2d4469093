import { WordCounter } from './word-counter.js';

/**
 * Word statistics that say whether a corpus looks like real text: abstract lengths,
 * vocabulary growth (Heaps' law: distinct words at 1k, 10k, 100k... papers), the share of
 * words seen once, and the most frequent words (Zipf's head). Words are what paperboy's
 * analyzer calls words, lowercased, before stop words and stemming.
 */

export interface Checkpoint {
  readonly papers: number;
  /** Word occurrences so far. */
  readonly words: number;
  readonly distinct: number;
}

export interface TextStats {
  readonly papers: number;
  /** Lengths of the non-empty abstracts, in whitespace-separated words. */
  readonly meanAbstractWords: number;
  readonly medianAbstractWords: number;
  /** Share of abstracts with 150-250 words. */
  readonly shareAbstracts150to250: number;
  readonly checkpoints: readonly Checkpoint[];
  /** Share of distinct words that occur exactly once. */
  readonly onceShare: number;
  readonly top: ReadonlyArray<readonly [string, number]>;
}

/** One slice of a corpus counted on its own (in a worker), to be merged in order. */
export interface ChunkCounts {
  readonly papers: number;
  /** Whitespace-separated words of each non-empty abstract. */
  readonly lengths: number[];
  readonly words: number;
  readonly counts: Map<string, number>;
}

function spaces(text: string): number {
  let n = 0;
  for (let at = text.indexOf(' '); at >= 0; at = text.indexOf(' ', at + 1)) n += 1;
  return n;
}

export function countChunk(papers: Iterable<{ readonly title: string; readonly abstract?: string | undefined }>): ChunkCounts {
  const counter = new WordCounter();
  const lengths: number[] = [];
  let n = 0;
  for (const paper of papers) {
    n += 1;
    const abstract = paper.abstract ?? '';
    if (abstract !== '') lengths.push(spaces(abstract) + 1);
    counter.addText(paper.title);
    counter.addText(abstract);
  }
  return { papers: n, lengths, words: counter.total, counts: counter.toMap() };
}

export class TextStatsCollector {
  readonly #counts = new Map<string, number>();
  readonly #checkpoints: number[];
  readonly #reached: Checkpoint[] = [];
  /** Abstract length → papers, so a million lengths cost a few kilobytes. */
  readonly #lengths = new Map<number, number>();
  #papers = 0;
  #words = 0;

  /** `checkpoints`: paper counts at which to record the vocabulary size; the end is always recorded. */
  constructor(checkpoints: readonly number[] = [1_000, 10_000, 100_000, 1_000_000]) {
    this.#checkpoints = [...checkpoints].sort((a, b) => a - b);
  }

  add(paper: { readonly title: string; readonly abstract?: string | undefined }): void {
    this.merge(countChunk([paper]));
  }

  /** Chunks must arrive in corpus order, and end on the checkpoints to hit them exactly. */
  merge(chunk: ChunkCounts): void {
    for (const [word, n] of chunk.counts) this.#counts.set(word, (this.#counts.get(word) ?? 0) + n);
    for (const length of chunk.lengths) this.#lengths.set(length, (this.#lengths.get(length) ?? 0) + 1);
    this.#papers += chunk.papers;
    this.#words += chunk.words;
    while (this.#checkpoints.length > 0 && this.#checkpoints[0]! <= this.#papers) {
      this.#checkpoints.shift();
      this.#reached.push({ papers: this.#papers, words: this.#words, distinct: this.#counts.size });
    }
  }

  get distinct(): number {
    return this.#counts.size;
  }

  result(): TextStats {
    const checkpoints = [...this.#reached];
    if (checkpoints.at(-1)?.papers !== this.#papers) checkpoints.push({ papers: this.#papers, words: this.#words, distinct: this.#counts.size });
    const lengths = [...this.#lengths].sort((a, b) => a[0] - b[0]);
    let abstracts = 0;
    let total = 0;
    let inRange = 0;
    for (const [length, n] of lengths) {
      abstracts += n;
      total += length * n;
      if (length >= 150 && length <= 250) inRange += n;
    }
    let median = 0;
    for (let seen = 0, k = 0; k < lengths.length && seen < abstracts / 2; k += 1) {
      seen += lengths[k]![1];
      median = lengths[k]![0];
    }
    let once = 0;
    for (const n of this.#counts.values()) if (n === 1) once += 1;
    const top = [...this.#counts].sort((a, b) => b[1] - a[1]).slice(0, 10);
    return {
      papers: this.#papers,
      meanAbstractWords: total / Math.max(1, abstracts),
      medianAbstractWords: median,
      shareAbstracts150to250: inRange / Math.max(1, abstracts),
      checkpoints,
      onceShare: once / Math.max(1, this.#counts.size),
      top,
    };
  }
}

/** Heaps' beta between two checkpoints: how fast the vocabulary grows with the text. */
export function heapsBeta(a: Checkpoint, b: Checkpoint): number {
  return Math.log(b.distinct / a.distinct) / Math.log(b.words / a.words);
}

const k = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${Math.round(n / 100) / 10}k` : String(n));

/** A few lines per corpus, for the console. */
export function formatStats(label: string, stats: TextStats): string {
  const growth = stats.checkpoints.map((c, i) => {
    const beta = i > 0 ? ` (beta ${heapsBeta(stats.checkpoints[i - 1]!, c).toFixed(2)})` : '';
    return `${k(c.papers)} papers: ${c.distinct.toLocaleString('en-US')}${beta}`;
  });
  return [
    `${label}: ${stats.papers.toLocaleString('en-US')} papers`,
    `  abstract words: mean ${stats.meanAbstractWords.toFixed(1)}, median ${stats.medianAbstractWords}, ${(100 * stats.shareAbstracts150to250).toFixed(0)}% within 150-250`,
    `  distinct lowercase words: ${growth.join('; ')}`,
    `  words seen once: ${(100 * stats.onceShare).toFixed(1)}% of distinct words`,
    `  top 10: ${stats.top.map(([w, n]) => `${w} ${n}`).join(', ')}`,
  ].join('\n');
}
