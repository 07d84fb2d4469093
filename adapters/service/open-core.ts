import { join } from 'node:path';
import { createCommandService, createPaperboy, type CommandService, type Logger, type Paperboy, type Storage } from '../../src/index.js';
import { openStorage } from '../../src/storage/open-storage.js';
import { corpusFilesIn, loadCorpusFiles, reportLines } from '../files/corpus-files.js';
import { shippedCorpusDir } from '../files/package-paths.js';
import { redactUrl, type ServiceConfig } from './config.js';

/**
 * What every long-lived command needs (serve, chat, digest): storage opened, the corpus
 * loaded (shipped files, PAPERBOY_CORPUS, then papers ingested into storage), the core and
 * its commands. Load problems are logged, never fatal: good papers are always kept.
 */
export interface Core {
  readonly storage: Storage;
  readonly paperboy: Paperboy;
  readonly commands: CommandService;
}

export async function openCore(config: ServiceConfig, logger: Logger): Promise<Core> {
  const sqliteFile = join(config.dataDir, 'paperboy.sqlite');
  const storage = await openStorage({
    sqliteFile,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    onInvalidRow: (error) => logger.error({ error: error.message }, 'skipped an invalid subscription row; fix or remove it'),
  });
  logger.info({ storage: storage.kind, where: config.databaseUrl ? redactUrl(config.databaseUrl) : sqliteFile }, 'storage open');
  try {
    const files = [...corpusFilesIn(shippedCorpusDir()), ...config.extraCorpus];
    const { collection, reports } = loadCorpusFiles(files);
    for (const line of reportLines(reports)) logger.warn({ corpus: true }, line.text);
    const stored = await storage.loadPapers();
    collection.addAll(stored);
    logger.info({ papers: collection.size, fromStorage: stored.length, files: files.length }, 'corpus loaded');
    const paperboy = createPaperboy({ papers: collection });
    return { storage, paperboy, commands: createCommandService({ paperboy, storage, logger }) };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
