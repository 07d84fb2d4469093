import { createPaperboy, formatProblem, type Paperboy, type Result } from '../../src/index.js';
import { corpusFilesIn, loadCorpusFiles, type FileReport } from './corpus-files.js';
import { shippedCorpusDir } from './package-paths.js';
import type { TextStyle } from './render-text.js';

/** What a command can reach: output streams, the clock, and the corpus (loaded on first use). */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Colour on stdout (a terminal, and NO_COLOR unset). */
  readonly color: boolean;
  /** Today's date, YYYY-MM-DD. */
  readonly today: () => string;
}

export interface CorpusOptions {
  readonly corpus?: string[];
  readonly shipped?: boolean;
}

/** A failure the user caused and can fix: printed as one line, exit status 1. */
export class CliFailure extends Error {}

const MAX_PROBLEMS_SHOWN = 5;

export class CliContext {
  readonly io: CliIo;
  readonly style: TextStyle;
  readonly #corpus: CorpusOptions;
  #paperboy: Paperboy | undefined;

  constructor(io: CliIo, corpus: CorpusOptions) {
    this.io = io;
    this.style = { color: io.color };
    this.#corpus = corpus;
  }

  out(text: string): void {
    this.io.stdout.write(text);
  }

  json(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  warn(text: string): void {
    this.io.stderr.write(`paperboy: ${text}\n`);
  }

  /** The value of a core result, or a CliFailure with its user-facing message. */
  unwrap<T>(result: Result<T>): T {
    if (!result.ok) throw new CliFailure(result.error.message);
    return result.value;
  }

  paperboy(): Paperboy {
    if (!this.#paperboy) {
      const files = [...(this.#corpus.shipped === false ? [] : corpusFilesIn(shippedCorpusDir())), ...(this.#corpus.corpus ?? [])];
      const { collection, reports } = loadCorpusFiles(files);
      this.#reportProblems(reports);
      if (collection.size === 0) throw new CliFailure('the corpus is empty: add papers with --corpus FILE (.txt page export or .jsonl)');
      this.#paperboy = createPaperboy({ papers: collection });
    }
    return this.#paperboy;
  }

  #reportProblems(reports: readonly FileReport[]): void {
    for (const report of reports) {
      for (const { from, to, title } of report.counts.renamed) {
        this.warn(`${report.file}: id ${from} already belongs to another paper; "${title.slice(0, 60)}" is stored as ${to}`);
      }
      const errors = report.problems.filter((p) => p.severity === 'error').length;
      if (report.problems.length === 0) continue;
      this.warn(`${report.file}: ${report.papers} papers read, ${errors} records skipped, ${report.problems.length - errors} repaired:`);
      for (const problem of report.problems.slice(0, MAX_PROBLEMS_SHOWN)) this.io.stderr.write(`  ${formatProblem(problem)}\n`);
      const more = report.problems.length - MAX_PROBLEMS_SHOWN;
      if (more > 0) this.io.stderr.write(`  … and ${more} more\n`);
    }
  }
}
