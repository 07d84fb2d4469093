import { existsSync, rmSync, statSync } from 'node:fs';
import {
  ANALYZER_VERSION,
  createPaperboy,
  MemoryIndex,
  MemoryPaperTable,
  PaperCollection,
  readerOver,
  samePaper,
  SearchEngine,
  DEFAULT_RANKING,
  type ChangedPaper,
  type CorpusReader,
  type CorpusStatus,
  type Paperboy,
} from '../../src/index.js';
import { catchUp } from './catch-up.js';
import { importCorpusFiles, type FileFingerprints } from './corpus-import.js';
import { ForwardingPaperTable, forwardingReader } from './forwarding.js';
import { readSnapshot, writeSnapshot } from './memory-snapshot.js';
import type { HostDeps, IndexReport, SearchHost } from './search-host.js';

/**
 * The memory engine in a process, for team-sized corpora: MiniSearch over papers held in
 * memory, loaded from its snapshot in the data directory when there is one (then only
 * storage's changes since it are applied) and rebuilt from storage when there is not.
 * The snapshot is written again after start-up and on close when anything changed.
 */
export interface MemoryHostOptions extends HostDeps {
  /** The snapshot file; undefined keeps nothing on disk (a CLI with no data directory). */
  readonly file: string | undefined;
}

interface Loaded {
  readonly table: MemoryPaperTable;
  readonly index: MemoryIndex;
  readonly reader: CorpusReader;
  watermark: number;
  syncedAt: number;
  files: FileFingerprints;
  dirty: boolean;
}

