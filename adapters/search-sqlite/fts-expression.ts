import type { MatchNode } from '../../src/index.js';

/**
 * A match tree as an FTS5 MATCH expression. FTS5's bm25() sums, over every phrase of the
 * expression, idf × saturated term frequency, with column weights scaling the frequency:
 * a flat OR of terms is plain BM25. FTS5 only finds the candidates: the best of them are
 * scored again with paperboy's own BM25 (search/field-bm25.ts). Two things need care:
 *
 *   - A ranked search (no `all` in the tree) becomes a flat OR of its distinct terms and
 *     phrases, every one counted fully: that finds the papers worth scoring again best.
 *   - Leaf weights where they matter (more-like-this terms weigh by tf·idf): bm25() has no
 *     per-phrase weight, but a phrase written twice counts twice, so weights become
 *     repetitions at a resolution of 1, 2 or 4 steps per unit, as coarse as they allow.
 *
 * Terms are analysed index terms: letters and digits only, so quoting them is always safe.
 */
export interface FtsQuery {
  readonly expression: string;
  /** Divide -bm25() by this to undo the repetitions. */
  readonly resolution: number;
}

/** The tree without branches that can match nothing (an unknown word with no near spelling). */
export function prune(node: MatchNode): MatchNode | undefined {
  switch (node.kind) {
    case 'term':
    case 'phrase':
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
  if (node.kind === 'term' || node.kind === 'phrase') into.push(node.weight);
  else if (node.kind === 'without') weightsOf(node.include, into);
  else for (const child of node.nodes) weightsOf(child, into);
  return into;
}

/** Whether every branch of the tree is a choice (a ranked search, not a filter). */
function onlyChoices(node: MatchNode): boolean {
  if (node.kind === 'all') return false;
  if (node.kind === 'any') return node.nodes.every(onlyChoices);
  if (node.kind === 'without') return onlyChoices(node.include);
  return true;
}

/** The tree's terms and phrases, each once, as unweighted leaves (exclusions dropped: they only shaped scores). */
function leaves(node: MatchNode, into: Map<string, MatchNode> = new Map()): Map<string, MatchNode> {
  if (node.kind === 'term') into.set(`t ${node.fields?.join(',') ?? ''} ${node.term}`, { ...node, weight: 1 });
  else if (node.kind === 'phrase') into.set(`p ${node.terms.join(' ')}`, { ...node, weight: 1 });
  else if (node.kind === 'without') leaves(node.include, into);
  else for (const child of node.nodes) leaves(child, into);
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

function repeated(one: string, weight: number, steps: number): string {
  const times = Math.max(1, Math.round(weight * steps));
  return times === 1 ? one : `(${Array.from({ length: times }, () => one).join(' OR ')})`;
}

function leaf(term: string, fields: readonly string[] | undefined): string {
  return fields ? `{${fields.join(' ')}}: ${quote(term)}` : quote(term);
}

function render(node: MatchNode, steps: number, weighted = true): string {
  if (!weighted && (node.kind === 'term' || node.kind === 'phrase')) return render({ ...node, weight: 1 }, 1);
  switch (node.kind) {
    case 'term':
      return repeated(leaf(node.term, node.fields), node.weight, steps);
    case 'phrase':
      return repeated(`{text title}: ${quote(node.terms.join(' '))}`, node.weight, steps);
    case 'any':
      return `(${node.nodes.map((child) => render(child, steps, weighted)).join(' OR ')})`;
    case 'all':
      return `(${node.nodes.map((child) => render(child, steps, weighted)).join(' AND ')})`;
    case 'without':
      // The excluded branch is rendered without weights: it only filters.
      return `(${render(node.include, steps, weighted)} NOT ${render(node.exclude, 1, false)})`;
  }
}

/** One word or phrase of a tree as it is matched, without its weight. */
export function leafExpression(node: Extract<MatchNode, { kind: 'term' | 'phrase' }>): string {
  return render({ ...node, weight: 1 }, 1);
}

/** The expression for a tree, or undefined when nothing can match it. */
export function ftsQuery(tree: MatchNode, weighted = true): FtsQuery | undefined {
  const pruned = prune(tree);
  if (!pruned) return undefined;
  if (!weighted) {
    const flat: MatchNode = onlyChoices(pruned) ? { kind: 'any', nodes: [...leaves(pruned).values()] } : pruned;
    return { expression: render(flat, 1, false), resolution: 1 };
  }
  const resolution = resolutionFor(weightsOf(pruned));
  return { expression: render(pruned, resolution), resolution };
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
