import { createPaperboy, type Paper, type Paperboy, type Result } from '../../src/index.js';
import { existsSync } from 'node:fs';
import { corpusFilesIn, loadCorpusFiles, reportLines, type FileReport } from '../files/corpus-files.js';
import { shippedCorpusDir } from '../files/package-paths.js';
import type { TextStyle } from './render-text.js';

/** What a command can reach: output streams, the clock, and the corpus (loaded on first use). */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Colour on stdout (a terminal, and NO_COLOR unset). */
  readonly color: boolean;
  /** Today's date, YYYY-MM-DD. */
  readonly today: () => string;
  /** The environment the service commands (serve, chat, digest) read their settings from. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CorpusOptions {
  readonly corpus?: string[];
  readonly shipped?: boolean;
  /** `--no-stored`: leave out papers ingested into storage. */
  readonly stored?: boolean;
}

/** A failure the user caused and can fix: printed as one line, exit status 1. */
export class CliFailure extends Error {}

/** An exit status decided by a command that already said why (e.g. 2 for bad configuration). */
export class CliExit extends Error {
  readonly status: number;

  constructor(status: number) {
    super(`exit ${status}`);
    this.status = status;
  }
}

export class CliContext {
  readonly io: CliIo;
  readonly style: TextStyle;
  readonly #corpus: CorpusOptions;
  #paperboy: Paperboy | undefined;
  #stored: readonly Paper[] = [];

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

  /**
   * Papers `paperboy ingest` saved (the service's storage: the SQLite file in PAPERBOY_DATA_DIR,
   * or DATABASE_URL), so queries see them too. A store that does not exist yet is no error;
   * one that cannot be read is a warning, and the files still answer.
   */
  async loadStored(): Promise<void> {
    if (this.#corpus.stored === false) return;
    const { parseConfig, storageOptions } = await import('../service/config.js');
    const { withEnvFile } = await import('../service/env-file.js');
    const parsed = parseConfig(withEnvFile(this.io.env).env);
    if (!parsed.ok) return this.warn(`not reading ingested papers: configuration: ${parsed.problems.join('; ')}`);
    const where = storageOptions(parsed.config);
    if (!where.databaseUrl && !existsSync(where.sqliteFile)) return;
    const { openStorage } = await import('../storage/open-storage.js');
    try {
      const storage = await openStorage(where);
      try {
        this.#stored = await storage.loadPapers();
      } finally {
        await storage.close();
      }
    } catch (error) {
      this.warn(`not reading ingested papers: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  paperboy(): Paperboy {
    if (!this.#paperboy) {
      const files = [...(this.#corpus.shipped === false ? [] : corpusFilesIn(shippedCorpusDir())), ...(this.#corpus.corpus ?? [])];
      const { collection, reports } = loadCorpusFiles(files);
      this.#reportProblems(reports);
      collection.addAll(this.#stored);
      if (collection.size === 0) throw new CliFailure('the corpus is empty: add papers with --corpus FILE (.txt page export or .jsonl)');
      this.#paperboy = createPaperboy({ papers: collection });
    }
    return this.#paperboy;
  }

  #reportProblems(reports: readonly FileReport[]): void {
    for (const line of reportLines(reports)) {
      if (line.detail) this.io.stderr.write(`  ${line.text}\n`);
      else this.warn(line.text);
    }
  }
}
