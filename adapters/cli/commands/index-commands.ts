import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliFailure, type CliContext } from '../cli-context.js';
import { createProgress } from '../progress.js';
import { configFrom } from './service-commands.js';

/**
 * `paperboy index status` and `paperboy index rebuild`: which engine serves the corpus and
 * why, how big and how fresh its index is; and building it again from storage, with
 * progress, when an operator wants to (the service rebuilds by itself when it must).
 */
interface IndexStatus {
  readonly engine: 'memory' | 'disk';
  readonly chosenBy: string;
  readonly storedPapers: number;
  readonly file: string;
  readonly sizeBytes: number;
  readonly indexedPapers: number | null;
  readonly lastSync: string | null;
  readonly syncedSeq: number | null;
  readonly analyzer: number | null;
  readonly currentAnalyzer: number;
  readonly state: 'ready' | 'missing' | 'unusable';
  readonly problem: string | null;
}

const count = (n: number): string => n.toLocaleString('en-US');
const megabytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export async function indexStatusCommand(ctx: CliContext, options: { json?: boolean }): Promise<void> {
  const config = await configFrom(ctx);
  const { storageOptions } = await import('../../service/config.js');
  const where = storageOptions(config);
  if (!where.databaseUrl && !existsSync(where.sqliteFile)) {
    throw new CliFailure(`no storage in ${config.dataDir} yet: \`npm start\` (or \`paperboy ingest\`) creates it, and the search index with it`);
  }
  const { openStorage } = await import('../../storage/open-storage.js');
  const { ANALYZER_VERSION } = await import('../../../src/index.js');
  const { chooseEngine } = await import('../../search/search-settings.js');
  const { DISK_INDEX_FILE, MEMORY_SNAPSHOT_FILE } = await import('../../search/open-search.js');
  const storage = await openStorage(where);
  let status: IndexStatus;
  try {
    const storedPapers = await storage.paperCount();
    const diskFile = join(config.dataDir, DISK_INDEX_FILE);
    const engine = chooseEngine(config.search, storedPapers, existsSync(diskFile));
    const chosenBy =
      config.search.mode === 'auto' ? `auto: ${count(storedPapers)} papers in storage; the disk engine serves from ${count(config.search.crossover)} on` : `PAPERBOY_SEARCH=${config.search.mode}`;
    const file = engine === 'disk' ? diskFile : join(config.dataDir, MEMORY_SNAPSHOT_FILE);
    const size = (path: string): number => (existsSync(path) ? statSync(path).size : 0);
    const base = { engine, chosenBy, storedPapers, file, sizeBytes: size(file) + size(`${file}-wal`), currentAnalyzer: ANALYZER_VERSION };
    status = engine === 'disk' ? await diskStatus(base) : await memoryStatus(base);
  } finally {
    await storage.close();
  }
  if (options.json) return ctx.json(status);
  const lines = [
    `Search engine  ${status.engine === 'disk' ? 'disk (SQLite FTS5)' : 'memory (MiniSearch)'}, ${status.chosenBy}`,
    `Index file     ${status.file}${status.sizeBytes > 0 ? `, ${megabytes(status.sizeBytes)}` : ' (not there yet)'}`,
    `Papers         ${status.indexedPapers === null ? '–' : count(status.indexedPapers)} indexed of ${count(status.storedPapers)} in storage`,
    `Last sync      ${status.lastSync ?? 'never'}${status.syncedSeq !== null ? ` (change ${count(status.syncedSeq)})` : ''}`,
    `Analyzer       ${status.analyzer === null ? '–' : `version ${status.analyzer}`}${status.analyzer !== null && status.analyzer !== status.currentAnalyzer ? ` (this paperboy: ${status.currentAnalyzer}; the next start rebuilds)` : ''}`,
    `State          ${status.state}${status.problem ? `: ${status.problem}` : ''}`,
  ];
  if (status.state !== 'ready') lines.push('', 'Build it with `paperboy index rebuild`, or start the service, which builds it in the background.');
  ctx.out(`${lines.join('\n')}\n`);
}

type Base = Pick<IndexStatus, 'engine' | 'chosenBy' | 'storedPapers' | 'file' | 'sizeBytes' | 'currentAnalyzer'>;

async function diskStatus(base: Base): Promise<IndexStatus> {
  const { DiskEngineHost } = await import('../../search/disk-host.js');
  const { DiskIndex } = await import('../../search-sqlite/disk-index.js');
  const { getMeta } = await import('../../search-sqlite/index-schema.js');
  const problem = DiskEngineHost.problem(base.file);
  const empty = { indexedPapers: null, lastSync: null, syncedSeq: null, analyzer: null };
  if (problem !== undefined) return { ...base, ...empty, state: existsSync(base.file) ? 'unusable' : 'missing', problem };
  const disk = DiskIndex.open(base.file);
  try {
    const syncedAt = Number(getMeta(disk.db, 'synced_at') ?? 0);
    const complete = getMeta(disk.db, 'complete') === '1';
    return {
      ...base,
      indexedPapers: disk.table.size,
      lastSync: syncedAt > 0 ? new Date(syncedAt).toISOString() : null,
      syncedSeq: Number(getMeta(disk.db, 'synced_seq') ?? 0),
      analyzer: Number(getMeta(disk.db, 'analyzer') ?? 0),
      state: complete ? 'ready' : 'unusable',
      problem: complete ? null : 'its build did not finish; the next start goes on with it',
    };
  } finally {
    disk.close();
  }
}

async function memoryStatus(base: Base): Promise<IndexStatus> {
  const { readSnapshot } = await import('../../search/memory-snapshot.js');
  const read = readSnapshot(base.file);
  if (!read.ok) {
    return { ...base, indexedPapers: null, lastSync: null, syncedSeq: null, analyzer: null, state: existsSync(base.file) ? 'unusable' : 'missing', problem: read.reason };
  }
  const { snapshot } = read;
  return {
    ...base,
    indexedPapers: snapshot.papers.length,
    lastSync: snapshot.syncedAt > 0 ? new Date(snapshot.syncedAt).toISOString() : null,
    syncedSeq: snapshot.watermark,
    analyzer: snapshot.analyzer,
    state: 'ready',
    problem: null,
  };
}

export async function indexRebuildCommand(ctx: CliContext, options: { engine?: 'memory' | 'disk' }): Promise<void> {
  const loaded = await configFrom(ctx);
  const config = options.engine ? { ...loaded, search: { ...loaded.search, mode: options.engine } } : loaded;
  const { openCore } = await import('../../service/open-core.js');
  const { openCliLogger } = await import('../cli-logger.js');
  const core = await openCore(config, openCliLogger(ctx.io.stderr), { role: 'cli' });
  try {
    const started = Date.now();
    let progress: ReturnType<typeof createProgress> | undefined;
    await core.search.rebuild('asked for with paperboy index rebuild', (done, total) => {
      progress ??= createProgress(`index ${core.search.engine}`, total, ctx.io.stderr, 5000);
      progress.update(done);
    });
    progress?.stop();
    const report = core.search.report();
    ctx.out(`Rebuilt the ${report.engine} index from storage: ${count(report.papers)} papers in ${((Date.now() - started) / 1000).toFixed(1)} s, ${megabytes(report.sizeBytes)} (${report.file}).\n`);
  } finally {
    await core.close();
  }
}
