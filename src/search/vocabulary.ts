import SearchableMap from 'minisearch/SearchableMap';

/**
 * The words a corpus writes, in MiniSearch's radix tree: what near spellings and
 * completions are looked up in. Keys are index terms (with the number of papers holding
 * each) and the joined forms of hyphenated compounds ("backpropag" for "back-propagation"),
 * which count as written even when no paper writes them joined.
 */
export interface NearSpelling {
  readonly term: string;
  readonly distance: number;
}

export class Vocabulary {
  readonly #words = new SearchableMap<number>();
  readonly #joined = new Set<string>();

  get size(): number {
    return this.#words.size;
  }

  /** Adds `delta` papers to a term's count; a count that reaches 0 leaves the term out (unless it is a joined form). */
  count(term: string, delta: number): void {
    const next = (this.#words.get(term) ?? 0) + delta;
    if (next > 0 || this.#joined.has(term)) this.#words.set(term, Math.max(0, next));
    else this.#words.delete(term);
  }

  /** A joined compound form: written, even if no paper holds it as a term. */
  addJoined(joined: string): void {
    this.#joined.add(joined);
    if (!this.#words.has(joined)) this.#words.set(joined, 0);
  }

  documentFrequency(term: string): number {
    return this.#words.get(term) ?? 0;
  }

  /** Terms with their paper counts (joined-only forms have 0). */
  entries(): IterableIterator<[string, number]> {
    return this.#words.entries();
  }

  /** Words within `maxEdits` edits of `term` (Levenshtein), nearest first, then most used. */
  nearSpellings(term: string, maxEdits: number): NearSpelling[] {
    const found: Array<NearSpelling & { df: number }> = [];
    for (const [word, [df, distance]] of this.#words.fuzzyGet(term, maxEdits)) {
      if (distance > 0) found.push({ term: word, distance, df });
    }
    return found.sort((a, b) => a.distance - b.distance || b.df - a.df || (a.term < b.term ? -1 : 1)).map(({ term: t, distance }) => ({ term: t, distance }));
  }

  /** Words that start with `prefix` (not the prefix itself), in key order, at most `limit`. */
  completions(prefix: string, limit: number): string[] {
    const found: string[] = [];
    for (const word of this.#words.atPrefix(prefix).keys()) if (word !== prefix) found.push(word);
    return found.sort().slice(0, limit);
  }
}
