import {
  createCommandService,
  systemClock,
  withSearchTiming,
  type Clock,
  type CommandService,
  type Logger,
  type MetricsObserver,
  type Paperboy,
  type Storage,
  type TeamPageLinks,
} from '../../src/index.js';
import { openStorage } from '../storage/open-storage.js';
import { corpusFilesIn, CorpusFileError } from '../files/corpus-files.js';
import { shippedCorpusDir } from '../files/package-paths.js';
import { fingerprints } from '../search/corpus-import.js';
import { openSearch } from '../search/open-search.js';
import type { SearchHost } from '../search/search-host.js';
import { redactUrl, storageOptions, type ServiceConfig } from './config.js';

/**
 * What every long-lived command needs (serve, chat, digest, CLI queries and ingest):
 * storage opened, the search engine over storage's papers opened (not yet started: see
 * SearchHost.start), the core and its commands. The shipped corpus and PAPERBOY_CORPUS
 * become papers in storage the first time each version of a file is seen.
 */
export interface Core {
  readonly storage: Storage;
  readonly search: SearchHost;
  readonly paperboy: Paperboy;
  readonly commands: CommandService;
  /** Closes the search engine (saving what it keeps on disk), then storage. */
  close(): Promise<void>;
}

/** The corpus files the service imports: the shipped ones, then PAPERBOY_CORPUS. */
export function corpusFiles(config: Pick<ServiceConfig, 'extraCorpus'>): string[] {
  const files = [...corpusFilesIn(shippedCorpusDir()), ...config.extraCorpus];
  try {
    fingerprints(files); // a missing or unreadable file is a start-up error, not a silent gap
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const file = (error as { path?: string }).path ?? files.join(', ');
    throw new CorpusFileError(code === 'ENOENT' ? `PAPERBOY_CORPUS: ${file} does not exist` : `cannot read ${file} (${code ?? String(error)})`);
  }
  return files;
}

export interface OpenCoreOptions {
  readonly role: 'service' | 'cli';
  readonly clock?: Clock;
  /** Papers about to be ingested, so a corpus about to grow past the crossover opens the disk engine. */
  readonly expectedPapers?: number;
  /** Whether a missing disk index may be built (default yes; a CLI query may not). */
  readonly mayBuild?: boolean;
  /** Wraps storage once opened (tests hold its reads back). */
  readonly wrapStorage?: (storage: Storage) => Storage;
  /** Told how commands and searches go (the service's /metrics); default: nobody. */
  readonly metrics?: MetricsObserver;
  /** The team page's links, for /papers web (the service's); without them the command says the page is off. */
  readonly links?: TeamPageLinks;
}

export async function openCore(config: ServiceConfig, logger: Logger, options: OpenCoreOptions): Promise<Core> {
  const files = corpusFiles(config);
  const where = storageOptions(config);
  const opened = await openStorage({
    ...where,
    onInvalidRow: (error) => logger.error({ error: error.message }, 'skipped an invalid subscription row; fix or remove it'),
  });
  const storage = options.wrapStorage ? options.wrapStorage(opened) : opened;
  logger.info({ storage: storage.kind, where: config.databaseUrl ? redactUrl(config.databaseUrl) : where.sqliteFile }, 'storage open');
  try {
    const search = await openSearch({
      storage,
      files,
      logger,
      clock: options.clock ?? systemClock,
      settings: config.search,
      role: options.role,
      expectedPapers: options.expectedPapers ?? 0,
      mayBuild: options.mayBuild ?? true,
    });
    logger.info({ engine: search.engine }, 'search engine open');
    const paperboy = options.metrics ? withSearchTiming(search.paperboy, options.metrics) : search.paperboy;
    return {
      storage,
      search,
      paperboy,
      commands: createCommandService({ paperboy, storage, logger, ...(options.metrics ? { metrics: options.metrics } : {}), ...(options.links ? { links: options.links } : {}) }),
      close: async () => {
        await search.close();
        await storage.close();
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
