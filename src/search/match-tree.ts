/**
 * A planned query as every engine runs it: a tree of index terms, each with a weight,
 * combined with any / all / without. The planner (query-plan.ts) decides what a typed
 * word means (compounds, acronyms, near spellings); an engine only scores the tree:
 * a paper's score is the sum over the leaves it matches of weight × BM25 of that term.
 *
 *   any      at least one child matches (ranked retrieval: OR)
 *   all      every child matches (topics: AND)
 *   phrase   the terms side by side, in order (a word the corpus writes hyphenated:
 *            "backpropagation" is back·propag); engines without positions take all of them
 *   without  `include` matches and `exclude` does not; scored by `include` alone
 *
 * An `any` with no children matches nothing (a word with no near spelling).
 */
export type IndexField = 'text' | 'title' | 'authors' | 'aliases';

export type MatchNode =
  | { readonly kind: 'term'; readonly term: string; readonly weight: number; readonly fields?: readonly IndexField[] }
  | { readonly kind: 'any' | 'all'; readonly nodes: readonly MatchNode[] }
  | { readonly kind: 'phrase'; readonly terms: readonly string[]; readonly weight: number }
  | { readonly kind: 'without'; readonly include: MatchNode; readonly exclude: MatchNode };

export function termNode(term: string, weight = 1, fields?: readonly IndexField[]): MatchNode {
  return fields ? { kind: 'term', term, weight, fields } : { kind: 'term', term, weight };
}

export function anyOf(nodes: readonly MatchNode[]): MatchNode {
  return nodes.length === 1 ? nodes[0]! : { kind: 'any', nodes };
}

export function allOf(nodes: readonly MatchNode[]): MatchNode {
  return nodes.length === 1 ? nodes[0]! : { kind: 'all', nodes };
}

export function allTerms(terms: readonly string[]): MatchNode {
  return allOf(terms.map((t) => termNode(t)));
}

/** Terms side by side: one term is just that term. */
export function phraseNode(terms: readonly string[], weight = 1): MatchNode {
  return terms.length === 1 ? termNode(terms[0]!, weight) : { kind: 'phrase', terms, weight };
}

/** The same tree with every child of the root required (a topic: every word must match). */
export function requireEvery(node: MatchNode): MatchNode {
  return node.kind === 'any' ? { kind: 'all', nodes: node.nodes } : node;
}

/** Terms a match can be credited with: every leaf outside an exclusion, once each. */
export function scoringTerms(node: MatchNode, into: Set<string> = new Set()): Set<string> {
  if (node.kind === 'term') into.add(node.term);
  else if (node.kind === 'phrase') for (const term of node.terms) into.add(term);
  else if (node.kind === 'without') scoringTerms(node.include, into);
  else for (const child of node.nodes) scoringTerms(child, into);
  return into;
}
