import { z } from 'zod';
import { cleanUrl } from '../corpus/abstract-links.js';
import { draftPaper } from '../corpus/draft-paper.js';
import type { LoadProblem, LoadResult, PaperDraft } from '../corpus/load-result.js';
import { arxivPdfUrl, parseArxivId } from '../ids/arxiv-id.js';
import { MAX_AUTHORS, MAX_TITLE_LENGTH } from '../model/paper.js';
import { cleanText, truncateAtWord } from '../text/clean-text.js';

/**
 * Hugging Face Daily Papers: the JSON of `GET https://huggingface.co/api/daily_papers`, an
 * array of items `{ paper: { id, title, summary, authors[], publishedAt, upvotes, … },
 * publishedAt, title, … }` (see landscape.md §5). Each item becomes one paper keyed by its
 * unversioned arXiv id, with one feed appearance: the day HF featured it, its rank on the
 * page and its upvotes. The featured day is not the arXiv date; the latter is `publishedAt`.
 *
 * Problems use the item's 1-based position in the array as their `line` ("item 3"), since
 * a response is usually one line of text. `line` 0 means the whole response: empty, not
 * JSON, or not an array. Nothing here throws on bad input; bad options are a caller bug
 * and throw a RangeError.
 *
 * Only `paper.id` and a title are required. A missing summary keeps the paper with an empty
 * abstract and a warning: the id and title are enough to find and link it, and a later
 * fetch fills the abstract in (merging never replaces text with an empty one).
 */
export const HF_SOURCE = 'hf-daily';

export interface HfDayOptions {
  /** The day asked for (YYYY-MM-DD): the feed day of every appearance when an item lacks its own featured date. */
  readonly date?: string;
  /** Rank offset for paged fetches: items on page p start at p * pageSize + 1. Default 0. */
  readonly rankOffset?: number;
}

/** How much of an upstream error text is worth repeating to a person. */
const MAX_ERROR_TEXT = 200;
/** Longer than any real name: such an entry is junk, not an author. */
const MAX_AUTHOR_NAME = 300;
const isoDate = z.iso.date();
const isoTimestamp = z.iso.datetime({ offset: true });

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: a key such as "constructor" must not find Object.prototype's. */
function field(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** Folded text (hard wraps and runs of spaces become one space), '' for anything not text. */
function text(value: unknown): string {
  return typeof value === 'string' ? cleanText(value) : '';
}

function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A bad value quoted for a message: strings clipped and JSON-escaped, anything else by kind. */
function sample(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return `(${kindOf(value)})`;
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

/** The UTC calendar day of an ISO date or timestamp; undefined when it is neither. */
function utcDay(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (isoDate.safeParse(value).success) return value;
  if (!isoTimestamp.safeParse(value).success) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return undefined;
  // An offset can push 9999-12-31 into a five-digit year, which is no valid day.
  const day = new Date(ms).toISOString().slice(0, 10);
  return isoDate.safeParse(day).success ? day : undefined;
}

function isIsoDateOrTimestamp(value: unknown): value is string {
  return typeof value === 'string' && (isoDate.safeParse(value).success || isoTimestamp.safeParse(value).success);
}

/** Only explicit http(s) links: `javascript:` and bare words must not become clickable. */
function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return /^https?:\/\//i.test(trimmed) ? cleanUrl(trimmed) : undefined;
}

function payloadError(message: string): LoadResult {
  return { papers: [], problems: [{ line: 0, severity: 'error', message }] };
}

function invalidJson(body: string, error: unknown): string {
  const reason = cleanText(error instanceof Error ? error.message : String(error));
  // V8 names a position for most errors; running out of input means the end of the text.
  const at = /at position (\d+)/.exec(reason)?.[1] ?? (/end of JSON input/i.test(reason) ? String(body.length) : undefined);
  const why = truncateAtWord(reason.replace(/ in JSON at position \d+.*$/, ''), 120);
  return `truncated or invalid JSON${at === undefined ? '' : ` at position ${at}`}: ${why}`;
}

function notAnArray(value: unknown): string {
  const error = text(field(value, 'error'));
  if (error) return `Hugging Face answered with an error instead of papers: ${truncateAtWord(error, MAX_ERROR_TEXT)}`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .slice(0, 5)
      .map((k) => JSON.stringify(k.slice(0, 40)));
    return `expected a JSON array of daily papers, got an object${keys.length ? ` with keys ${keys.join(', ')}` : ''}`;
  }
  return `expected a JSON array of daily papers, got ${kindOf(value)}`;
}

