import type { Paper } from '../model/paper.js';
import { draftPaper } from './draft-paper.js';
import { readJsonLines } from './json-lines.js';
import type { LoaderInput } from './text-lines.js';
import type { LoadResult, PaperDraft } from './load-result.js';

/** The canonical corpus format: one Paper per line, as `toPaperJsonLines` writes it. */
export function parsePaperJsonLines(input: LoaderInput): LoadResult {
  const { records, problems } = readJsonLines(input);
  const papers: PaperDraft[] = [];
  for (const { line, value } of records) {
    const outcome = draftPaper(value);
    if (!outcome.ok) {
      problems.push({ line, severity: 'error', message: `skipped: ${outcome.reason}` });
      continue;
    }
    for (const message of outcome.warnings) problems.push({ line, severity: 'warning', message });
    papers.push({ ...outcome.draft, line });
  }
  problems.sort((a, b) => a.line - b.line);
  return { papers, problems };
}

const FIELD_ORDER: Array<keyof Paper> = [
  'id', 'title', 'authors', 'abstract', 'url', 'pdfUrl', 'codeUrls', 'links',
  'publishedAt', 'arxivId', 'arxivVersion', 'appearances', 'addedAt',
];

/** Papers as JSON Lines with a fixed key order, so files diff cleanly. Empty lists are left out. */
export function toPaperJsonLines(papers: Iterable<Paper>): string {
  let out = '';
  for (const paper of papers) {
    const record: Record<string, unknown> = {};
    for (const key of FIELD_ORDER) {
      const value = paper[key];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      record[key] = value;
    }
    out += `${JSON.stringify(record)}\n`;
  }
  return out;
}
