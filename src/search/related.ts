import type { Paper } from '../model/paper.js';
import { analyze, compoundTerms, termOf, wordSpans } from '../text/analyzer.js';
import { termNode, type MatchNode } from './match-tree.js';

/**
 * More-like-this: the paper's most distinctive terms (tf·idf, title words counted twice)
 * become a weighted any-of tree, plus its authors' names in the author field. Terms no other
 * paper uses are skipped: they cannot find anything.
 */
export interface RelatedQuery {
  readonly tree: MatchNode | undefined;
  /** Distinctive terms, best first, with the word as the paper writes it. */
  readonly keyTerms: ReadonlyArray<{ readonly term: string; readonly word: string }>;
}

export interface TermStatistics {
  readonly documentCount: number;
  documentFrequency(term: string): number;
}

const MAX_KEY_TERMS = 25;
const AUTHOR_WEIGHT = 0.5;

/** "Training" reads as "training" in a list; "LoRA" and "CIFAR" keep their capitals. */
function displayWord(word: string): string {
  return /^\p{Lu}[\p{Ll}\d-]*$/u.test(word) ? word.toLowerCase() : word;
}

/**
 * term → the way the paper writes it, so "why" lines show words, not stems. The parts of a
 * compound show as the whole compound ("back-propagation", once, not "back" and "propagation").
 */
export function surfaceWords(text: string): Map<string, string> {
  const words = new Map<string, string>();
  for (const span of wordSpans(text)) {
    const { parts, joined } = compoundTerms(span.text);
    const terms = joined === undefined ? [termOf(span.text)] : [joined, ...parts];
    for (const term of terms) if (term !== undefined && !words.has(term)) words.set(term, displayWord(span.text));
  }
  return words;
}

export function relatedQuery(paper: Paper, stats: TermStatistics): RelatedQuery {
  const tf = new Map<string, number>();
  for (const term of analyze(paper.title)) tf.set(term, (tf.get(term) ?? 0) + 2);
  for (const term of analyze(paper.abstract)) tf.set(term, (tf.get(term) ?? 0) + 1);
  const n = stats.documentCount;
  const weighted: Array<{ term: string; weight: number }> = [];
  for (const [term, count] of tf) {
    const df = stats.documentFrequency(term);
    if (df <= 1) continue;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    weighted.push({ term, weight: (1 + Math.log(count)) * idf });
  }
  weighted.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
  const top = weighted.slice(0, MAX_KEY_TERMS);
  const max = top[0]?.weight ?? 1;
  const nodes: MatchNode[] = top.map(({ term, weight }) => termNode(term, weight / max));
  for (const term of new Set(analyze(paper.authors.join(' ')))) nodes.push(termNode(term, AUTHOR_WEIGHT, ['authors']));
  const words = surfaceWords(`${paper.title} ${paper.abstract}`);
  return {
    tree: nodes.length === 0 ? undefined : { kind: 'any', nodes },
    keyTerms: top.map(({ term }) => ({ term, word: words.get(term) ?? term })),
  };
}