export class MemoryEngineHost implements SearchHost {
  readonly engine = 'memory' as const;
  readonly paperboy: Paperboy;
  readonly #options: MemoryHostOptions;
  #loaded: Loaded;
  #status: CorpusStatus = { state: 'indexing', done: 0, total: 0, reason: 'loading' };
  #work: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(options: MemoryHostOptions) {
    this.#options = options;
    this.#loaded = this.#empty();
    this.paperboy = createPaperboy({
      papers: new PaperCollection(new ForwardingPaperTable(() => this.#loaded.table)),
      reader: forwardingReader(() => this.#loaded.reader),
      writer: {
        upsertAll: (changes) => {
          this.#loaded.index.upsertAll(changes);
          this.#loaded.dirty = true;
        },
      },
      status: () => this.#status,
      persist: async (papers) => {
        const saved = await options.storage.savePapers(papers, options.clock().getTime());
        // Nobody else saved in between: catching up need not read these again.
        if (saved && saved.firstSeq === this.#loaded.watermark + 1) this.#loaded.watermark = saved.lastSeq;
      },
    });
  }

  static open(options: MemoryHostOptions): MemoryEngineHost {
    return new MemoryEngineHost(options);
  }

  start(): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.#loadSnapshot()) await this.#buildFromStorage('there is no usable snapshot');
      if (this.#closed) return;
      await this.#catchUp();
      await this.#importFiles();
      this.#status = { state: 'ready' };
      this.#save();
    });
  }

  sync(): Promise<number> {
    return this.#exclusive(() => (this.#status.state === 'ready' ? this.#catchUp() : Promise.resolve(0)));
  }

  rebuild(reason: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#options.file) rmSync(this.#options.file, { force: true });
      await this.#buildFromStorage(reason, onProgress);
      await this.#importFiles();
      this.#status = { state: 'ready' };
      this.#save();
    });
  }

  report(): IndexReport {
    const { file } = this.#options;
    const loaded = this.#loaded;
    return {
      engine: 'memory',
      state: this.#status.state,
      papers: loaded.table.size,
      file: file ?? '(memory only)',
      sizeBytes: file && existsSync(file) ? statSync(file).size : 0,
      ...(loaded.syncedAt > 0 ? { lastSync: new Date(loaded.syncedAt).toISOString() } : {}),
      syncedSeq: loaded.watermark,
      analyzer: ANALYZER_VERSION,
      ...(this.#status.state === 'indexing' ? { progress: { done: this.#status.done, total: this.#status.total } } : {}),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#work.catch(() => undefined);
    if (this.#status.state === 'ready') this.#save();
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#work.then(work);
    this.#work = run.catch(() => undefined);
    return run;
  }

  #empty(): Loaded {
    const table = new MemoryPaperTable();
    const ranking = this.#options.ranking ?? DEFAULT_RANKING;
    const index = MemoryIndex.build(table, ranking);
    return { table, index, reader: readerOver(new SearchEngine(new PaperCollection(table), index, ranking)), watermark: 0, syncedAt: 0, files: {}, dirty: true };
  }

  #loadSnapshot(): boolean {
    if (!this.#options.file) return false;
    const read = readSnapshot(this.#options.file);
    if (!read.ok) {
      if (existsSync(this.#options.file)) this.#options.logger.warn({ file: this.#options.file, reason: read.reason }, 'rebuilding the search index from storage');
      return false;
    }
    try {
      const { snapshot } = read;
      const table = new MemoryPaperTable();
      for (const paper of snapshot.papers) table.put(paper);
      for (const [alias, id] of snapshot.aliases) table.putAlias(alias, id);
      const ranking = this.#options.ranking ?? DEFAULT_RANKING;
      const index = MemoryIndex.fromJSON(table, snapshot.index, ranking);
      const reader = readerOver(new SearchEngine(new PaperCollection(table), index, ranking));
      this.#loaded = { table, index, reader, watermark: snapshot.watermark, syncedAt: snapshot.syncedAt, files: snapshot.files, dirty: false };
      return true;
    } catch (error) {
      this.#options.logger.warn({ file: this.#options.file, reason: error instanceof Error ? error.message : String(error) }, 'rebuilding the search index from storage');
      return false;
    }
  }

  /** Every stored paper into a new table, then one bulk build: faster than indexing them one at a time. */
  async #buildFromStorage(reason: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    const total = await this.#options.storage.paperCount();
    this.#status = { state: 'indexing', done: 0, total, reason };
    const table = new MemoryPaperTable();
    let watermark = 0;
    await catchUp(
      this.#options.storage,
      {
        watermark: () => watermark,
        apply: async (changes) => {
          for (const { paper } of changes) table.put(paper);
          watermark = changes.at(-1)!.seq;
        },
      },
      (done) => {
        this.#status = { state: 'indexing', done, total: Math.max(total, done), reason };
        onProgress?.(done, Math.max(total, done));
      },
      () => this.#closed,
    );
    if (this.#closed) return;
    const ranking = this.#options.ranking ?? DEFAULT_RANKING;
    const index = MemoryIndex.build(table, ranking);
    this.#loaded = { table, index, reader: readerOver(new SearchEngine(new PaperCollection(table), index, ranking)), watermark, syncedAt: this.#options.clock().getTime(), files: {}, dirty: true };
  }

  async #catchUp(): Promise<number> {
    const loaded = this.#loaded;
    const applied = await catchUp(
      this.#options.storage,
      {
        watermark: () => loaded.watermark,
        apply: async (changes: readonly ChangedPaper[]) => {
          const upserts = [];
          for (const { paper } of changes) {
            const previous = loaded.table.byId(paper.id);
            if (previous && samePaper(previous, paper)) continue;
            loaded.table.put(paper);
            upserts.push({ paper, previous });
          }
          loaded.index.upsertAll(upserts);
          loaded.watermark = changes.at(-1)!.seq;
          loaded.syncedAt = this.#options.clock().getTime();
          loaded.dirty ||= upserts.length > 0;
        },
      },
      undefined,
      () => this.#closed,
    );
    if (applied > 0) this.#options.logger.info({ changes: applied }, 'search index caught up with storage');
    return applied;
  }

  async #importFiles(): Promise<void> {
    const loaded = this.#loaded;
    const now = await importCorpusFiles(this.#options.files, loaded.files, this.paperboy, this.#options.logger);
    if (JSON.stringify(now) !== JSON.stringify(loaded.files)) loaded.dirty = true;
    loaded.files = now;
  }

  #save(): void {
    const { file } = this.#options;
    const loaded = this.#loaded;
    if (!file || !loaded.dirty) return;
    try {
      writeSnapshot(file, {
        format: 'paperboy-memory-snapshot',
        version: 1,
        analyzer: ANALYZER_VERSION,
        watermark: loaded.watermark,
        syncedAt: loaded.syncedAt,
        files: loaded.files,
        papers: [...loaded.table.all()],
        aliases: loaded.table.aliasEntries(),
        index: loaded.index.toJSON(),
      });
      loaded.dirty = false;
    } catch (error) {
      // The snapshot only saves time at the next start; without it, that start rebuilds.
      this.#options.logger.warn({ file, error: error instanceof Error ? error.message : String(error) }, 'could not save the search index snapshot');
    }
  }
}
