import { createPaperboy, type Paper, type Paperboy, type Result, type Storage } from '../../src/index.js';
import { existsSync } from 'node:fs';
import { corpusFilesIn, loadCorpusFiles, reportLines, type FileReport } from '../files/corpus-files.js';
import { shippedCorpusDir } from '../files/package-paths.js';
import type { ServiceConfig } from '../service/config.js';
import type { TextStyle } from './render-text.js';

/** What a command can reach: output streams, the clock, and the corpus (loaded on first use). */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Colour on stdout (see console/color-support.ts: NO_COLOR, FORCE_COLOR, a terminal with colours). */
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
  #storage: Storage | undefined;
  #close: () => Promise<void> = async () => {};

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
   * Opens the corpus queries answer from. By default that is the service's: storage (the
   * SQLite file in PAPERBOY_DATA_DIR, or DATABASE_URL) and its search index, opened, never
   * rebuilt. With no storage yet (a fresh clone), the shipped corpus in memory. With
   * --corpus, --no-shipped or --no-stored, a one-off corpus of exactly what was asked for,
   * in memory. A configuration or storage problem is a warning, and the files still answer.
   */
  async openCorpus(): Promise<void> {
    if (this.#paperboy) return;
    const oneOff = (this.#corpus.corpus?.length ?? 0) > 0 || this.#corpus.shipped === false || this.#corpus.stored === false;
    const config = await this.#storedCorpusConfig();
    if (config && !oneOff) {
      const { openCore } = await import('../service/open-core.js');
      const { openCliLogger } = await import('./cli-logger.js');
      const { IndexNotBuilt } = await import('../search/disk-host.js');
      try {
        const core = await openCore(config, openCliLogger(this.io.stderr), { role: 'cli', mayBuild: false });
        this.#close = () => core.close();
        await core.search.start();
        this.#paperboy = core.paperboy;
        this.#storage = core.storage;
      } catch (error) {
        if (error instanceof IndexNotBuilt) throw new CliFailure(error.message);
        throw error;
      }
      return;
    }
    const files = [...(this.#corpus.shipped === false ? [] : corpusFilesIn(shippedCorpusDir())), ...(this.#corpus.corpus ?? [])];
    const { collection, reports } = loadCorpusFiles(files);
    this.#reportProblems(reports);
    if (config && this.#corpus.stored !== false) collection.addAll(await this.#storedPapers(config));
    if (collection.size === 0) throw new CliFailure('the corpus is empty: add papers with --corpus FILE (.txt page export or .jsonl)');
    this.#paperboy = createPaperboy({ papers: collection });
  }

  /** The configuration, when there is a storage to read (one that does not exist yet is no error). */
  async #storedCorpusConfig(): Promise<ServiceConfig | undefined> {
    const { parseConfig, storageOptions } = await import('../service/config.js');
    const { withEnvFile } = await import('../service/env-file.js');
    const parsed = parseConfig(withEnvFile(this.io.env).env);
    if (!parsed.ok) {
      this.warn(`not reading ingested papers: configuration: ${parsed.problems.join('; ')}`);
      return undefined;
    }
    const where = storageOptions(parsed.config);
    return where.databaseUrl || existsSync(where.sqliteFile) ? parsed.config : undefined;
  }

  /** Stored papers for a one-off corpus: only a team-sized store fits in memory beside the files. */
  async #storedPapers(config: ServiceConfig): Promise<readonly Paper[]> {
    const { openStorage } = await import('../storage/open-storage.js');
    const { storageOptions } = await import('../service/config.js');
    try {
      const storage = await openStorage(storageOptions(config));
      try {
        const count = await storage.paperCount();
        if (count > config.search.crossover) {
          throw new CliFailure(
            `storage holds ${count.toLocaleString('en-US')} papers, too many to load beside --corpus files; add the file to the corpus with \`paperboy ingest FILE\`, or leave out stored papers with --no-stored`,
          );
        }
        return await storage.loadPapers();
      } finally {
        await storage.close();
      }
    } catch (error) {
      if (error instanceof CliFailure) throw error;
      this.warn(`not reading ingested papers: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  /** The corpus, once openCorpus has run. */
  paperboy(): Paperboy {
    if (!this.#paperboy) throw new Error('openCorpus() first');
    return this.#paperboy;
  }

  /** The service's storage (saves, subscriptions), when openCorpus opened the service's corpus; undefined for a one-off corpus or before any storage exists. */
  storage(): Storage | undefined {
    return this.#storage;
  }

  /** Closes what openCorpus opened (the search index, storage). */
  async close(): Promise<void> {
    await this.#close();
    this.#close = async () => {};
  }

  #reportProblems(reports: readonly FileReport[]): void {
    for (const line of reportLines(reports)) {
      if (line.detail) this.io.stderr.write(`  ${line.text}\n`);
      else this.warn(line.text);
    }
  }
}
