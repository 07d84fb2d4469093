import { PaperSchema, type FeedAppearance, type Paper } from '../model/paper.js';

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

function appearanceKey(a: FeedAppearance): string {
  return `${a.source}\u0000${a.date}`;
}

/** Appearances accumulate; a later sighting of the same (source, day) updates rank and upvotes. */
export function mergeAppearances(a: readonly FeedAppearance[], b: readonly FeedAppearance[]): FeedAppearance[] {
  const byKey = new Map<string, FeedAppearance>();
  for (const appearance of [...a, ...b]) {
    const key = appearanceKey(appearance);
    byKey.set(key, { ...byKey.get(key), ...appearance });
  }
  return [...byKey.values()].sort((x, y) => (x.date === y.date ? x.source.localeCompare(y.source) : x.date < y.date ? -1 : 1));
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a <= b ? a : b;
}

/**
 * The same paper seen again: newer text and metadata win where given, lists grow, the
 * id and the first-added time never change (so a paper is never "new" twice).
 */
export function mergePapers(existing: Paper, incoming: Omit<Paper, 'id'>): Paper {
  // Text follows arXiv versions: an older version arriving late (a search result after a
  // replacement), or a record that knows no version (Hugging Face) after one that does, only
  // fills what is missing; it never rolls the text back.
  const newer = incoming.arxivVersion !== undefined && incoming.arxivVersion > (existing.arxivVersion ?? 0);
  const fillOnly = existing.arxivVersion !== undefined && !newer;
  const text = (a: string, b: string) => (fillOnly ? a || b : b || a);
  const merged: Paper = {
    ...existing,
    title: text(existing.title, incoming.title),
    abstract: text(existing.abstract, incoming.abstract),
    authors: (fillOnly && existing.authors.length > 0) || incoming.authors.length === 0 ? existing.authors : incoming.authors,
    codeUrls: union(existing.codeUrls, incoming.codeUrls),
    links: union(existing.links, incoming.links),
    appearances: mergeAppearances(existing.appearances, incoming.appearances),
  };
  // Links and dates keep their first value (sources disagree on the form, e.g. the HF page vs the
  // abstract page, and flip-flopping would make every read an "update"); a newer version's PDF wins.
  for (const key of ['url', 'publishedAt'] as const) {
    const value = existing[key] ?? incoming[key];
    if (value !== undefined) merged[key] = value;
  }
  const pdfUrl = newer ? (incoming.pdfUrl ?? existing.pdfUrl) : (existing.pdfUrl ?? incoming.pdfUrl);
  if (pdfUrl !== undefined) merged.pdfUrl = pdfUrl;
  const arxivId = existing.arxivId ?? incoming.arxivId;
  if (arxivId !== undefined) merged.arxivId = arxivId;
  const version = Math.max(existing.arxivVersion ?? 0, incoming.arxivVersion ?? 0);
  if (version > 0) merged.arxivVersion = version;
  const addedAt = earliest(existing.addedAt, incoming.addedAt);
  if (addedAt !== undefined) merged.addedAt = addedAt;
  return merged;
}

/** True when merging changed nothing a reader would see. */
export function samePaper(a: Paper, b: Paper): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

const FIELDS = Object.keys(PaperSchema.shape) as Array<keyof Paper>;

/** The paper as JSON with its fields in schema order, whatever order the object was built in. */
export function canonicalJson(paper: Paper): string {
  const ordered: Record<string, unknown> = {};
  for (const field of FIELDS) {
    if (paper[field] === undefined) continue;
    ordered[field] = field === 'appearances' ? paper.appearances.map(({ source, date, rank, upvotes }) => ({ source, date, rank, upvotes })) : paper[field];
  }
  return JSON.stringify(ordered);
}
