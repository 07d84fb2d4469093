import { readJsonLines } from './json-lines.js';
import { decodeLines, notTextProblems, type LoaderInput } from './text-lines.js';
import { cleanText, truncateAtWord } from '../text/clean-text.js';
import { draftPaper } from './draft-paper.js';
import type { LoadProblem, LoadResult, PaperDraft } from './load-result.js';

/**
 * BEIR's layout for IR test collections: `corpus.jsonl` ({_id, title, text}),
 * `queries.jsonl` ({_id, text}) and `qrels/<split>.tsv` (query-id, corpus-id, score).
 * Document ids are kept exactly, because the judgments refer to them.
 */
const TITLE_FROM_TEXT = 80;

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function parseBeirCorpus(input: LoaderInput): LoadResult {
  const { records, problems } = readJsonLines(input);
  const papers: PaperDraft[] = [];
  for (const { line, value } of records) {
    const id = idOf(value._id);
    if (!id) {
      problems.push({ line, severity: 'error', message: 'skipped: "_id" is missing or empty' });
      continue;
    }
    // Many BEIR collections (FiQA, Quora, MS MARCO) have no titles: the text's start stands in.
    const text = typeof value.text === 'string' ? value.text : '';
    const title = typeof value.title === 'string' && value.title.trim() !== '' ? value.title : truncateAtWord(cleanText(text), TITLE_FROM_TEXT);
    const outcome = draftPaper({ id, title, abstract: text });
    if (!outcome.ok) {
      problems.push({ line, severity: 'error', message: `skipped document ${id}: ${outcome.reason}` });
      continue;
    }
    for (const message of outcome.warnings) problems.push({ line, severity: 'warning', message });
    papers.push({ ...outcome.draft, line });
  }
  problems.sort((a, b) => a.line - b.line);
  return { papers, problems };
}

export interface BeirQuery {
  readonly id: string;
  readonly text: string;
}

export function parseBeirQueries(input: LoaderInput): { queries: BeirQuery[]; problems: LoadProblem[] } {
  const { records, problems } = readJsonLines(input);
  const queries: BeirQuery[] = [];
  for (const { line, value } of records) {
    const id = idOf(value._id);
    const text = typeof value.text === 'string' ? value.text.trim() : '';
    if (!id || text === '') {
      problems.push({ line, severity: 'error', message: 'skipped: a query needs "_id" and a non-empty "text"' });
      continue;
    }
    queries.push({ id, text });
  }
  return { queries, problems };
}

/** Relevance judgments: query id → document id → grade (> 0 is relevant). */
export type Qrels = Map<string, Map<string, number>>;

export function parseQrels(input: LoaderInput): { qrels: Qrels; problems: LoadProblem[] } {
  const decoded = decodeLines(input);
  const { lines } = decoded;
  const qrels: Qrels = new Map();
  const problems: LoadProblem[] = notTextProblems(decoded);
  lines.forEach((text, i) => {
    const line = i + 1;
    if (text.trim() === '') return;
    const cells = text.trim().split(/\t|\s+/);
    if (line === 1 && cells[0] === 'query-id') return;
    // TREC qrels have four columns (qid iter docid grade); BEIR's TSV has three.
    const [qid, docid, grade] = cells.length === 4 ? [cells[0], cells[2], cells[3]] : cells;
    const score = Number(grade);
    if (!qid || !docid || grade === undefined || !Number.isInteger(score)) {
      problems.push({ line, severity: 'error', message: 'skipped: expected "query-id<TAB>corpus-id<TAB>score"' });
      return;
    }
    let judged = qrels.get(qid);
    if (!judged) qrels.set(qid, (judged = new Map()));
    judged.set(docid, score);
  });
  return { qrels, problems };
}
