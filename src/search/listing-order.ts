import { paperDate, type Paper } from '../model/paper.js';

/** When a paper was last news: its latest feed day, else its own date. */
export function listingDate(paper: Paper): string {
  let latest = '';
  for (const a of paper.appearances) if (a.date > latest) latest = a.date;
  return latest || (paperDate(paper) ?? '');
}

/** Papers a filter-only query lists, newest first, then by id so the order is stable. */
export function listingOrder(papers: readonly Paper[]): Paper[] {
  const keyed = papers.map((paper) => ({ paper, date: listingDate(paper) }));
  keyed.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.paper.id < b.paper.id ? -1 : a.paper.id > b.paper.id ? 1 : 0));
  return keyed.map((k) => k.paper);
}
