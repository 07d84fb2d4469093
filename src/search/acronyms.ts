import { analyze, isStopWord, termOf } from '../text/analyzer.js';
import { foldText } from '../text/clean-text.js';

/**
 * Researchers type "MoE" and "mixture of experts" interchangeably. Papers define their
 * acronyms ("Low-Rank Adaptation (LoRA)"), so the corpus itself says which expansions
 * mean what: definitions are mined with the Schwartz-Hearst method (match the short
 * form's letters, right to left, against the words before the parenthesis; the first
 * letter must start a word) and counted, and each acronym keeps its common expansions.
 */
export interface AcronymTable {
  /** acronym term → expansions, each as the index terms of its words, most frequent first. */
  readonly expansions: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** expansion terms joined by spaces → acronym terms. */
  readonly acronymsOf: ReadonlyMap<string, readonly string[]>;
  /**
   * First term of an expansion → its second term (every long form has two or more) → the
   * expansions starting with both (key and terms), to find long forms in a text. Two
   * levels, because many expansions start with the same common word ("large", "deep").
   */
  readonly longFormsFrom: ReadonlyMap<string, ReadonlyMap<string, ReadonlyArray<LongForm>>>;
}

const DEFINITION = /\(\s*([A-Za-z][A-Za-z0-9-]{1,11})\s*\)/g;
/** How far before the parenthesis a long form may start. */
const LOOK_BACK = 200;
/** An expansion seen this often, relative to the acronym's most common one, is kept too. */
const MIN_SHARE = 0.34;
const MAX_EXPANSIONS = 3;
/** Real long forms are short phrases; longer matches are chance alignments of letters. */
const MAX_LONG_FORM_TERMS = 6;

function upperCount(text: string): number {
  return (text.match(/[A-Z]/g) ?? []).length;
}

/** The short form in singular (SSMs → SSM, LoRAs → LoRA), or undefined if it is not an acronym. */
export function acronymForm(raw: string): string | undefined {
  let short = raw;
  if (/[A-Z][a-z]?s$/.test(short) && upperCount(short) >= 2) short = short.slice(0, -1);
  if (upperCount(short) < 2) return undefined;
  return short;
}

/**
 * The long form for a short form from the text just before it, or undefined (Schwartz-Hearst).
 * Works on the folded text throughout (folding can change lengths: "ﬁ" becomes "fi"), and
 * returns the long form folded, which is all indexing needs. Beyond the classic method,
 * every content word of the long form must supply a letter of the short form, which keeps
 * out chance matches across a long phrase ("minimal LSTM simple handwritten … (MNIST)").
 */
export function findLongForm(short: string, before: string): string | undefined {
  const letters = foldText(short).replace(/[^a-z0-9]/g, '');
  const words = foldText(before).trim().split(/\s+/);
  const text = words.slice(-Math.min(letters.length + 5, letters.length * 2)).join(' ');
  const matched: number[] = [];
  let l = text.length - 1;
  for (let s = letters.length - 1; s >= 0; s -= 1) {
    const c = letters[s]!;
    const mustStartWord = s === 0;
    while (l >= 0 && (text[l] !== c || (mustStartWord && l > 0 && /[\p{L}\p{N}]/u.test(text[l - 1]!)))) l -= 1;
    if (l < 0) return undefined;
    matched.push(l);
    l -= 1;
  }
  const start = text.lastIndexOf(' ', l) + 1;
  const longForm = text.slice(start).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  if (longForm.length <= short.length || longForm.includes(foldText(short))) return undefined;
  // Each content word (split on spaces and hyphens) must hold one of the matched letters.
  for (const word of text.slice(start).matchAll(/[\p{L}\p{N}]+/gu)) {
    if (isStopWord(word[0])) continue;
    const from = start + word.index;
    if (!matched.some((at) => at >= from && at < from + word[0].length)) return undefined;
  }
  return longForm;
}

/** Collects definitions from many texts, then freezes them into a table. */
export class AcronymMiner {
  readonly #counts = new Map<string, Map<string, number>>();
  /** What `addText` counted since the last `takeChanges`: "acronym\texpansion" → how many more. */
  readonly #added = new Map<string, number>();
  #table: AcronymTable | undefined;

