import type { ArxivId } from '../ids/arxiv-id.js';
import { MAX_AUTHORS, MAX_TITLE_LENGTH, type FeedAppearance } from '../model/paper.js';
import { draftPaper } from '../corpus/draft-paper.js';
import type { LoadProblem, LoadResult, PaperDraft } from '../corpus/load-result.js';
import { cleanText, truncateAtWord } from '../text/clean-text.js';

/**
 * What the arXiv readers share: the outcome type, and a collector that turns entries
 * into validated drafts, one per paper. Problem and draft `line` numbers are 1-based
 * entry (Atom) or item (RSS) positions, not text lines. Import from `arxiv-feed.ts`.
 */

/** Names the arXiv query API in messages; API results get no feed appearance (a query answer is not a feed day). */
export const ARXIV_API_SOURCE = 'arxiv';
/** Appearance source for announcement feeds whose category is unknown; otherwise `arxiv:<category>`. */
export const ARXIV_ANNOUNCE_SOURCE = 'arxiv-new';

export type ArxivFeedOutcome =
  | { readonly kind: 'papers'; readonly result: LoadResult; readonly totalResults?: number; readonly startIndex?: number; readonly itemsPerPage?: number }
  /** Genuinely nothing: a query with no matches, a page past the last result, a day with no announcement. `note` says which. */
  | { readonly kind: 'empty'; readonly totalResults?: number; readonly note?: string }
  /** HTTP 200 and zero entries although the total says more exist: arXiv's throttling, not "no papers". Retry later. */
  | { readonly kind: 'throttled'; readonly totalResults: number; readonly startIndex: number }
  /** arXiv's own error feed (its reason in `message`), or a payload that is not a readable feed. */
  | { readonly kind: 'error'; readonly message: string };

/** One entry or item, as read from the XML, before caps and validation. */
export interface ArxivEntry {
  readonly position: number;
  readonly arxiv: ArxivId;
  readonly title: string;
  readonly abstract: string;
  readonly authors: readonly string[];
  readonly pdfUrl?: string | undefined;
  readonly links?: readonly string[] | undefined;
  readonly codeUrls?: readonly string[] | undefined;
  readonly publishedAt?: string | undefined;
  readonly appearance?: FeedAppearance | undefined;
}

const MAX_AUTHOR_NAME = 300;

export function versionLabel(arxiv: ArxivId): string {
  return arxiv.version === undefined ? arxiv.id : `${arxiv.id}v${arxiv.version}`;
}

/** Collects drafts in feed order; a second entry for the same paper keeps the higher version. */
export class ArxivPaperCollector {
  readonly #papers: PaperDraft[] = [];
  readonly #problems: LoadProblem[] = [];
  readonly #seen = new Map<string, { index: number; arxiv: ArxivId; position: number }>();

  warn(position: number, message: string): void {
    this.#problems.push({ line: position, severity: 'warning', message });
  }

  skip(position: number, message: string): void {
    this.#problems.push({ line: position, severity: 'error', message: `skipped entry ${position}: ${message}` });
  }

  /** Whether a paper with this unversioned id made it into the result. */
  has(id: string): boolean {
    return this.#seen.has(id);
  }

  /** Adds an entry; false when it was skipped (a problem says why) or an older duplicate. */
  add(entry: ArxivEntry): boolean {
    const { position, arxiv } = entry;
    const drafted = draftPaper({
      title: this.#title(entry),
      abstract: entry.abstract,
      authors: this.#authors(entry),
      arxivId: arxiv.id,
      ...(arxiv.version === undefined ? {} : { arxivVersion: arxiv.version }),
      ...(entry.pdfUrl === undefined ? {} : { pdfUrl: entry.pdfUrl }),
      links: entry.links ?? [],
      codeUrls: entry.codeUrls ?? [],
      ...(entry.publishedAt === undefined ? {} : { publishedAt: entry.publishedAt }),
      appearances: entry.appearance === undefined ? [] : [entry.appearance],
    });
    if (!drafted.ok) {
      this.skip(position, `${versionLabel(arxiv)}: ${drafted.reason}`);
      return false;
    }
    for (const message of drafted.warnings) this.warn(position, `${versionLabel(arxiv)}: ${message}`);
    const draft: PaperDraft = { ...drafted.draft, line: position };

    const prior = this.#seen.get(arxiv.id);
    if (prior === undefined) {
      this.#seen.set(arxiv.id, { index: this.#papers.length, arxiv, position });
      this.#papers.push(draft);
      return true;
    }
    const newer = (arxiv.version ?? 0) > (prior.arxiv.version ?? 0);
    const kept = newer ? arxiv : prior.arxiv;
    this.warn(position, `entries ${prior.position} (${versionLabel(prior.arxiv)}) and ${position} (${versionLabel(arxiv)}) are the same paper; kept ${versionLabel(kept)}`);
    if (!newer) return false;
    const replaced = this.#papers[prior.index]!;
    // An announcement seen with the older entry still happened.
    const appearances = draft.appearances?.length ? draft.appearances : (replaced.appearances ?? []);
    this.#papers[prior.index] = { ...draft, appearances };
    this.#seen.set(arxiv.id, { index: prior.index, arxiv, position });
    return true;
  }

  result(): LoadResult {
    return { papers: [...this.#papers], problems: [...this.#problems].sort((a, b) => a.line - b.line) };
  }

  #title(entry: ArxivEntry): string {
    const title = cleanText(entry.title);
    if (title.length <= MAX_TITLE_LENGTH) return title;
    this.warn(entry.position, `${versionLabel(entry.arxiv)}: title cut from ${title.length} to ${MAX_TITLE_LENGTH} characters`);
    return truncateAtWord(title, MAX_TITLE_LENGTH);
  }

  #authors(entry: ArxivEntry): string[] {
    const names = entry.authors.map((a) => cleanText(a)).filter((a) => a !== '');
    const authors = names.map((a) => (a.length > MAX_AUTHOR_NAME ? truncateAtWord(a, MAX_AUTHOR_NAME) : a));
    if (authors.length <= MAX_AUTHORS) return authors;
    // Physics collaborations list thousands; the first ones are the useful part.
    this.warn(entry.position, `${versionLabel(entry.arxiv)}: kept the first ${MAX_AUTHORS} of ${authors.length} authors`);
    return authors.slice(0, MAX_AUTHORS);
  }
}
