import { existsSync, rmSync, statSync } from 'node:fs';
import { createPaperboy, PaperCollection, readerOver, samePaper, type ChangedPaper, type CorpusReader, type CorpusStatus, type Paperboy } from '../../src/index.js';
import { isCorruption } from '../search-sqlite/corruption.js';
import { DiskIndex, type DiskIndexOptions } from '../search-sqlite/disk-index.js';
import { getMeta, setMeta } from '../search-sqlite/index-schema.js';
import { catchUp } from './catch-up.js';
import { importCorpusFiles, type FileFingerprints } from './corpus-import.js';
import { ForwardingPaperTable, forwardingReader, forwardingWriter } from './forwarding.js';
import type { HostDeps, IndexReport, SearchHost } from './search-host.js';
import { WorkerPool } from './worker-pool.js';

/**
 * The disk engine in a process: its index file in the data directory, kept as a copy of
 * storage's papers. Opening it is instant: a usable file serves at once and catches up on
 * what changed since it was last in step; a missing, outdated or damaged one is rebuilt
 * from storage behind an "Indexing …" answer, with a log line saying why. Searches run in
 * worker threads (service) or in this thread (CLI).
 */
export interface DiskHostOptions extends HostDeps {
  readonly file: string;
  /** Worker threads for searches; 0 answers in this thread. */
  readonly workers: number;
  /** Page cache per connection, in MB. */
  readonly cacheMb?: number;
  /** Whether opening may build (or finish building) the index; queries from the CLI may not. */
  readonly mayBuild?: boolean;
}

/** The index cannot answer as it is, and this caller may not build it. */
export class IndexNotBuilt extends Error {}

const FILES_KEY = 'corpus_files';
/** Set once a build has taken in every paper storage held: from then on the index serves while it catches up. */
const COMPLETE_KEY = 'complete';

export class DiskEngineHost implements SearchHost {
  readonly engine = 'disk' as const;
  readonly paperboy: Paperboy;
  readonly #options: DiskHostOptions;
  #disk: DiskIndex;
  #reader: CorpusReader;
  #pool: WorkerPool | undefined;
  #status: CorpusStatus;
  /** Set while the file is being (re)built from nothing: then it cannot serve yet. */
  #building: string | undefined;
  #work: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** The file this process has open: another process's rebuild replaces it with a new one. */
  #inode: number;

