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