function checkOptions(options: HfDayOptions): { day: string | undefined; offset: number } {
  if (options.date !== undefined && !isoDate.safeParse(options.date).success) {
    throw new RangeError(`hf-daily: options.date must be a YYYY-MM-DD day, got ${sample(options.date)}`);
  }
  const offset = options.rankOffset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new RangeError(`hf-daily: options.rankOffset must be a non-negative integer, got ${String(offset)}`);
  }
  return { day: options.date, offset };
}

interface ItemContext {
  /** 1-based position in the array. */
  readonly n: number;
  readonly rank: number;
  readonly day: string | undefined;
  /** Ids already kept, with the item that holds each. */
  readonly kept: ReadonlyMap<string, number>;
  readonly problems: LoadProblem[];
}

/** One item to a draft, or undefined (with an error, or a warning for a duplicate). */
function readItem(item: unknown, { n, rank, day, kept, problems }: ItemContext): PaperDraft | undefined {
  let where = `item ${n}`;
  const warn = (message: string): void => {
    problems.push({ line: n, severity: 'warning', message: `${where}: ${message}` });
  };
  const skip = (reason: string): undefined => {
    problems.push({ line: n, severity: 'error', message: `${where}: skipped: ${reason}` });
    return undefined;
  };

  if (!isRecord(item)) return skip(`expected an object with a "paper", got ${kindOf(item)}`);
  const paper = field(item, 'paper');
  if (!isRecord(paper)) return skip(paper === undefined ? 'paper is missing' : `paper is ${kindOf(paper)}, not an object`);
  const rawId = field(paper, 'id');
  if (absent(rawId)) return skip('paper.id is missing');
  if (typeof rawId !== 'string') return skip(`paper.id is ${kindOf(rawId)}, not text`);
  const arxiv = parseArxivId(rawId);
  if (!arxiv) return skip(`paper.id ${sample(rawId)} is not an arXiv id`);
  where = `item ${n} (${arxiv.id})`;
  const first = kept.get(arxiv.id);
  if (first !== undefined) {
    warn(`dropped: the same paper as item ${first}, which is kept`);
    return undefined;
  }

  // The wrapper's title is HF's normalised one; the paper's keeps arXiv's wraps.
  let title = text(field(item, 'title')) || text(field(paper, 'title'));
  if (!title) return skip('paper.title is missing');
  if (title.length > MAX_TITLE_LENGTH) {
    warn(`title cut from ${title.length} to ${MAX_TITLE_LENGTH} characters`);
    title = truncateAtWord(title, MAX_TITLE_LENGTH);
  }
  const abstract = text(field(paper, 'summary')) || text(field(item, 'summary'));
  if (!abstract) warn('paper.summary is missing: kept with an empty abstract');

  const rawAuthors = field(paper, 'authors');
  if (!absent(rawAuthors) && !Array.isArray(rawAuthors)) warn(`paper.authors is ${kindOf(rawAuthors)}, not a list: kept with no authors`);
  const authors: string[] = [];
  let unnamed = 0;
  // `hidden` only hides the author's HF account; the name is still an author's.
  for (const entry of Array.isArray(rawAuthors) ? rawAuthors : []) {
    const name = typeof entry === 'string' ? text(entry) : text(field(entry, 'name'));
    if (name && name.length <= MAX_AUTHOR_NAME) authors.push(name);
    else unnamed += 1;
  }
  if (unnamed > 0) warn(`skipped ${unnamed} author ${unnamed === 1 ? 'entry' : 'entries'} without a usable name`);
  if (authors.length > MAX_AUTHORS) warn(`kept the first ${MAX_AUTHORS} of ${authors.length} authors`);

  const optionalUrl = (name: string, value: unknown): string[] => {
    if (absent(value)) return [];
    const url = httpUrl(value);
    if (url) return [url];
    warn(`dropped ${name} ${sample(value)}: not an http(s) URL`);
    return [];
  };
  const codeUrls = optionalUrl('paper.githubRepo', field(paper, 'githubRepo'));
  const links = optionalUrl('paper.projectPage', field(paper, 'projectPage'));

  const published = field(paper, 'publishedAt');
  if (!absent(published) && !isIsoDateOrTimestamp(published)) warn(`ignored paper.publishedAt ${sample(published)}: not an ISO date`);

  const dayOf = (name: string, value: unknown): string | undefined => {
    const found = utcDay(value);
    if (found === undefined && !absent(value)) warn(`ignored ${name} ${sample(value)}: not an ISO timestamp`);
    return found;
  };
  const featured = dayOf('publishedAt', field(item, 'publishedAt')) ?? dayOf('paper.submittedOnDailyAt', field(paper, 'submittedOnDailyAt')) ?? day;
  const rawUpvotes = field(paper, 'upvotes');
  const upvotes = typeof rawUpvotes === 'number' && Number.isSafeInteger(rawUpvotes) && rawUpvotes >= 0 ? rawUpvotes : undefined;
  if (upvotes === undefined && !absent(rawUpvotes)) warn(`ignored paper.upvotes ${sample(rawUpvotes)}: not a count`);
  if (featured === undefined) warn('no feed appearance: the item has no featured date and no day was asked for');

  const outcome = draftPaper({
    id: arxiv.id,
    arxivId: arxiv.id,
    ...(arxiv.version !== undefined ? { arxivVersion: arxiv.version } : {}),
    title,
    abstract,
    authors: authors.slice(0, MAX_AUTHORS),
    url: `https://huggingface.co/papers/${arxiv.id}`,
    pdfUrl: arxivPdfUrl(arxiv.id),
    codeUrls,
    links,
    ...(isIsoDateOrTimestamp(published) ? { publishedAt: published } : {}),
    appearances: featured === undefined ? [] : [{ source: HF_SOURCE, date: featured, rank, ...(upvotes !== undefined ? { upvotes } : {}) }],
  });
  if (!outcome.ok) return skip(outcome.reason);
  for (const message of outcome.warnings) warn(message);
  return { ...outcome.draft, line: n };
}