  private constructor(options: DiskHostOptions, disk: DiskIndex, building: string | undefined) {
    this.#options = options;
    this.#disk = disk;
    this.#inode = statSync(options.file).ino;
    this.#reader = readerOver(disk.engine);
    this.#building = building;
    this.#status = building ? { state: 'indexing', done: 0, total: 0, reason: building } : { state: 'indexing', done: 0, total: 0, reason: 'opening' };
    this.paperboy = createPaperboy({
      papers: new PaperCollection(new ForwardingPaperTable(() => this.#disk.table)),
      reader: forwardingReader(() => this.#reader),
      writer: forwardingWriter(() => this.#disk.writer),
      status: () => this.#status,
      persist: async (papers) => {
        const saved = await options.storage.savePapers(papers, options.clock().getTime());
        // Nobody else saved in between: these changes are in this index now (same transaction), so catching up skips them.
        if (saved && saved.firstSeq === this.#watermark() + 1) {
          setMeta(this.#disk.db, 'synced_seq', String(saved.lastSeq));
          setMeta(this.#disk.db, 'synced_at', String(options.clock().getTime()));
        }
      },
      ...(options.ranking ? { ranking: options.ranking } : {}),
    });
  }

  /** Opens the file, or starts a new one (saying why) when it is missing, outdated or damaged. */
  static open(options: DiskHostOptions): DiskEngineHost {
    const why = inspect(options.file);
    if (why !== undefined && options.mayBuild === false) throw notBuilt(options.file, why);
    if (why !== undefined && existsSync(options.file)) {
      options.logger.warn({ file: options.file, reason: why }, 'rebuilding the search index from storage');
      removeIndexFiles(options.file);
    }
    if (why !== undefined) return new DiskEngineHost(options, DiskIndex.create(options.file, openOptions(options)), why);
    const disk = DiskIndex.open(options.file, openOptions(options));
    // A build a stop interrupted goes on from the last batch it saved.
    const unfinished = getMeta(disk.db, COMPLETE_KEY) === '1' ? undefined : 'the last build did not finish; going on from where it stopped';
    if (unfinished && options.mayBuild === false) {
      disk.close();
      throw notBuilt(options.file, unfinished);
    }
    if (unfinished) options.logger.info({ file: options.file, papers: disk.table.size }, unfinished);
    return new DiskEngineHost(options, disk, unfinished);
  }

  /** Whether this file could be opened as it is (for `paperboy index status` and the CLI). */
  static problem(file: string): string | undefined {
    return inspect(file);
  }

  start(): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.#building) {
        // A file that was whole serves at once, from this thread until the first search worker has
        // started (half a second, while the chat connections are still opening); what changed
        // since it was last in step is caught up behind it.
        this.#status = { state: 'ready' };
        const readers = this.#startReaders();
        await this.#catchUp();
        await this.#importFiles();
        await readers;
        return;
      }
      await this.#build(this.#building);
    });
  }

  sync(): Promise<number> {
    return this.#exclusive(async () => {
      if (this.#status.state !== 'ready') return 0;
      if (this.#replaced()) await this.#reopen();
      return this.#catchUp();
    });
  }

  /** Whether `paperboy index rebuild` (another process) put a new file where ours was. */
  #replaced(): boolean {
    return !existsSync(this.#options.file) || statSync(this.#options.file).ino !== this.#inode;
  }

  /** Moves to the file now at our path: a usable one at once, else a rebuild. */
  async #reopen(): Promise<void> {
    const why = inspect(this.#options.file);
    if (why !== undefined) return this.#rebuildNow(why);
    const replacement = DiskIndex.open(this.#options.file, openOptions(this.#options));
    if (getMeta(replacement.db, COMPLETE_KEY) !== '1') {
      replacement.close();
      return this.#rebuildNow('the index file was replaced while it was being built');
    }
    this.#options.logger.info({ file: this.#options.file }, 'the index file was rebuilt by another process; using the new one');
    await this.#stopReaders();
    this.#disk.close();
    this.#disk = replacement;
    this.#inode = statSync(this.#options.file).ino;
    this.#reader = readerOver(this.#disk.engine);
    await this.#startReaders();
  }

  rebuild(reason: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    return this.#exclusive(() => this.#rebuildNow(reason, onProgress));
  }

  async #rebuildNow(reason: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    this.#options.logger.warn({ file: this.#options.file, reason }, 'rebuilding the search index from storage');
    await this.#stopReaders();
    this.#disk.close();
    removeIndexFiles(this.#options.file);
    this.#disk = DiskIndex.create(this.#options.file, openOptions(this.#options));
    this.#inode = statSync(this.#options.file).ino;
    this.#reader = readerOver(this.#disk.engine);
    await this.#build(reason, onProgress);
  }

  report(): IndexReport {
    const { file } = this.#options;
    const size = (path: string): number => (existsSync(path) ? statSync(path).size : 0);
    const syncedAt = Number(getMeta(this.#disk.db, 'synced_at') ?? 0);
    return {
      engine: 'disk',
      state: this.#status.state,
      papers: this.#disk.table.size,
      file,
      sizeBytes: size(file) + size(`${file}-wal`),
      ...(syncedAt > 0 ? { lastSync: new Date(syncedAt).toISOString() } : {}),
      syncedSeq: this.#watermark(),
      analyzer: Number(getMeta(this.#disk.db, 'analyzer') ?? 0),
      ...(this.#status.state === 'indexing' ? { progress: { done: this.#status.done, total: this.#status.total } } : {}),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#work.catch(() => undefined);
    await this.#stopReaders();
    this.#disk.close();
  }

  /** One piece of index work at a time: a sync never runs into a rebuild. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#work.then(() => (this.#closed ? Promise.reject(new Error('the search index is closed')) : work()));
    this.#work = run.catch(() => undefined);
    return run;
  }

  async #build(reason: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    const total = await this.#options.storage.paperCount();
    this.#status = { state: 'indexing', done: 0, total, reason };
    const started = this.#options.clock().getTime();
    await this.#startReaders();
    const already = this.#disk.table.size;
    await catchUp(
      this.#options.storage,
      this.#target(),
      (applied) => {
        const done = already + applied;
        this.#status = { state: 'indexing', done, total: Math.max(total, done), reason };
        onProgress?.(done, Math.max(total, done));
      },
      () => this.#closed,
    );
    if (this.#closed) return;
    await this.#importFiles();
    setMeta(this.#disk.db, COMPLETE_KEY, '1');
    this.#building = undefined;
    this.#status = { state: 'ready' };
    this.#options.logger.info({ papers: this.#disk.table.size, seconds: Math.round((this.#options.clock().getTime() - started) / 100) / 10 }, 'search index built');
  }

  async #catchUp(): Promise<number> {
    const applied = await catchUp(this.#options.storage, this.#target(), undefined, () => this.#closed);
    if (applied > 0) this.#options.logger.info({ changes: applied }, 'search index caught up with storage');
    return applied;
  }

  async #importFiles(): Promise<void> {
    const imported = JSON.parse(getMeta(this.#disk.db, FILES_KEY) ?? '{}') as FileFingerprints;
    const now = await importCorpusFiles(this.#options.files, imported, this.paperboy, this.#options.logger);
    setMeta(this.#disk.db, FILES_KEY, JSON.stringify(now));
  }

  #watermark(): number {
    return Number(getMeta(this.#disk.db, 'synced_seq') ?? 0);
  }

  /** Applies storage's changes in one transaction each; a paper the index already holds as it is costs a look-up. */
  #target() {
    return {
      watermark: () => this.#watermark(),
      apply: (changes: readonly ChangedPaper[]) =>
        this.#disk.table.batch(() => {
          const upserts = [];
          for (const { paper } of changes) {
            const previous = this.#disk.table.byId(paper.id);
            if (previous && samePaper(previous, paper)) continue;
            this.#disk.table.put(paper);
            upserts.push({ paper, previous });
          }
          this.#disk.writer.upsertAll(upserts);
          setMeta(this.#disk.db, 'synced_seq', String(changes.at(-1)!.seq));
          setMeta(this.#disk.db, 'synced_at', String(this.#options.clock().getTime()));
        }),
    };
  }

  async #startReaders(): Promise<void> {
    if (this.#options.workers <= 0 || this.#pool) return;
    this.#pool = await WorkerPool.start({
      file: this.#options.file,
      size: this.#options.workers,
      ...(this.#options.cacheMb ? { cacheMb: this.#options.cacheMb } : {}),
      onCorruption: (message) => void this.rebuild(`a search found the index damaged (${message})`).catch((error: unknown) => this.#logFailure(error)),
    });
    this.#reader = this.#pool;
    // Searches this thread answered while the workers started leave nothing behind.
    this.#disk.index.dropCaches();
  }

  async #stopReaders(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    this.#reader = readerOver(this.#disk.engine);
    await pool?.close();
  }

  #logFailure(error: unknown): void {
    this.#options.logger.error({ error: error instanceof Error ? error.message : String(error), corrupt: isCorruption(error) }, 'search index work failed');
  }
}

function notBuilt(file: string, why: string): IndexNotBuilt {
  return new IndexNotBuilt(`the search index ${file} cannot answer (${why}); build it with \`paperboy index rebuild\`, or start the service, which builds it in the background`);
}

function openOptions(options: DiskHostOptions): DiskIndexOptions {
  return { ...(options.ranking ? { ranking: options.ranking } : {}), ...(options.cacheMb ? { cacheMb: options.cacheMb } : {}) };
}

/** Why the file cannot be used as it is: missing, empty, another format or analyzer, truncated, damaged. */
function inspect(file: string): string | undefined {
  if (!existsSync(file)) return 'there is no index yet';
  let disk: DiskIndex | undefined;
  try {
    disk = DiskIndex.open(file);
    return probe(disk);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    disk?.close();
  }
}

/** Touches each structure once, so damage shows now rather than in a user's search. */
function probe(disk: DiskIndex): string | undefined {
  disk.db.prepare('SELECT doc, json FROM papers ORDER BY doc DESC LIMIT 1').get();
  disk.db.prepare("SELECT rowid FROM fts WHERE fts MATCH 'paperboy' LIMIT 1").all();
  disk.db.prepare("SELECT df FROM terms WHERE term >= 'm' LIMIT 1").get();
  return undefined;
}

function removeIndexFiles(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) rmSync(path, { force: true });
}
