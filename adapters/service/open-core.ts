import { createCommandService, createPaperboy, type CommandService, type Logger, type PaperCollection, type Paperboy, type Storage } from '../../src/index.js';
import { openStorage } from '../storage/open-storage.js';
import { corpusFilesIn, loadCorpusFiles, reportLines, type FileReport } from '../files/corpus-files.js';
import { shippedCorpusDir } from '../files/package-paths.js';
import { redactUrl, storageOptions, type ServiceConfig } from './config.js';

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

/** The corpus the service answers from: the shipped files, PAPERBOY_CORPUS, then the papers ingested into storage. */
export async function loadServiceCorpus(config: ServiceConfig, storage: Storage): Promise<{ collection: PaperCollection; reports: FileReport[]; stored: number; files: number }> {
  const files = [...corpusFilesIn(shippedCorpusDir()), ...config.extraCorpus];
  const { collection, reports } = loadCorpusFiles(files);
  const stored = await storage.loadPapers();
  collection.addAll(stored);
  return { collection, reports, stored: stored.length, files: files.length };
}

export async function openCore(config: ServiceConfig, logger: Logger): Promise<Core> {
  const where = storageOptions(config);
  const storage = await openStorage({
    ...where,
    onInvalidRow: (error) => logger.error({ error: error.message }, 'skipped an invalid subscription row; fix or remove it'),
  });
  logger.info({ storage: storage.kind, where: config.databaseUrl ? redactUrl(config.databaseUrl) : where.sqliteFile }, 'storage open');
  try {
    const { collection, reports, stored, files } = await loadServiceCorpus(config, storage);
    for (const line of reportLines(reports)) logger.warn({ corpus: true }, line.text);
    logger.info({ papers: collection.size, fromStorage: stored, files }, 'corpus loaded');
    const paperboy = createPaperboy({ papers: collection });
    return { storage, paperboy, commands: createCommandService({ paperboy, storage, logger }) };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
