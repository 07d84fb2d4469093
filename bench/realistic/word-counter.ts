/**
 * Counts lowercase words fast enough to run beside the generator on a million papers.
 * A word is the analyzer's word (src/text/analyzer.ts): a letter or digit, then letters,
 * marks and digits, with single hyphens joining compounds. Words are scanned by hand and
 * hashed while scanned into an open-addressing table, so a word seen before costs no
 * string and no Map look-up: a Unicode regex and a Map cost as much as generating the
 * papers. (Characters outside the Basic Multilingual Plane end a word here; abstracts
 * hardly have any.)
 */
const STARTS = /[\p{L}\p{N}]/u;
const CONTINUES = /[\p{L}\p{M}\p{N}]/u;

function starts(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  return STARTS.test(text[i]!);
}

function continues(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  return CONTINUES.test(text[i]!);
}

const isHyphen = (c: number): boolean => c === 45 || c === 0x2010 || c === 0x2011;

/** Calls `word(text, start, end, hash)` for each word of the lowercased text. */
function scan(text: string, word: (lower: string, start: number, end: number, hash: number) => void): void {
  const lower = text.toLowerCase();
  const n = lower.length;
  for (let i = 0; i < n; ) {
    if (!starts(lower, i)) {
      i += 1;
      continue;
    }
    const start = i;
    for (i += 1; ; i += 2) {
      while (i < n && continues(lower, i)) i += 1;
      if (!(i + 1 < n && isHyphen(lower.charCodeAt(i)) && starts(lower, i + 1))) break;
    }
    let hash = 0x811c9dc5; // FNV-1a
    for (let k = start; k < i; k += 1) hash = Math.imul(hash ^ lower.charCodeAt(k), 0x01000193);
    word(lower, start, i, hash);
  }
}

/** Each lowercase word of `text`, in order. */
export function wordsOf(text: string): string[] {
  const out: string[] = [];
  scan(text, (lower, start, end) => out.push(lower.slice(start, end)));
  return out;
}

export class WordCounter {
  #keys: Array<string | undefined> = new Array<string | undefined>(1 << 12);
  #hashes = new Int32Array(1 << 12);
  #counts = new Int32Array(1 << 12);
  #size = 0;
  /** Word occurrences counted. */
  total = 0;

  readonly #add = (lower: string, start: number, end: number, hash: number): void => {
    this.total += 1;
    const hashes = this.#hashes;
    const counts = this.#counts;
    const mask = hashes.length - 1;
    // Typed arrays first (an empty slot has count 0); the key string only on a hash match.
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      if (counts[i] === 0) {
        this.#keys[i] = lower.slice(start, end);
        hashes[i] = hash;
        counts[i] = 1;
        if (++this.#size * 2 > hashes.length) this.#grow();
        return;
      }
      if (hashes[i] === hash) {
        const key = this.#keys[i]!;
        if (key.length === end - start && lower.startsWith(key, start)) {
          counts[i]! += 1;
          return;
        }
      }
    }
  };

  addText(text: string): void {
    scan(text, this.#add);
  }

  get distinct(): number {
    return this.#size;
  }

  /** word → occurrences. */
  toMap(): Map<string, number> {
    const out = new Map<string, number>();
    this.#keys.forEach((key, i) => {
      if (key !== undefined) out.set(key, this.#counts[i]!);
    });
    return out;
  }

  #grow(): void {
    const { keys, hashes, counts } = { keys: this.#keys, hashes: this.#hashes, counts: this.#counts };
    this.#keys = new Array<string | undefined>(keys.length * 2);
    this.#hashes = new Int32Array(keys.length * 2);
    this.#counts = new Int32Array(keys.length * 2);
    const mask = this.#keys.length - 1;
    keys.forEach((key, j) => {
      if (key === undefined) return;
      let i = hashes[j]! & mask;
      while (this.#keys[i] !== undefined) i = (i + 1) & mask;
      this.#keys[i] = key;
      this.#hashes[i] = hashes[j]!;
      this.#counts[i] = counts[j]!;
    });
  }
}
