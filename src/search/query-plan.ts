import type { Lexicon } from '../ports/search-index.port.js';
import { compoundTerms, termOf } from '../text/analyzer.js';
import { allOf, allTerms, anyOf, termNode, type MatchNode } from './match-tree.js';
import type { ParsedQuery } from './query-syntax.js';
import type { RankingSettings } from './ranking-settings.js';

/**
 * Turns a parsed query into a match tree of index terms. Each typed word is one unit,
 * OR-ed with the others (ranked retrieval):
 *   - a compound matches joined or part by part: any(backpropag, all(back, propag)), and a
 *     word the corpus also writes hyphenated matches that way too;
 *   - words that spell out a known acronym also match it, in papers that lack the words:
 *     any(all(mixtur, expert), without(moe·w, all(mixtur, expert)));
 *   - a long word the corpus never uses is matched by the written words it starts (a
 *     clipped "backprop") and by near spellings ("backpropogation"); words it knows never
 *     are, so a correct word is not diluted by look-alikes.
 * A typed acronym needs nothing: papers that spell it out are indexed under it too
 * (acronym-aliases.ts).
 */
export interface QueryPlan {
  /** Undefined when the query is filters only. */
  readonly tree: MatchNode | undefined;
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
  readonly node: MatchNode;
}

const MAX_LONG_FORM_WORDS = 8;

function isUnknownLongWord(term: string, lexicon: Lexicon, settings: RankingSettings): boolean {
  return lexicon.documentFrequency(term) === 0 && term.length >= settings.fuzzyMinLength && !/\d/.test(term) && !lexicon.compoundParts(term);
}

/** A written word as a node: itself where papers hold it, its parts where they write it hyphenated. */
function writtenWord(word: string, weight: number, lexicon: Lexicon): MatchNode | undefined {
  const parts = lexicon.compoundParts(word);
  const nodes: MatchNode[] = [];
  if (lexicon.documentFrequency(word) > 0) nodes.push(termNode(word, weight));
  if (parts) nodes.push(allOf(parts.map((p) => termNode(p, weight))));
  return nodes.length === 0 ? undefined : anyOf(nodes);
}

/** What an unknown word may have meant: the words it starts (clipped), then near spellings (typos). */
function respelling(term: string, lexicon: Lexicon, settings: RankingSettings): MatchNode {
  const seen = new Set<string>();
  const nodes: MatchNode[] = [];
  const add = (word: string, weight: number): void => {
    if (seen.has(word)) return;
    seen.add(word);
    const node = writtenWord(word, weight, lexicon);
    if (node) nodes.push(node);
  };
  for (const word of lexicon.completions(term, settings.maxCompletions)) add(word, settings.prefixWeight);
  const edits = term.length >= settings.fuzzyTwoEditsLength ? 2 : 1;
  for (const { term: word, distance } of lexicon.nearSpellings(term, edits)) {
    // MiniSearch's weighting: a near spelling counts less the more edits it took.
    add(word, (settings.fuzzyWeight * word.length) / (word.length + distance));
  }
  return { kind: 'any', nodes };
}

function wordUnit(word: string, lexicon: Lexicon, settings: RankingSettings): Unit | undefined {
  const { parts, joined } = compoundTerms(word);
  if (joined !== undefined && parts.length > 0) {
    return { parts, node: anyOf([termNode(joined), allTerms(parts)]) };
  }
  const term = joined ?? termOf(word);
  if (term === undefined) return undefined;
  // "backpropagation" also finds papers that write "back-propagation".
  const spelledApart = lexicon.compoundParts(term);
  if (spelledApart) return { word, parts: [term], node: anyOf([termNode(term), allTerms(spelledApart)]) };
  if (isUnknownLongWord(term, lexicon, settings)) return { word, parts: [term], node: respelling(term, lexicon, settings) };
  return { word, parts: [term], node: termNode(term) };
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
      out.push({ parts: [...a.parts, ...b.parts], node: anyOf([termNode(joined), allOf([a.node, b.node])]) });
      i += 1;
    } else {
      out.push(a);
    }
  }
  return out;
}

/** Replaces runs of units that spell out a known long form with any(run, acronym where the run is absent). */
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
      const spelled = allOf(run.map((u) => u.node));
      const otherName = (acronym: string): MatchNode => ({ kind: 'without', include: termNode(acronym, settings.boost.aliases), exclude: spelled });
      out.push({ parts: run.flatMap((u) => u.parts), node: anyOf([spelled, ...acronyms.map(otherName)]) });
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

/** The words of a query, planned: phrases' and titles' words also rank (they are what the user is after). */
export function planWords(words: readonly string[], lexicon: Lexicon, settings: RankingSettings): QueryPlan {
  const units: Unit[] = [];
  const droppedWords: string[] = [];
  const respelled: string[] = [];
  for (const word of words) {
    const unit = wordUnit(word, lexicon, settings);
    if (!unit) {
      droppedWords.push(word);
      continue;
    }
    units.push(unit);
    if (unit.word !== undefined && isUnknownLongWord(unit.parts[0]!, lexicon, settings)) respelled.push(word);
  }
  const grouped = joinSplitWords(addAcronymsForLongForms(units, lexicon, settings), lexicon);
  return {
    tree: grouped.length === 0 ? undefined : { kind: 'any', nodes: grouped.map((u) => u.node) },
    terms: units.flatMap((u) => u.parts),
    droppedWords,
    respelled,
  };
}

export function planQuery(query: ParsedQuery, lexicon: Lexicon, settings: RankingSettings): QueryPlan {
  return planWords([...query.words, ...query.phrases.flat(), ...query.titles.flat()], lexicon, settings);
}
