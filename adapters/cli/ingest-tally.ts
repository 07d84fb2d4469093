import type { IngestReport } from '../../src/index.js';

/**
 * What a long ingest did, kept small: a million-paper file is ingested a piece at a time,
 * and its report keeps each paper's id and title, not the paper. A paper added by one
 * piece and updated by a later one is still new.
 */
export interface Listed {
  readonly id: string;
  readonly title: string;
}

export class IngestTally {
  readonly added = new Map<string, Listed>();
  readonly updated = new Map<string, Listed & { readonly why: readonly string[] }>();
  unchanged = 0;
  readonly skipped: Array<IngestReport['skipped'][number]> = [];
  readonly warnings: Array<IngestReport['warnings'][number]> = [];
  readonly renamed: Array<IngestReport['renamed'][number]> = [];

  add(report: IngestReport): void {
    for (const paper of report.added) this.added.set(paper.id, { id: paper.id, title: paper.title });
    for (const { paper, why } of report.updated) {
      if (this.added.has(paper.id)) this.added.set(paper.id, { id: paper.id, title: paper.title });
      else this.updated.set(paper.id, { id: paper.id, title: paper.title, why: [...(this.updated.get(paper.id)?.why ?? []), ...why] });
    }
    this.unchanged += report.unchanged;
    this.skipped.push(...report.skipped);
    this.warnings.push(...report.warnings);
    this.renamed.push(...report.renamed);
  }
}

/**
 * A skip reason without where it happened or the parser's detail, so that many records
 * skipped for one cause count as one: `item 3: skipped: paper is missing` → `paper is missing`,
 * `skipped: not valid JSON (Unexpected token …)` → `not valid JSON`.
 */
export function reasonKind(reason: string): string {
  const kind = reason.replace(/^(?:item \d+: |[^\s:]+: )?skipped(?: entry \d+| paper #\d+(?: "[^"]*")?| document \S+)?: /, '').replace(/ \((?:[^()]|\([^()]*\))*\)$/, '');
  return kind.length > 0 ? kind : reason;
}

/** The most frequent skip reasons, most frequent first (ties in order of first appearance). */
export function commonReasons(skipped: ReadonlyArray<{ readonly reason: string }>, max = 3): Array<{ readonly reason: string; readonly count: number }> {
  const counts = new Map<string, number>();
  for (const { reason } of skipped) {
    const kind = reasonKind(reason);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, max);
}
