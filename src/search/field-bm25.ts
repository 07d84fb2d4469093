import type { IndexedFields } from './indexed-fields.js';
import type { IndexField, MatchNode } from './match-tree.js';
import type { RankingSettings } from './ranking-settings.js';

/**
 * paperboy's ranking model, as one pure function: BM25 per field (text, title, authors,
 * aliases), each field's score weighted by its boost, summed over the terms a paper
 * matches, each term weighted by its leaf in the match tree (a near spelling counts less,
 * more-like-this terms by tf·idf). It is exactly what the memory engine's MiniSearch
 * computes; the disk engine finds candidates with FTS5 and scores the best of them again
 * with this, so both engines rank alike (README, "Search engines").
 */
export const RANKED_FIELDS: readonly IndexField[] = ['text', 'title', 'authors', 'aliases'];

export type RankedFields = Readonly<Record<IndexField, readonly string[]>>;

/** Corpus statistics the score needs, per field. */
export interface FieldStatistics {
  readonly documentCount: number;
  /** Papers whose `field` holds `term`. */
  fieldFrequency(field: IndexField, term: string): number;
  /** Mean length of `field`, in tokens, over every paper. */
  averageLength(field: IndexField): number;
}

/** A paper's fields as ranking sees them: the title written `titleRepeat` times in front of the text. */
export function rankedFieldsOf(fields: Pick<IndexedFields, 'text' | 'title' | 'authors' | 'aliases'>, settings: RankingSettings): RankedFields {
  const text = [...Array.from({ length: settings.titleRepeat - 1 }, () => fields.title).flat(), ...fields.text];
  return { text, title: fields.title, authors: fields.authors, aliases: fields.aliases };
}

interface Counted {
  readonly length: Record<IndexField, number>;
  readonly tf: Record<IndexField, Map<string, number>>;
}

/** Field lengths, and how often each of the tree's terms occurs in each field (other terms are not needed). */
function count(fields: RankedFields, wanted: ReadonlySet<string>): Counted {
  const length = {} as Record<IndexField, number>;
  const tf = {} as Record<IndexField, Map<string, number>>;
  for (const field of RANKED_FIELDS) {
    const terms = fields[field];
    length[field] = terms.length;
    const frequencies = new Map<string, number>();
    for (const term of terms) if (wanted.has(term)) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
    tf[field] = frequencies;
  }
  return { length, tf };
}

function treeTerms(node: MatchNode, into: Set<string> = new Set()): Set<string> {
  if (node.kind === 'term') into.add(node.term);
  else if (node.kind === 'phrase') for (const term of node.terms) into.add(term);
  else if (node.kind === 'without') {
    treeTerms(node.include, into);
    treeTerms(node.exclude, into);
  } else for (const child of node.nodes) treeTerms(child, into);
  return into;
}

/** MiniSearch's BM25 (d = BM25+'s lower bound, 0 here). */
function bm25(termFrequency: number, matching: number, total: number, length: number, averageLength: number, params: RankingSettings['bm25']): number {
  const idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return idf * (params.d + (termFrequency * (params.k + 1)) / (termFrequency + params.k * (1 - params.b + (params.b * length) / Math.max(averageLength, 1e-9))));
}

/**
 * The paper's score for the tree, or undefined when the tree does not match it. Branches
 * combine as in MiniSearch: any sums the children that match, all needs every child (and
 * sums them), a phrase is all of its terms (no positions here), without keeps the score of
 * what it includes.
 */
export function scoreTree(tree: MatchNode, fields: RankedFields, stats: FieldStatistics, settings: RankingSettings): number | undefined {
  const counted = count(fields, treeTerms(tree));
  const leaf = (term: string, weight: number, only: readonly IndexField[] | undefined): number | undefined => {
    let score: number | undefined;
    for (const field of only ?? RANKED_FIELDS) {
      const tf = counted.tf[field].get(term);
      if (!tf) continue;
      const raw = bm25(tf, stats.fieldFrequency(field, term), stats.documentCount, counted.length[field], stats.averageLength(field), settings.bm25);
      score = (score ?? 0) + weight * settings.boost[field] * raw;
    }
    return score;
  };
  const walk = (node: MatchNode): number | undefined => {
    switch (node.kind) {
      case 'term':
        return leaf(node.term, node.weight, node.fields);
      case 'phrase':
        return walk({ kind: 'all', nodes: node.terms.map((term) => ({ kind: 'term', term, weight: node.weight })) });
      case 'any': {
        let sum: number | undefined;
        for (const child of node.nodes) {
          const s = walk(child);
          if (s !== undefined) sum = (sum ?? 0) + s;
        }
        return sum;
      }
      case 'all': {
        let sum = 0;
        for (const child of node.nodes) {
          const s = walk(child);
          if (s === undefined) return undefined;
          sum += s;
        }
        return sum;
      }
      case 'without':
        return walk(node.exclude) === undefined ? walk(node.include) : undefined;
    }
  };
  return walk(tree);
}