  /** A miner that continues from counts saved earlier. */
  static fromCounts(saved: Record<string, Record<string, number>>): AcronymMiner {
    return AcronymMiner.fromRows(Object.entries(saved).flatMap(([acronym, counts]) => Object.entries(counts).map(([expansion, n]) => [acronym, expansion, n] as const)));
  }

  /** The same from saved rows of (acronym, expansion, count). */
  static fromRows(rows: Iterable<readonly [string, string, number]>): AcronymMiner {
    const miner = new AcronymMiner();
    for (const [acronym, expansion, count] of rows) {
      let counts = miner.#counts.get(acronym);
      if (!counts) miner.#counts.set(acronym, (counts = new Map()));
      counts.set(expansion, count);
    }
    return miner;
  }

  addText(text: string): void {
    for (const match of text.matchAll(DEFINITION)) {
      const short = acronymForm(match[1]!);
      if (!short) continue;
      const acronym = termOf(short.replace(/-/g, ''));
      // The long form sits right before the parenthesis, after any earlier bracket.
      const before = text.slice(Math.max(0, match.index - LOOK_BACK), match.index);
      const longForm = findLongForm(short, before.slice(Math.max(before.lastIndexOf('('), before.lastIndexOf(')')) + 1));
      if (!acronym || !longForm) continue;
      const terms = analyze(longForm);
      if (terms.length < 2 || terms.length > MAX_LONG_FORM_TERMS || terms.includes(acronym)) continue;
      let counts = this.#counts.get(acronym);
      if (!counts) this.#counts.set(acronym, (counts = new Map()));
      const key = terms.join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
      this.#added.set(`${acronym}\t${key}`, (this.#added.get(`${acronym}\t${key}`) ?? 0) + 1);
      this.#table = undefined;
    }
  }

  /** The current table; rebuilt only after new definitions arrive. */
  table(): AcronymTable {
    this.#table ??= tableFrom(this.#counts);
    return this.#table;
  }

  /** The definitions counted since the last call, as increments: what a saved table must add. */
  takeChanges(): Array<{ acronym: string; expansion: string; added: number }> {
    const out = [...this.#added].map(([key, added]) => {
      const [acronym, expansion] = key.split('\t') as [string, string];
      return { acronym, expansion, added };
    });
    this.#added.clear();
    return out;
  }

  /** The raw counts, for persisting next to a saved index. */
  counts(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [acronym, counts] of this.#counts) out[acronym] = Object.fromEntries(counts);
    return out;
  }
}

export interface LongForm {
  readonly key: string;
  readonly terms: readonly string[];
}

function tableFrom(counts: ReadonlyMap<string, ReadonlyMap<string, number>>): AcronymTable {
  const expansions = new Map<string, string[][]>();
  const acronymsOf = new Map<string, string[]>();
  const longFormsFrom = new Map<string, Map<string, LongForm[]>>();
  for (const [acronym, byExpansion] of counts) {
    // Code-unit order for ties, not localeCompare: this runs for every acronym when an index opens.
    const ranked = byExpansion.size === 1 ? [...byExpansion] : [...byExpansion].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const top = ranked[0]![1];
    const kept = ranked.filter(([, n]) => n >= top * MIN_SHARE).slice(0, MAX_EXPANSIONS);
    expansions.set(
      acronym,
      kept.map(([key]) => key.split(' ')),
    );
    for (const [key] of kept) {
      if (!acronymsOf.has(key)) {
        const terms = key.split(' ');
        let byNext = longFormsFrom.get(terms[0]!);
        if (!byNext) longFormsFrom.set(terms[0]!, (byNext = new Map()));
        const next = terms[1] ?? '';
        byNext.set(next, [...(byNext.get(next) ?? []), { key, terms }]);
      }
      acronymsOf.set(key, [...(acronymsOf.get(key) ?? []), acronym]);
    }
  }
  return { expansions, acronymsOf, longFormsFrom };
}
