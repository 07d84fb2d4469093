import type { Lexicon } from '../ports/search-index.port.js';
import { compoundTerms, termOf } from '../text/analyzer.js';
import { allOf, anyOf, phraseNode, termNode, type MatchNode } from './match-tree.js';
import { QUERY_STOP_WORDS } from './query-stop-words.js';
import type { ParsedQuery } from './query-syntax.js';
import type { RankingSettings } from './ranking-settings.js';

/**
 * Turns a parsed query into a match tree of index terms, for one of two purposes:
 *
 *   ranked (search)  every word adds to the score, and a paper holding only some of a
 *                    compound's or a long form's words still scores for them:
 *                    "back-propagation" is any(backpropag, back, propag);
 *   filter (topics, exclusions)  every word must match, compounds and long forms whole:
 *                    all(any(backpropag, back·propag), …).
 *
 * Either way a word the corpus also writes hyphenated matches that way too (as a phrase:
 * "backpropagation" finds back-propagation); words that spell out a known acronym also
 * match it ("mixture of experts" finds papers that only write MoE, at the weight of an
 * alias); a long word the corpus never uses is matched by the shortest written words it
 * starts (a clipped "backprop"), or failing those by its near spellings
 * ("backpropogation"); a word the corpus knows is never blurred with look-alikes. A typed
 * acronym needs nothing: papers that spell it out are indexed under it (acronym-aliases.ts).
 * Words that only say what the person wants ("papers", "methods", "anyone") are dropped
 * (query-stop-words.ts), and a word typed twice counts once.
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

export type PlanPurpose = 'ranked' | 'filter';

interface Unit {
  /** The word as typed (for single words), to try joining it with the next one. */
  readonly word?: string;
  readonly parts: readonly string[];
  readonly node: MatchNode;
}

const MAX_LONG_FORM_WORDS = 8;
/** Completions of a clipped word: the shortest few ("backprop" → backpropag, not backpropagationfree). */
const MAX_COMPLETIONS = 5;
const COMPLETION_CANDIDATES = 200;

function isUnknownLongWord(term: string, lexicon: Lexicon, settings: RankingSettings): boolean {
  return lexicon.documentFrequency(term) === 0 && term.length >= settings.fuzzyMinLength && !/\d/.test(term) && !lexicon.compoundParts(term);
}

/** A written word as a node: itself where papers hold it, its parts side by side where they write it hyphenated. */
function writtenWord(word: string, weight: number, lexicon: Lexicon): MatchNode | undefined {
  const parts = lexicon.compoundParts(word);
  const nodes: MatchNode[] = [];
  if (lexicon.documentFrequency(word) > 0) nodes.push(termNode(word, weight));
  if (parts) nodes.push(phraseNode(parts, weight));
  return nodes.length === 0 ? undefined : anyOf(nodes);
}

/** The shortest written words that `term` starts: none of them extends another. */
function shortestCompletions(term: string, lexicon: Lexicon): string[] {
  const candidates = lexicon.completions(term, COMPLETION_CANDIDATES);
  return candidates.filter((t) => !candidates.some((u) => u !== t && t.startsWith(u))).slice(0, MAX_COMPLETIONS);
}

/** What an unknown word may have meant: the words it starts (clipped), else its near spellings (a typo). */
function respelling(term: string, lexicon: Lexicon, settings: RankingSettings): MatchNode {
  const clipped = shortestCompletions(term, lexicon).flatMap((word) => writtenWord(word, settings.prefixWeight, lexicon) ?? []);
  if (clipped.length > 0) return { kind: 'any', nodes: clipped };
  const edits = term.length >= settings.fuzzyTwoEditsLength ? 2 : 1;
  // MiniSearch's weighting: a near spelling counts less the more edits it took.
  const near = lexicon.nearSpellings(term, edits).flatMap(({ term: word, distance }) => writtenWord(word, (settings.fuzzyWeight * word.length) / (word.length + distance), lexicon) ?? []);
  return { kind: 'any', nodes: near };
}

