import type { PaperCollection } from '../corpus/paper-collection.js';
import type { LoadResult } from '../corpus/load-result.js';
import type { FeedAppearance, Paper } from '../model/paper.js';

/**
 * What an ingest did to the corpus, in words a person checks after a feed run: which papers
 * are new, which were updated and why (a new arXiv version, new upvotes, another feed day),
 * how many were already known as they are, and every record that was skipped with its reason.
 * A paper that is updated is never "added": digests only treat added papers as new.
 */
export interface IngestChange {
  readonly paper: Paper;
  /** The paper as it was before (what the search index holds until it is told). */
  readonly previous: Paper;
  readonly why: readonly string[];
}

export interface IngestReport {
  readonly added: readonly Paper[];
  readonly updated: readonly IngestChange[];
  readonly unchanged: number;
  /** Records a loader refused, with its reason (position: line or item number). */
  readonly skipped: ReadonlyArray<{ readonly position: number; readonly reason: string }>;
  /** Records kept but repaired, with what was repaired. */
  readonly warnings: ReadonlyArray<{ readonly position: number; readonly reason: string }>;
  /** Ids a record asked for that already named another paper (it got another id). */
  readonly renamed: ReadonlyArray<{ readonly from: string; readonly to: string }>;
}

const appearanceKey = (a: FeedAppearance) => `${a.source} ${a.date}`;

/** Why `after` differs from `before`, most telling first; empty when only invisible fields moved. */
export function describeChange(before: Paper, after: Paper): string[] {
  const why: string[] = [];
  if ((after.arxivVersion ?? 0) > (before.arxivVersion ?? 0)) why.push(`new version v${after.arxivVersion}${before.arxivVersion ? ` (was v${before.arxivVersion})` : ''}`);
  const earlier = new Map(before.appearances.map((a) => [appearanceKey(a), a]));
  for (const a of after.appearances) {
    const was = earlier.get(appearanceKey(a));
    if (!was) why.push(`seen on ${a.source} ${a.date}${a.rank !== undefined ? ` at #${a.rank}` : ''}`);
    else if (a.upvotes !== undefined && a.upvotes !== was.upvotes) why.push(`upvotes ${was.upvotes ?? 0} → ${a.upvotes} on ${a.source} ${a.date}`);
  }
  if (after.title !== before.title) why.push('title changed');
  if (after.abstract !== before.abstract) why.push('abstract changed');
  if (after.authors.join('\u0000') !== before.authors.join('\u0000')) why.push('authors changed');
  const newCode = after.codeUrls.filter((u) => !before.codeUrls.includes(u));
  if (newCode.length > 0) why.push(`code: ${newCode.join(', ')}`);
  if (why.length === 0) why.push('links or dates filled in');
  return why;
}

/** Adds what a loader read to `collection` and reports it. */
export interface IngestOptions {
  /** Told every 1,000 records and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  /** arXiv ids that may only update a paper already known (arXiv's `replace` announcements): an old paper's new version is not news. */
  readonly updatesOnly?: ReadonlySet<string>;
}

export function ingestLoaded(collection: PaperCollection, loaded: LoadResult, options: IngestOptions = {}): IngestReport {
  const { onProgress, updatesOnly } = options;
  const notKnown: Array<{ position: number; reason: string }> = [];
  const added: Paper[] = [];
  const updated: IngestChange[] = [];
  const renamed: Array<{ from: string; to: string }> = [];
  const addedIndex = new Map<string, number>();
  let unchanged = 0;
  const total = loaded.papers.length;
  loaded.papers.forEach((draft, i) => {
    if (draft.arxivId !== undefined && updatesOnly?.has(draft.arxivId) && !collection.get(draft.arxivId)) {
      notKnown.push({ position: draft.line ?? i + 1, reason: `${draft.arxivId}: skipped: a new version of a paper not in the corpus (announced as a replacement, so not new)` });
      return;
    }
    const result = collection.add(draft);
    if (result.renamedFrom !== undefined) renamed.push({ from: result.renamedFrom, to: result.paper.id });
    const addedAt = addedIndex.get(result.paper.id);
    if (result.status === 'added') addedIndex.set(result.paper.id, added.push(result.paper) - 1);
    // A paper new in this very batch stays "added" (in its latest form) however often the batch repeats it.
    else if (addedAt !== undefined) added[addedAt] = result.paper;
    else if (result.status === 'updated') {
      const previous = result.previous ?? result.paper;
      updated.push({ paper: result.paper, previous, why: describeChange(previous, result.paper) });
    } else unchanged += 1;
    if (onProgress && ((i + 1) % 1000 === 0 || i + 1 === total)) onProgress(i + 1, total);
  });
  const of = (severity: 'error' | 'warning') => loaded.problems.filter((p) => p.severity === severity).map((p) => ({ position: p.line, reason: p.message }));
  return { added, updated, unchanged, skipped: [...of('error'), ...notKnown], warnings: of('warning'), renamed };
}

/** Reports of consecutive ingests (slices of one feed) as one: a paper added by one slice and updated by a later one is still new, in its latest form. */
export function combineReports(parts: readonly IngestReport[]): IngestReport {
  const updates = parts.flatMap((p) => p.updated);
  const latest = new Map(updates.map((u) => [u.paper.id, u.paper]));
  const added = parts.flatMap((p) => p.added).map((paper) => latest.get(paper.id) ?? paper);
  const addedIds = new Set(added.map((p) => p.id));
  return {
    added,
    updated: updates.filter((u) => !addedIds.has(u.paper.id)),
    unchanged: parts.reduce((n, p) => n + p.unchanged, 0),
    skipped: parts.flatMap((p) => p.skipped),
    warnings: parts.flatMap((p) => p.warnings),
    renamed: parts.flatMap((p) => p.renamed),
  };
}
