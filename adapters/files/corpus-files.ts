import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  dateInFileName,
  detectFormat,
  parseBeirCorpus,
  parseDailyPage,
  parsePaperJsonLines,
  PaperCollection,
  formatProblem,
  type AddSummary,
  type LoadProblem,
  type LoadResult,
} from '../../src/index.js';

/** Reads corpus files from disk, picks each one's loader, and merges them into one collection. */
export interface FileReport {
  readonly file: string;
  readonly papers: number;
  readonly counts: AddSummary;
  readonly problems: readonly LoadProblem[];
}

export class CorpusFileError extends Error {}

/** The files of a corpus directory that a loader can read, in name order. */
export function corpusFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => detectFormat(name, '') !== undefined)
    .sort()
    .map((name) => join(dir, name));
}

function isRealDate(iso: string): boolean {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso);
}

export function loadCorpusFile(file: string): LoadResult {
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new CorpusFileError(`${file} is a directory; give a .txt page export or a .jsonl file`);
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof CorpusFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CorpusFileError(code === 'ENOENT' ? `${file} does not exist` : `cannot read ${file} (${code ?? String(error)})`);
  }
  const name = basename(file);
  const format = detectFormat(name, bytes.subarray(0, 4096).toString('utf8'));
  switch (format) {
    case 'daily-page': {
      const feedDate = dateInFileName(name);
      if (!feedDate || !isRealDate(feedDate)) {
        throw new CorpusFileError(`${file}: a page export needs its (real) date in the file name, e.g. hf-trending-2026-11-26.txt`);
      }
      return parseDailyPage(bytes, { feedDate });
    }
    case 'papers-jsonl':
      return parsePaperJsonLines(bytes);
    case 'beir-corpus':
      return parseBeirCorpus(bytes);
    default:
      throw new CorpusFileError(`${file}: unknown format; use a .txt page export, papers as .jsonl, or a BEIR corpus.jsonl`);
  }
}

export function loadCorpusFiles(files: readonly string[], collection = new PaperCollection()): { collection: PaperCollection; reports: FileReport[] } {
  const reports = files.map((file) => {
    const { papers, problems } = loadCorpusFile(file);
    return { file, papers: papers.length, counts: collection.addAll(papers), problems };
  });
  return { collection, reports };
}

/** What to tell a person about a load: renames and problems, the first few in detail. */
export function reportLines(reports: readonly FileReport[], maxShown = 5): Array<{ readonly text: string; readonly detail: boolean }> {
  const lines: Array<{ text: string; detail: boolean }> = [];
  for (const report of reports) {
    for (const { from, to, title } of report.counts.renamed) {
      lines.push({ text: `${report.file}: id ${from} already belongs to another paper; "${title.slice(0, 60)}" is stored as ${to}`, detail: false });
    }
    if (report.problems.length === 0) continue;
    const errors = report.problems.filter((p) => p.severity === 'error').length;
    lines.push({ text: `${report.file}: ${report.papers} papers read, ${errors} records skipped, ${report.problems.length - errors} repaired:`, detail: false });
    for (const problem of report.problems.slice(0, maxShown)) lines.push({ text: formatProblem(problem), detail: true });
    const more = report.problems.length - maxShown;
    if (more > 0) lines.push({ text: `… and ${more} more`, detail: true });
  }
  return lines;
}
