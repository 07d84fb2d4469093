import type { MatchNode } from '../../src/index.js';
import { leafExpression } from './fts-expression.js';

/**
 * Candidates for a ranked search without scoring every paper that has a common word.
 *
 * FTS5's bm25() costs a lookup per matching row, so a word in most papers ("model" is in
 * 80% of a million) makes any search with it scan and score most of the corpus: close to a
 * second at 1M papers, and raw FTS5 is no faster. Yet such a word barely moves a ranking:
 * its idf is tiny, so a paper that has a rarer query word outranks every paper that has
 * only common ones. So, as search engines' "common terms" queries do:
 *
 *   - with a rarer word in the query, the candidates are the papers that have one of the
 *     rarer words; the common words still count in their scores;
 *   - with only common words, or when the rarer ones are in too few papers to fill the
 *     page, the candidates (or the rest of them) are the papers with all the common words
 *     in their title; then, if still too few, the newest papers that have any of them.
 *
 * The caller matches `narrowed AND whole`, so exclusions still hold and every query word
 * still scores. Reading a common word's postings still costs (about 70 ms per word at 1M
 * papers); scoring them all is what this saves.
 * Below `commonDocs` papers a word is never common: small corpora search exactly as before.
 */
export interface Narrowing {
  /** The papers with a rarer query word; undefined when every word is common. */
  readonly rarer?: string;
  /** The papers with every common word in the title. */
  readonly common: string;
}

/** How many of the newest papers the last narrowing step looks at. */
export const NEWEST_PAPERS = 20_000;

/** Papers a word may be in before it counts as common: scoring this many rows takes some tens of milliseconds. */
export const COMMON_WORD_DOCS = 50_000;

type Leaf = Extract<MatchNode, { kind: 'term' | 'phrase' }>;

/** The tree's leaves when it is a ranked choice among them (no required branch), else undefined. */
function choiceLeaves(node: MatchNode, into: Leaf[] = []): Leaf[] | undefined {
  if (node.kind === 'term' || node.kind === 'phrase') into.push(node);
  else if (node.kind === 'any') {
    for (const child of node.nodes) if (!choiceLeaves(child, into)) return undefined;
  } else if (node.kind === 'without') return choiceLeaves(node.include, into);
  else return undefined;
  return into;
}

/**
 * How to narrow a ranked search's candidates, given how many papers hold each word, or
 * undefined when nothing in it is common (or it is not a plain ranked search).
 */
export function narrowing(tree: MatchNode, papersWith: (term: string) => number, commonDocs = COMMON_WORD_DOCS): Narrowing | undefined {
  const leaves = choiceLeaves(tree);
  if (!leaves) return undefined;
  // Only plain words can be common: a phrase or a word in one field (an alias) is narrow already.
  const isCommon = (leaf: Leaf): boolean => leaf.kind === 'term' && leaf.fields === undefined && papersWith(leaf.term) > commonDocs;
  const common = new Set(leaves.filter(isCommon).map(leafExpression));
  if (common.size === 0) return undefined;
  const rarer = leaves.filter((leaf) => !isCommon(leaf));
  const words = [...common];
  return {
    ...(rarer.length > 0 ? { rarer: `(${[...new Set(rarer.map(leafExpression))].join(' OR ')})` } : {}),
    common: `({title}: ${words.length === 1 ? words[0] : `(${words.join(' AND ')})`})`,
  };
}
