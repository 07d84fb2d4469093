import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  dateInFileName,
  detectFormat,
  parseBeirCorpus,
  parseDailyPage,
  parsePaperJsonLines,
  PaperCollection,
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
