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
 *   - a known acronym also matches its expansions: OR(lora, AND(low, rank, adapt)·w);
 *   - words that spell out a known expansion also match the acronym: OR(AND(…), moe·w);
 *   - a long word the corpus never uses gets typo tolerance; words it knows never do,
 *     so a correct word is not diluted by look-alikes.
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
  /** The unit's terms in order, as an expansion key would list them. */
  readonly parts: readonly string[];
  readonly node: Query;
}

const MAX_EXPANSION_WORDS = 8;

function weighted(node: Query, weight: number): Query {
  return { combineWith: 'OR', queries: [node], boostTerm: () => weight };
}

/**
 * An alternative form counts only in papers that lack the form typed: a paper that writes
 * both "LoRA" and "low-rank adaptation" is not twice as relevant as one that writes either.
 */
function onlyWithout(alternative: Query, typed: Query): Query {
  return { combineWith: 'AND_NOT', queries: [alternative, typed] };
}

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
  const alternatives: Query[] = [];
  // "backpropagation" also finds papers that write "back-propagation".
  const spelledApart = lexicon.compoundParts(term);
  if (spelledApart) {
    alternatives.push(term, all(spelledApart));
  } else if (isTypoCandidate(term, lexicon, settings)) {
    alternatives.push({ combineWith: 'OR', queries: [term], fuzzy: term.length >= settings.fuzzyTwoEditsLength ? 2 : 1 });
  } else {
    alternatives.push(term);
  }
  const expansions = settings.expansionWeight > 0 ? lexicon.acronyms.expansions.get(term) ?? [] : [];
  for (const expansion of expansions) {
    alternatives.push(onlyWithout(weighted(all(expansion), settings.expansionWeight), term));
  }
  return { word, parts: [term], node: alternatives.length === 1 ? alternatives[0]! : { combineWith: 'OR', queries: alternatives } };
}

/** "back propagation" also matches papers that write "backpropagation", when the corpus has that word. */
function joinSplitWords(units: Unit[], lexicon: Lexicon): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < units.length; i += 1) {
    const a = units[i]!;
    const b = units[i + 1];
    const joined = a.word !== undefined && b?.word !== undefined && !/[-\u2010\u2011]/.test(a.word + b.word) ? termOf(a.word + b.word) : undefined;
    if (b && joined !== undefined && lexicon.documentFrequency(joined) > 0) {
      out.push({ parts: [...a.parts, ...b.parts], node: { combineWith: 'OR', queries: [joined, { combineWith: 'AND', queries: [a.node, b.node] }] } });
      i += 1;
    } else {
      out.push(a);
    }
  }
  return out;
}

/** Replaces runs of units that spell out a known expansion with OR(run, acronym). */
function addAcronymsForExpansions(units: Unit[], lexicon: Lexicon, settings: RankingSettings): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < units.length; ) {
    let grouped = false;
    for (let j = Math.min(units.length, i + MAX_EXPANSION_WORDS); j > i; j -= 1) {
      const run = units.slice(i, j);
      // One unit can spell out an expansion only as a compound: "mixture-of-experts".
      if (run.length === 1 && run[0]!.parts.length < 2) continue;
      const key = run.flatMap((u) => u.parts).join(' ');
      const acronyms = settings.acronymWeight > 0 ? lexicon.acronyms.acronymsOf.get(key) : undefined;
      if (!acronyms) continue;
      const spelled: Query = { combineWith: 'AND', queries: run.map((u) => u.node) };
      const node: Query = {
        combineWith: 'OR',
        queries: [spelled, ...acronyms.map((a) => onlyWithout(weighted(a, settings.acronymWeight), spelled))],
      };
      out.push({ parts: run.flatMap((u) => u.parts), node });
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
    if (unit) units.push(unit);
    else droppedWords.push(word);
    const term = unit?.parts.length === 1 ? unit.parts[0]! : undefined;
    if (term !== undefined && unit?.word !== undefined && isTypoCandidate(term, lexicon, settings)) respelled.push(word);
  }
  const grouped = joinSplitWords(addAcronymsForExpansions(units, lexicon, settings), lexicon);
  return {
    tree: grouped.length === 0 ? undefined : { combineWith: 'OR', queries: grouped.map((u) => u.node) },
    terms: units.flatMap((u) => u.parts),
    droppedWords,
    respelled,
  };
}
