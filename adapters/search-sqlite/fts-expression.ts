import type { MatchNode } from '../../src/index.js';

/**
 * A match tree as an FTS5 MATCH expression. FTS5's bm25() sums, over every phrase of the
 * expression, idf × saturated term frequency, with column weights scaling the frequency:
 * a flat OR of terms is plain BM25. Two things the tree says need care:
 *
 *   - Leaf weights (a near spelling counts 0.45, an acronym for a spelled-out long form 0.5,
 *     more-like-this terms by tf·idf): bm25() has no per-phrase weight, but a phrase
 *     written twice counts twice, so weights become repetitions at a resolution of 1, 2 or
 *     4 steps per unit, as coarse as the weights allow.
 *   - Acronyms: papers that spell an acronym out without writing it hold it in `aliases`.
 *     Searching it as two phrases, one over the other columns and one over `aliases`, keeps
 *     their statistics apart, so a paper that writes both forms scores as the acronym alone
 *     would (as MiniSearch's per-field BM25 does).
 *
 * Terms are analysed index terms: letters and digits only, so quoting them is always safe.
 */
export interface FtsQuery {
  readonly expression: string;
  /** Divide -bm25() by this to undo the repetitions. */
  readonly resolution: number;
}

const NON_ALIAS_COLUMNS = '{text title authors}';

/** The tree without branches that can match nothing (an unknown word with no near spelling). */
export function prune(node: MatchNode): MatchNode | undefined {
  switch (node.kind) {
    case 'term':
      return node;
    case 'any': {
      const kept = node.nodes.flatMap((child) => prune(child) ?? []);
      return kept.length === 0 ? undefined : kept.length === 1 ? kept[0] : { kind: 'any', nodes: kept };
    }
    case 'all': {
      const kept = node.nodes.map(prune);
      if (kept.some((child) => child === undefined)) return undefined;
      return kept.length === 1 ? kept[0] : { kind: 'all', nodes: kept as MatchNode[] };
    }
    case 'without': {
      const include = prune(node.include);
      if (!include) return undefined;
      const exclude = prune(node.exclude);
      return exclude ? { kind: 'without', include, exclude } : include;
    }
  }
}

function weightsOf(node: MatchNode, into: number[] = []): number[] {
  if (node.kind === 'term') into.push(node.weight);
  else if (node.kind === 'without') weightsOf(node.include, into);
  else for (const child of node.nodes) weightsOf(child, into);
  return into;
}

/** The coarsest number of repetitions per unit weight that renders every weight within a fifth of a step. */
export function resolutionFor(weights: readonly number[]): number {
  for (const steps of [1, 2, 4]) {
    if (weights.every((w) => Math.abs(w * steps - Math.max(1, Math.round(w * steps))) <= 0.2)) return steps;
  }
  return 4;
}

const quote = (term: string): string => `"${term}"`;

function leaf(term: string, fields: readonly string[] | undefined, isAcronym: boolean): string {
  if (fields) return `{${fields.join(' ')}}: ${quote(term)}`;
  if (isAcronym) return `(${NON_ALIAS_COLUMNS}: ${quote(term)} OR {aliases}: ${quote(term)})`;
  return quote(term);
}

function render(node: MatchNode, steps: number, isAcronym: (term: string) => boolean): string {
  switch (node.kind) {
    case 'term': {
      const one = leaf(node.term, node.fields, isAcronym(node.term));
      const times = Math.max(1, Math.round(node.weight * steps));
      return times === 1 ? one : `(${Array.from({ length: times }, () => one).join(' OR ')})`;
    }
    case 'any':
      return `(${node.nodes.map((child) => render(child, steps, isAcronym)).join(' OR ')})`;
    case 'all':
      return `(${node.nodes.map((child) => render(child, steps, isAcronym)).join(' AND ')})`;
    case 'without':
      // The excluded branch is rendered without weights: it only filters.
      return `(${render(node.include, steps, isAcronym)} NOT ${render(node.exclude, 1, isAcronym)})`;
  }
}

/** The expression for a tree, or undefined when nothing can match it. */
export function ftsQuery(tree: MatchNode, isAcronym: (term: string) => boolean): FtsQuery | undefined {
  const pruned = prune(tree);
  if (!pruned) return undefined;
  const resolution = resolutionFor(weightsOf(pruned));
  return { expression: render(pruned, resolution, isAcronym), resolution };
}

/** An exact run of terms in the text column (a phrase constraint). */
export function phraseExpression(run: readonly string[]): string {
  return `{text}: "${run.join(' ')}"`;
}

/** Every term in the title column (a title: constraint). */
export function titleExpression(terms: readonly string[]): string {
  return terms.map((t) => `{title}: ${quote(t)}`).join(' AND ');
}

/**
 * Candidates for an author: filter from the `names` column: every name word of two or more
 * letters, whole (two letters) or as a prefix (three or more). Initials cannot narrow a
 * search; the exact check on each candidate does the rest.
 */
export function namesExpression(nameWords: readonly string[]): string | undefined {
  const usable = nameWords.filter((w) => w.length >= 2 && /^[\p{L}\p{N}]+$/u.test(w));
  if (usable.length === 0) return undefined;
  return usable.map((w) => `{names}: ${quote(w)}${w.length >= 3 ? '*' : ''}`).join(' AND ');
}