/**
 * Parses the JSON text of one `/api/daily_papers` response (an array of items), or a JSON
 * array of such items from a file. An empty array is an empty day, not a problem.
 * @throws RangeError when `options` are malformed (a caller bug, not bad input).
 */
export function parseHfDailyPapers(text: string, options: HfDayOptions = {}): LoadResult {
  checkOptions(options);
  // Files saved by Windows editors may start with a byte-order mark.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return payloadError('the response is empty: expected a JSON array of daily papers');
  let items: unknown;
  try {
    items = JSON.parse(body);
  } catch (error) {
    return payloadError(invalidJson(body, error));
  }
  return parseHfDailyItems(items, options);
}

/** Same, from already-parsed JSON (the HTTP client parses once). */
export function parseHfDailyItems(items: unknown, options: HfDayOptions = {}): LoadResult {
  const { day, offset } = checkOptions(options);
  if (!Array.isArray(items)) return payloadError(notAnArray(items));
  const papers: PaperDraft[] = [];
  const problems: LoadProblem[] = [];
  const kept = new Map<string, number>();
  // An index loop, not forEach: holes in a sparse array are items too, and take their rank.
  for (let i = 0; i < items.length; i += 1) {
    const n = i + 1;
    const draft = readItem(items[i] as unknown, { n, rank: offset + n, day, kept, problems });
    if (draft === undefined) continue;
    kept.set(draft.arxivId!, n);
    papers.push(draft);
  }
  return { papers, problems };
}
