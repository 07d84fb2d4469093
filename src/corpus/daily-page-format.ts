import { INVALID_UTF8_WARNING, decodeLines, notTextProblems, type LoaderInput } from './text-lines.js';
import { draftPaper } from './draft-paper.js';
import type { LoadProblem, LoadResult, PaperDraft } from './load-result.js';

/**
 * The "trending papers" page exported as text: an e-mail banner, then one line per title
 * and one per abstract, in trending order. The page's Subscribe button text is glued to
 * the front of the first title ("SubscribeNoProp: …").
 *
 * Lines are paired by shape, not only by position, so one missing line costs one paper,
 * not every pairing after it: titles are short and do not end in a full stop, abstracts
 * are long or do.
 */
export interface DailyPageOptions {
  /** The day the page was captured: every paper gets a feed appearance on it. */
  readonly feedDate: string;
  /** Feed name recorded in appearances. */
  readonly source?: string;
}

const BANNER = /^get trending papers in your (e-?mail )?inbox/i;
const SUBSCRIBE_BUTTON = /^Subscribe(?=[^\sa-z])/;
/** No real title in the shipped pages exceeds 140 characters; no abstract is under 200. */
const MAX_TITLE_SHAPE = 300;

function looksLikeTitle(line: string): boolean {
  return line.length <= MAX_TITLE_SHAPE && !/\.\s*$/.test(line);
}

function looksLikeAbstract(line: string): boolean {
  return !looksLikeTitle(line);
}

/** Too long to be any title: only an abstract is this long. */
function tooLongForTitle(line: string): boolean {
  return line.length > MAX_TITLE_SHAPE;
}

export function parseDailyPage(input: LoaderInput, options: DailyPageOptions): LoadResult {
  const decoded = decodeLines(input);
  const { lines, invalidUtf8 } = decoded;
  const source = options.source ?? 'hf-trending';
  const papers: PaperDraft[] = [];
  const problems: LoadProblem[] = notTextProblems(decoded);
  const entries: Array<{ line: number; text: string }> = [];
  lines.forEach((text, i) => {
    const trimmed = text.trim();
    if (trimmed !== '') entries.push({ line: i + 1, text: trimmed });
  });
  while (entries.length > 0 && BANNER.test(entries[0]!.text)) entries.shift();

  let rank = 0;
  let pending: { line: number; text: string } | undefined;
  const emit = (title: { line: number; text: string }, abstract: { line: number; text: string }): void => {
    rank += 1;
    const outcome = draftPaper({
      title: rank === 1 ? title.text.replace(SUBSCRIBE_BUTTON, '') : title.text,
      abstract: abstract.text,
      appearances: [{ source, date: options.feedDate, rank }],
      addedAt: options.feedDate,
    });
    if (!outcome.ok) {
      problems.push({ line: title.line, severity: 'error', message: `skipped paper #${rank}: ${outcome.reason}` });
      return;
    }
    for (const line of [title.line, abstract.line]) {
      if (invalidUtf8.has(line)) problems.push({ line, severity: 'warning', message: INVALID_UTF8_WARNING });
    }
    for (const message of outcome.warnings) problems.push({ line: abstract.line, severity: 'warning', message });
    papers.push({ ...outcome.draft, line: title.line });
  };
  const orphanTitle = (title: { line: number; text: string }, why: string): void => {
    rank += 1;
    problems.push({ line: title.line, severity: 'error', message: `skipped paper #${rank} "${title.text.slice(0, 60)}": ${why}` });
  };

  entries.forEach((entry, i) => {
    if (!pending) {
      if (tooLongForTitle(entry.text)) {
        problems.push({
          line: entry.line,
          severity: 'error',
          message: `skipped a ${entry.text.length}-character line that reads like an abstract with no title before it`,
        });
      } else {
        pending = entry;
      }
      return;
    }
    const next = entries[i + 1];
    // A short line after a title, followed by an abstract, is the next title: this one lost its abstract.
    if (looksLikeTitle(entry.text) && next !== undefined && looksLikeAbstract(next.text)) {
      orphanTitle(pending, 'no abstract follows its title');
      pending = entry;
      return;
    }
    emit(pending, entry);
    pending = undefined;
  });
  if (pending) orphanTitle(pending, 'the file ends after this title (truncated export?)');
  return { papers, problems };
}