function wordUnit(word: string, lexicon: Lexicon, settings: RankingSettings, purpose: PlanPurpose): Unit | undefined {
  const { parts, joined } = compoundTerms(word);
  if (joined !== undefined && parts.length > 0) {
    // A typed compound's words may stand apart in a paper ("mixture of latent experts" is about mixture-of-experts).
    if (purpose === 'filter') return { parts, node: anyOf([termNode(joined), allOf(parts.map((part) => termNode(part)))]) };
    // Each piece is a word of its own: a paper with some of them still scores, and a clipped piece is completed.
    const pieces = word
      .split(/[-\u2010\u2011]/)
      .filter(Boolean)
      .flatMap((piece) => wordUnit(piece, lexicon, settings, purpose)?.node ?? []);
    return { parts, node: anyOf([termNode(joined), ...pieces]) };
  }
  const term = joined ?? termOf(word);
  if (term === undefined) return undefined;
  // "backpropagation" also finds papers that write "back-propagation".
  const spelledApart = lexicon.compoundParts(term);
  if (spelledApart) return { word, parts: [term], node: anyOf([termNode(term), phraseNode(spelledApart)]) };
  if (isUnknownLongWord(term, lexicon, settings)) return { word, parts: [term], node: respelling(term, lexicon, settings) };
  return { word, parts: [term], node: termNode(term) };
}

/**
 * "back propagation" also matches papers that write "backpropagation", when the corpus
 * writes the pair as a hyphenated compound somewhere ("back-propagation"): stemming a
 * mere concatenation can land on an unrelated word ("architecture"+"ability").
 */
function joinSplitWords(units: Unit[], lexicon: Lexicon, purpose: PlanPurpose): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < units.length; i += 1) {
    const a = units[i]!;
    const b = units[i + 1];
    const joined = a.word !== undefined && b?.word !== undefined ? termOf(a.word + b.word) : undefined;
    const parts = joined === undefined ? undefined : lexicon.compoundParts(joined);
    if (b && joined !== undefined && parts !== undefined && parts.join(' ') === [...a.parts, ...b.parts].join(' ')) {
      const apart = purpose === 'ranked' ? [a.node, b.node] : [allOf([a.node, b.node])];
      out.push({ parts: [...a.parts, ...b.parts], node: anyOf([termNode(joined), ...apart]) });
      i += 1;
    } else {
      out.push(a);
    }
  }
  return out;
}

/**
 * Runs of units that spell out a known long form also match its acronym, in papers that
 * lack the long form. Ranked, the words stay units of their own (a paper with some of
 * them still scores) beside the acronym; as a filter the run is one unit, whole or acronym.
 */
function addAcronymsForLongForms(units: Unit[], lexicon: Lexicon, settings: RankingSettings, purpose: PlanPurpose): Unit[] {
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
      const otherNames = acronyms.map((acronym): MatchNode => ({ kind: 'without', include: termNode(acronym, settings.boost.aliases), exclude: spelled }));
      if (purpose === 'ranked') out.push(...run, { parts: [], node: anyOf(otherNames) });
      else out.push({ parts: run.flatMap((u) => u.parts), node: anyOf([spelled, ...otherNames]) });
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
export function planWords(words: readonly string[], lexicon: Lexicon, settings: RankingSettings, purpose: PlanPurpose = 'ranked'): QueryPlan {
  const units: Unit[] = [];
  const droppedWords: string[] = [];
  const respelled: string[] = [];
  const seen = new Set<string>();
  for (const word of words) {
    const unit = QUERY_STOP_WORDS.has(word.toLowerCase()) ? undefined : wordUnit(word, lexicon, settings, purpose);
    if (!unit) {
      droppedWords.push(word);
      continue;
    }
    // A word typed twice ("model … models") counts once.
    const key = JSON.stringify(unit.node);
    if (seen.has(key)) continue;
    seen.add(key);
    units.push(unit);
    if (unit.word !== undefined && isUnknownLongWord(unit.parts[0]!, lexicon, settings)) respelled.push(word);
  }
  const grouped = joinSplitWords(addAcronymsForLongForms(units, lexicon, settings, purpose), lexicon, purpose);
  return {
    tree: grouped.length === 0 ? undefined : { kind: 'any', nodes: grouped.map((u) => u.node) },
    terms: units.flatMap((u) => u.parts),
    droppedWords,
    respelled,
  };
}

export function planQuery(query: ParsedQuery, lexicon: Lexicon, settings: RankingSettings, purpose: PlanPurpose = 'ranked'): QueryPlan {
  return planWords([...query.words, ...query.phrases.flat(), ...query.titles.flat()], lexicon, settings, purpose);
}
