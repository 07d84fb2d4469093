import type { Query } from 'minisearch';
import { compoundTerms, termOf } from '../text/analyzer.js';
import type { AcronymTable } from './acronyms.js';
import type { ParsedQuery } from './query-syntax.js';
import type { RankingSettings } from './ranking-settings.js';

/**
 * Turns a parsed query into a MiniSearch query tree of index terms. Each typed word is one
 * unit, OR-ed with the others (ranked retrieval):
 *   - a compound matches joined or part by part: OR(backpropag, AND(back, propag)), and a
 *     word the corpus also writes hyphenated matches that way too;
 *   - words that spell out a known acronym also match it, in papers that lack the words:
 *     OR(AND(mixtur, expert), AND_NOT(moe·w, AND(mixtur, expert)));
 *   - a long word the corpus never uses gets typo tolerance; words it knows never do,
 *     so a correct word is not diluted by look-alikes.
 * A typed acronym needs nothing: papers that spell it out are indexed under it too
 * (acronym-aliases.ts).
 */
export interface Lexicon {
  documentFrequency(term: string): number;
  compoundParts(term: string): readonly string[] | undefined;
  readonly acronyms: AcronymTable;
}

export interface QueryPlan {
  /** Undefined when the query is filters only. */
  readonly tree: Query | undefined;
  /** Terms of the words as typed, for more-like-this and "why" lines. */
  readonly terms: readonly string[];
  /** Typed words that were all stop words, to explain an empty plan. */
  readonly droppedWords: readonly string[];
  /** Typed words no paper uses, matched by near spellings instead. */
  readonly respelled: readonly string[];
}

interface Unit {
  /** The word as typed (for single words), to try joining it with the next one. */
  readonly word?: string;
  readonly parts: readonly string[];
  readonly node: Query;
}

const MAX_LONG_FORM_WORDS = 8;

function all(terms: readonly string[]): Query {
  return terms.length === 1 ? terms[0]! : { combineWith: 'AND', queries: [...terms] };
}

function isTypoCandidate(term: string, lexicon: Lexicon, settings: RankingSettings): boolean {
  return lexicon.documentFrequency(term) === 0 && term.length >= settings.fuzzyMinLength && !/\d/.test(term) && !lexicon.compoundParts(term);
}

function wordUnit(word: string, lexicon: Lexicon, settings: RankingSettings): Unit | undefined {
  const { parts, joined } = compoundTerms(word);
  if (joined !== undefined && parts.length > 0) {
    return { parts, node: { combineWith: 'OR', queries: [joined, all(parts)] } };
  }
  const term = joined ?? termOf(word);
  if (term === undefined) return undefined;
  // "backpropagation" also finds papers that write "back-propagation".
  const spelledApart = lexicon.compoundParts(term);
  if (spelledApart) return { word, parts: [term], node: { combineWith: 'OR', queries: [term, all(spelledApart)] } };
  if (isTypoCandidate(term, lexicon, settings)) {
    return { word, parts: [term], node: { combineWith: 'OR', queries: [term], fuzzy: term.length >= settings.fuzzyTwoEditsLength ? 2 : 1 } };
  }
  return { word, parts: [term], node: term };
}

/**
 * "back propagation" also matches papers that write "backpropagation", when the corpus
 * writes the pair as a hyphenated compound somewhere ("back-propagation"): stemming a
 * mere concatenation can land on an unrelated word ("architecture"+"ability").
 */
function joinSplitWords(units: Unit[], lexicon: Lexicon): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < units.length; i += 1) {
    const a = units[i]!;
    const b = units[i + 1];
    const joined = a.word !== undefined && b?.word !== undefined ? termOf(a.word + b.word) : undefined;
    const parts = joined === undefined ? undefined : lexicon.compoundParts(joined);
    if (b && joined !== undefined && parts !== undefined && parts.join(' ') === [...a.parts, ...b.parts].join(' ')) {
      out.push({ parts: [...a.parts, ...b.parts], node: { combineWith: 'OR', queries: [joined, { combineWith: 'AND', queries: [a.node, b.node] }] } });
      i += 1;
    } else {
      out.push(a);
    }
  }
  return out;
}

/** Replaces runs of units that spell out a known long form with OR(run, acronym where the run is absent). */
function addAcronymsForLongForms(units: Unit[], lexicon: Lexicon, settings: RankingSettings): Unit[] {
  if (!settings.mineAcronyms) return units;
  const out: Unit[] = [];
  for (let i = 0; i < units.length; ) {
    let grouped = false;
    for (let j = Math.min(units.length, i + MAX_LONG_FORM_WORDS); j > i; j -= 1) {
      const run = units.slice(i, j);
      // One unit spells out a long form only as a compound: "mixture-of-experts".
      if (run.length === 1 && run[0]!.parts.length < 2) continue;
      const acronyms = lexicon.acronyms.acronymsOf.get(run.flatMap((u) => u.parts).join(' '));
      if (!acronyms) continue;
      const spelled: Query = run.length === 1 ? run[0]!.node : { combineWith: 'AND', queries: run.map((u) => u.node) };
      const otherName = (acronym: string): Query => ({
        combineWith: 'AND_NOT',
        queries: [{ combineWith: 'OR', queries: [acronym], boostTerm: () => settings.boost.aliases }, spelled],
      });
      out.push({ parts: run.flatMap((u) => u.parts), node: { combineWith: 'OR', queries: [spelled, ...acronyms.map(otherName)] } });
      i = j;
      grouped = true;
      break;
    }
    if (!grouped) {
      out.push(units[i]!);
      i += 1;
    }
  }
  return out;
}

export function planQuery(query: ParsedQuery, lexicon: Lexicon, settings: RankingSettings): QueryPlan {
  const units: Unit[] = [];
  const droppedWords: string[] = [];
  const respelled: string[] = [];
  for (const word of [...query.words, ...query.phrases.flat(), ...query.titles.flat()]) {
    const unit = wordUnit(word, lexicon, settings);
    if (!unit) {
      droppedWords.push(word);
      continue;
    }
    units.push(unit);
    if (unit.word !== undefined && isTypoCandidate(unit.parts[0]!, lexicon, settings)) respelled.push(word);
  }
  const grouped = joinSplitWords(addAcronymsForLongForms(units, lexicon, settings), lexicon);
  return {
    tree: grouped.length === 0 ? undefined : { combineWith: 'OR', queries: grouped.map((u) => u.node) },
    terms: units.flatMap((u) => u.parts),
    droppedWords,
    respelled,
  };
}
