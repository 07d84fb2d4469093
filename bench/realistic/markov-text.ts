/**
 * An order-2 (trigram) Markov chain over whitespace tokens, built for speed: a state is
 * an integer, and each state's continuations are a slice of one flat typed array, one
 * entry per training occurrence, holding the token and where the next state's own
 * continuations are. A generated token costs a random number and one cache miss, not a
 * hash look-up; the tables take about 50 MB per million training tokens.
 *
 * Training documents belong to domains (ML papers, biomedical papers). A generation
 * weighs the domains ("ML text, with biomedical text where ML has little to say"), so one
 * chain writes papers of either flavour.
 */

export const BOS = 0;
export const EOS = 1;

export interface TrainingDocument {
  readonly tokens: readonly string[];
  /** Index of the document's domain, 0 .. domains-1. */
  readonly domain: number;
}

export interface GenerateOptions {
  /** How much each domain's text counts, all positive. */
  readonly weights: readonly number[];
  /** Keep going (past the end of a document, from a fresh sentence) until this many words. */
  readonly minWords: number;
  /** Stop here even in the middle of a sentence. */
  readonly maxWords: number;
  /** Stop at the first sentence end once minWords is reached (abstracts), or only at a document end (titles). */
  readonly stopAtSentenceEnd: boolean;
  /**
   * Chance of choosing the next token from the last word alone. A trigram chain trained
   * on a few hundred abstracts mostly copies them; an occasional bigram step makes new
   * sentences out of old ones at a small cost in grammar.
   */
  readonly backoff: number;
  /**
   * Leans towards tokens this accepts (a title towards its abstract's words): up to
   * `tries` draws per step, the first accepted one wins, else the first draw.
   */
  readonly prefer?: (token: number) => boolean;
  readonly tries?: number;
}

/** Abbreviations end with a full stop but do not end a sentence. */
const NOT_SENTENCE_END = new Set(['e.g.', 'i.e.', 'al.', 'vs.', 'etc.', 'cf.', 'Fig.', 'Eq.', 'approx.', 'resp.', 'no.', 'No.']);

function isSentenceEnd(token: string, id: number): boolean {
  return id > EOS && /[.!?]$/.test(token) && !NOT_SENTENCE_END.has(token);
}

/**
 * Occurrences bucketed by group (a state, or a last token for bigram steps) and domain.
 * index[g * (domains + 1)] is where group g starts in `entries`, followed by the number of
 * its occurrences in each domain, in domain order. An entry repeats the next state's
 * index record (or -1s for the end of the document), then the token: taking an entry
 * tells where to pick next without a second, cache-missing, look-up.
 */
interface Table {
  readonly index: Int32Array;
  readonly entries: Int32Array;
}

/** Tables live in shared memory, so worker threads can use one trained chain without copies. */
function sharedInts(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}

/** Counts occurrences per (group, domain) and where each group starts; group -1 leaves a row out. */
function indexOf(groups: number, domains: number, group: Int32Array, domain: Uint8Array): Int32Array {
  const width = domains + 1;
  const index = sharedInts(groups * width);
  for (let i = 0; i < group.length; i += 1) if (group[i]! >= 0) index[group[i]! * width + 1 + domain[i]!]! += 1;
  let offset = 0;
  for (let g = 0; g < groups; g += 1) {
    index[g * width] = offset;
    for (let d = 0; d < domains; d += 1) offset += index[g * width + 1 + d]!;
  }
  return index;
}

