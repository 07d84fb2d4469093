import { mulberry32 } from '../synthetic-corpus.js';
import { hash32, pick, zipfRank } from './zipf.js';
import { CODAS, DATASET_TAILS, HEADS, MODIFIERS, ONSETS, PREFIXES, SIZES, SUFFIXES, VARIANTS, VOWELS } from './name-parts.js';

/**
 * Invented model, method and dataset names ("FlashMoE", "Zorvan2.5-VL-7B", "Gated Residual
 * Mixing (GRM)", "KelpaQA-Hard"). Real corpora keep coining them, and they are most of
 * why a corpus's vocabulary keeps growing: name #r is drawn from a Zipf-Mandelbrot
 * popularity, so a few names are everywhere, most turn up once or twice, and the count of
 * distinct names grows like a power of the corpus size (Heaps' law).
 */
export interface InventedName {
  /** As cited in running text: "GRM", "FlashMoE". */
  readonly short: string;
  /** The words an acronym stands for, when it is one: "Gated Residual Mixing". */
  readonly longForm?: string;
}

/** A pronounceable invented word: "zorvan", "kelpa". */
function syllableWord(rng: () => number): string {
  const syllables = 2 + (rng() < 0.2 ? 1 : 0);
  let word = '';
  for (let i = 0; i < syllables; i += 1) word += pick(ONSETS, rng) + pick(VOWELS, rng) + (i === syllables - 1 || rng() < 0.3 ? pick(CODAS, rng) : '');
  return word;
}

/** Model families are styled like real ones: "Zorvan", "ZORV", "ZoRVan". */
function styled(word: string, rng: () => number): string {
  const u = rng();
  if (u < 0.65) return word[0]!.toUpperCase() + word.slice(1);
  if (u < 0.8 && word.length <= 6) return word.toUpperCase();
  return [...word].map((ch, i) => (i === 0 || rng() < 0.3 ? ch.toUpperCase() : ch)).join('');
}

/** Initials of every word and hyphen part ("Low-Rank Adaptation" → "LRA"), sometimes LoRA-style with a lowercase second letter. */
function acronymOf(longForm: string, rng: () => number): string {
  const parts = longForm.split(/[\s-]+/);
  const lower = rng() < 0.2 ? Math.floor(rng() * (parts.length - 1)) : -1;
  return parts.map((p, i) => p[0]!.toUpperCase() + (i === lower && p.length > 2 ? p[1]!.toLowerCase() : '')).join('');
}

function acronymName(rng: () => number): InventedName {
  const words = [pick(MODIFIERS, rng)];
  if (rng() < 0.55) words.push(pick(MODIFIERS, rng));
  words.push(pick(HEADS, rng));
  // "Attention" is both a modifier and a head; a one-word long form is no acronym.
  const unique = [...new Set(words)];
  if (unique.length < 2) unique.push(unique[0] === 'Network' ? 'Learning' : 'Network');
  const longForm = unique.join(' ');
  return { short: acronymOf(longForm, rng), longForm };
}

function version(rng: () => number): string {
  const major = 1 + Math.floor(rng() * 4);
  const u = rng();
  return u < 0.3 ? `${major}` : u < 0.5 ? `${major}.${Math.floor(rng() * 6)}` : u < 0.7 ? `-${major}` : u < 0.8 ? `-v${major}` : '';
}

export interface NameStreamOptions {
  /** Share of mentions that go to the famous few (a steep Zipf over the first names). */
  readonly headShare?: number;
  /** Zipf-Mandelbrot offset of the long tail: how many names share its flat top. */
  readonly q?: number;
  /** Tail exponent minus one; Heaps' beta for the tail's names is about 1 / (1 + alpha). */
  readonly alpha?: number;
}

const CACHED_RANKS = 20_000;

/**
 * Mentions are a mixture: a steep Zipf over the first names ("GPT-4" everywhere) and a
 * long, flat-topped tail whose distinct names keep growing like a power of the number of
 * mentions, so a million papers keep meeting names they have not seen.
 */
export class NameStream {
  readonly #seed: number;
  readonly #headShare: number;
  readonly #q: number;
  readonly #alpha: number;
  readonly #cache = new Map<number, InventedName>();

  constructor(seed: number, options: NameStreamOptions = {}) {
    this.#seed = seed;
    this.#headShare = options.headShare ?? 0.3;
    this.#q = options.q ?? 100_000;
    this.#alpha = options.alpha ?? 0.4;
  }

  /** A name by popularity: the same rank is the same name on every run with this seed. */
  draw(rng: () => number): InventedName {
    return this.nameAt(rng() < this.#headShare ? zipfRank(rng, 20, 1) : zipfRank(rng, this.#q, this.#alpha));
  }

  nameAt(rank: number): InventedName {
    const cached = this.#cache.get(rank);
    if (cached) return cached;
    const name = this.#invent(rank);
    if (rank < CACHED_RANKS) this.#cache.set(rank, name);
    return name;
  }

  #family(rng: () => number): string {
    // Families are reused across names (Zorvan2, Zorvan2.5-VL, Zorvan-3-8B): their own Zipf.
    const family = zipfRank(rng, 20, 0.8);
    return styled(syllableWord(mulberry32(hash32(this.#seed, 0xfa3, family))), mulberry32(hash32(this.#seed, 0x57e, family)));
  }

  #invent(rank: number): InventedName {
    const rng = mulberry32(hash32(this.#seed, 0x4e4d, rank));
    const kind = rng();
    if (kind < 0.35) return acronymName(rng);
    if (kind < 0.6) {
      const head = rng() < 0.6 ? pick(PREFIXES, rng) : styled(syllableWord(rng), rng);
      return { short: head + pick(SUFFIXES, rng) + (rng() < 0.2 ? version(rng) : '') };
    }
    if (kind < 0.85) {
      let short = this.#family(rng) + version(rng);
      if (rng() < 0.35) short += pick(VARIANTS, rng);
      if (rng() < 0.4) short += pick(SIZES, rng);
      return { short };
    }
    const base = rng() < 0.5 ? styled(syllableWord(rng), rng) : pick(PREFIXES, rng) + pick(['Math', 'Code', 'Vision', 'Reason', 'Chart', 'Tool', 'Web', 'Med'], rng);
    return { short: base + pick(DATASET_TAILS, rng) };
  }
}
