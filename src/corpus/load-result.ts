import type { PaperInput } from '../model/paper.js';

/**
 * What every loader returns: the papers it could read and, for the rest, a line-numbered
 * problem. Errors mean the record was skipped; warnings mean it was kept but repaired.
 */
export interface LoadProblem {
  readonly line: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** A validated paper that may still lack an id; the collection assigns one. `line` is where the record started. */
export type PaperDraft = PaperInput & { readonly line?: number };

export interface LoadResult {
  readonly papers: PaperDraft[];
  readonly problems: LoadProblem[];
}

export function formatProblem(problem: LoadProblem, source?: string): string {
  const where = source ? `${source}:${problem.line}` : `line ${problem.line}`;
  return `${where}: ${problem.severity}: ${problem.message}`;
}