/** Counting sort of occurrences into their (group, domain) buckets; `states` is the trigram index the entries copy records from. */
function tableOf(index: Int32Array, domains: number, group: Int32Array, next: Int32Array, token: Int32Array, domain: Uint8Array, states: Int32Array): Table {
  const width = domains + 1;
  const groups = index.length / width;
  const cursor = new Int32Array(groups * domains);
  let size = 0;
  for (let g = 0; g < groups; g += 1) {
    let offset = index[g * width]!;
    for (let d = 0; d < domains; d += 1) {
      cursor[g * domains + d] = offset;
      offset += index[g * width + 1 + d]!;
    }
    size = offset;
  }
  const entries = sharedInts(size * (width + 1));
  for (let i = 0; i < group.length; i += 1) {
    if (group[i]! < 0) continue;
    const at = cursor[group[i]! * domains + domain[i]!]!++ * (width + 1);
    if (next[i]! < 0) entries.fill(-1, at, at + width);
    else entries.set(states.subarray(next[i]! * width, (next[i]! + 1) * width), at);
    entries[at + width] = token[i]!;
  }
  return { index, entries };
}

/** A weighted pick among the occurrences a record describes: first the domain (by weight × occurrences), then one of its occurrences. */
function pick(record: Int32Array, base: number, weights: readonly number[], rng: () => number): number {
  const domains = weights.length;
  let total = 0;
  for (let d = 0; d < domains; d += 1) total += weights[d]! * record[base + 1 + d]!;
  let u = rng() * total;
  let at = record[base]!;
  for (let d = 0; d < domains; d += 1) {
    const n = record[base + 1 + d]!;
    const mass = weights[d]! * n;
    if (u < mass || d === domains - 1) return at + Math.min(n - 1, Math.floor(u / weights[d]!));
    u -= mass;
    at += n;
  }
  return at;
}

/** What a worker thread needs to rebuild a chain: the tables are shared, the tokens copied. */
export interface ChainData {
  readonly tokens: string[];
  readonly domains: number;
  readonly tables: readonly [trigram: Table, bigram: Table, restart: Table];
}

export class MarkovChain {
  /** Token id → text. Ids 0 and 1 are the document start and end marks. */
  readonly tokens: readonly string[];
  /** Token id → words it stands for (a glued acronym definition counts all of its words). */
  readonly words: Uint8Array;
  readonly sentenceEnd: Uint8Array;
  readonly domains: number;
  readonly #trigram: Table;
  readonly #bigram: Table;
  /** Occurrences that begin a sentence anywhere: where a short document carries on. */
  readonly #restart: Table;

  private constructor(tokens: string[], domains: number, trigram: Table, bigram: Table, restart: Table) {
    this.tokens = tokens;
    this.words = Uint8Array.from(tokens, (t, id) => (id <= EOS ? 0 : Math.min(255, t.split(' ').length)));
    this.sentenceEnd = Uint8Array.from(tokens, (t, id) => (isSentenceEnd(t, id) ? 1 : 0));
    this.domains = domains;
    this.#trigram = trigram;
    this.#bigram = bigram;
    this.#restart = restart;
  }

  static train(documents: Iterable<TrainingDocument>, domains: number): MarkovChain {
    const ids = new Map<string, number>([
      ['\u0002', BOS],
      ['\u0003', EOS],
    ]);
    const tokens = ['\u0002', '\u0003'];
    const intern = (t: string): number => {
      let id = ids.get(t);
      // A copy, so the token does not keep the whole source text alive as a slice of it.
      if (id === undefined) ids.set(t, (id = tokens.push(Buffer.from(t).toString()) - 1));
      return id;
    };
    // Every (a, b) pair that precedes a token is a state; (BOS, BOS) is state 0.
    const states = new Map<number, number>([[0, 0]]);
    const stateOf = (a: number, b: number): number => {
      const key = a * 2 ** 24 + b;
      let s = states.get(key);
      if (s === undefined) states.set(key, (s = states.size));
      return s;
    };
    // Flat columns, not tuples: a million occurrences should not cost a million arrays.
    const from: number[] = [];
    const last: number[] = [];
    const next: number[] = [];
    const token: number[] = [];
    const domain: number[] = [];
    for (const doc of documents) {
      if (doc.tokens.length === 0) continue;
      if (!(doc.domain >= 0 && doc.domain < domains)) throw new Error(`domain ${doc.domain} is not below ${domains}`);
      const seq = [BOS, BOS, ...doc.tokens.map(intern), EOS];
      let state = 0;
      for (let i = 2; i < seq.length; i += 1) {
        const after = seq[i] === EOS ? -1 : stateOf(seq[i - 1]!, seq[i]!);
        from.push(state);
        last.push(seq[i - 1]!);
        next.push(after);
        token.push(seq[i]!);
        domain.push(doc.domain);
        state = after;
      }
    }
    if (from.length === 0) throw new Error('the Markov chain has no training text');
    const columns = [Int32Array.from(next), Int32Array.from(token), Uint8Array.from(domain)] as const;
    const lastColumn = Int32Array.from(last);
    // Sentences start after a sentence end; a source without any (titles) restarts where documents start.
    let restart = Int32Array.from(from, (_, i) => (isSentenceEnd(tokens[last[i]!]!, last[i]!) && next[i] !== -1 ? 0 : -1));
    if (!restart.includes(0)) restart = Int32Array.from(from, (s, i) => (s === 0 && next[i] !== -1 ? 0 : -1));
    const fromColumn = Int32Array.from(from);
    // The trigram index first: every entry copies its next state's record from it.
    const stateIndex = indexOf(states.size, domains, fromColumn, columns[2]);
    const table = (group: Int32Array, index: Int32Array): Table => tableOf(index, domains, group, ...columns, stateIndex);
    return new MarkovChain(
      tokens,
      domains,
      table(fromColumn, stateIndex),
      table(lastColumn, indexOf(tokens.length, domains, lastColumn, columns[2])),
      table(restart, indexOf(1, domains, restart, columns[2])),
    );
  }

  get data(): ChainData {
    return { tokens: [...this.tokens], domains: this.domains, tables: [this.#trigram, this.#bigram, this.#restart] };
  }

  static fromData(data: ChainData): MarkovChain {
    return new MarkovChain(data.tokens, data.domains, ...data.tables);
  }

  /** Token ids of one generated text (no BOS/EOS). */
  generate(rng: () => number, options: GenerateOptions): number[] {
    const { weights } = options;
    if (weights.length !== this.domains || weights.some((w) => !(w > 0))) throw new Error(`generate needs ${this.domains} positive weights`);
    const width = this.domains + 1;
    const out: number[] = [];
    // The current state's record: (BOS, BOS) to begin with.
    let record = this.#trigram.index;
    let base = 0;
    let words = 0;
    for (;;) {
      let entries = this.#trigram.entries;
      let from = record;
      let fromBase = base;
      if (out.length > 0 && options.backoff > 0 && rng() < options.backoff) {
        entries = this.#bigram.entries;
        from = this.#bigram.index;
        fromBase = out[out.length - 1]! * width;
      }
      let at = pick(from, fromBase, weights, rng) * (width + 1);
      for (let tries = (options.prefer ? (options.tries ?? 3) : 1) - 1; tries > 0 && entries[at + 1]! >= 0 && !options.prefer!(entries[at + width]!); tries -= 1) {
        const other = pick(from, fromBase, weights, rng) * (width + 1);
        if (entries[other + 1]! >= 0 && options.prefer!(entries[other + width]!)) at = other;
      }
      if (entries[at + 1]! < 0) {
        if (words >= options.minWords || !options.stopAtSentenceEnd) break;
        // Too short: carry on with a sentence that opens somewhere else in the training text.
        entries = this.#restart.entries;
        at = pick(this.#restart.index, 0, weights, rng) * (width + 1);
      }
      record = entries;
      base = at;
      const token = entries[at + width]!;
      out.push(token);
      words += this.words[token]!;
      if (words >= options.maxWords) break;
      if (options.stopAtSentenceEnd && words >= options.minWords && this.sentenceEnd[token] === 1) break;
    }
    return out;
  }

  /** Distinct tokens, for reports. */
  get size(): number {
    return this.tokens.length - 2;
  }
}
