import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPaperboy, memoryEngine, MemoryIndex, PaperCollection, parsePaperJsonLines, toPaperJsonLines, type PaperDraft } from '../src/index.js';
import { SqliteStorage } from '../adapters/storage/sqlite-storage.js';
import { Fts5Yardstick } from './fts5-yardstick.js';
import { makeQueries, queryVocabularyOf } from './queries.js';
import { mb, percentile, ratio, round } from './stats.js';
import { syntheticPapers, vocabularyOf } from './synthetic-corpus.js';

/**
 * Ingestion: how fast a 100,000-paper JSON Lines file goes into a running paperboy (parse,
 * merge into the corpus, add to the live index, save to SQLite), against SQLite FTS5
 * indexing the same text in the same run; the memory it takes; query p99 while the live
 * index is being updated, against p99 idle; and whether in-place updates (MiniSearch
 * discard + auto-vacuum) keep memory bounded, against rebuilding the index instead.
 */
export interface IngestBenchReport {
  readonly papers: number;
  readonly fileMB: number;
  readonly seconds: { readonly parse: number; readonly ingest: number; readonly save: number; readonly total: number };
  readonly perSecond: number;
  readonly heapGrowthMB: number;
  readonly fts5: { readonly seconds: number; readonly perSecond: number };
  readonly ratioToFts5: number;
  readonly live: { readonly corpus: number; readonly queries: number; readonly batch: number; readonly idleP99: number; readonly busyP99: number; readonly ratio: number; readonly batchP99: number };
  readonly updates: { readonly rounds: number; readonly papers: number; readonly heapBeforeMB: number; readonly heapAfterMB: number; readonly updateSeconds: number; readonly rebuildSeconds: number };
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heap = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};
const seconds = (from: number) => (performance.now() - from) / 1000;

/** The same papers with new text: what a feed's new versions look like to the index. */
function revised(drafts: readonly PaperDraft[], round: number): PaperDraft[] {
  return drafts.map((d) => ({ ...d, abstract: `${d.abstract ?? ''} Revision ${round} adds experiments on ablation ${round}.` }));
}

export async function benchIngest(shipped: PaperDraft[], options: { papers: number; liveCorpus: number; log: (line: string) => void }): Promise<IngestBenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-ingest-bench-'));
  try {
    const vocabulary = vocabularyOf(shipped);
    options.log(`[ingest] writing a ${options.papers}-paper JSON Lines file…`);
    const drafts = syntheticPapers(options.papers, vocabulary, { seed: 99 });
    const file = join(dir, 'papers.jsonl');
    const source = new PaperCollection();
    source.addAll(drafts);
    writeFileSync(file, toPaperJsonLines(source.all()));

    options.log('[ingest] parse, merge, index and save…');
    const storage = SqliteStorage.open(join(dir, 'ingest.sqlite'));
    const paperboy = createPaperboy({ papers: new PaperCollection() });
    await paperboy.ingest({ papers: shipped, problems: [] });
    const heapBefore = heap();
    const t0 = performance.now();
    const loaded = parsePaperJsonLines(readFileSync(file));
    const parse = seconds(t0);
    const t1 = performance.now();
    const report = await paperboy.ingest(loaded);
    const ingest = seconds(t1);
    const t2 = performance.now();
    await storage.savePapers(report.added, Date.now());
    const save = seconds(t2);
    const total = seconds(t0);
    const heapGrowthMB = mb(heap() - heapBefore);
    await storage.close();
    if (report.added.length !== options.papers) throw new Error(`expected ${options.papers} papers added, got ${report.added.length}`);

    options.log('[ingest] the yardstick: SQLite FTS5 indexing the same text…');
    const f0 = performance.now();
    Fts5Yardstick.build(
      join(dir, 'fts5.sqlite'),
      loaded.papers.map((p) => ({ title: p.title, abstract: p.abstract })),
    );
    const fts5Seconds = seconds(f0);

    options.log(`[ingest] query p99 idle vs during live updates (${options.liveCorpus} papers)…`);
    const base = syntheticPapers(options.liveCorpus, vocabulary, { seed: 7 });
    const batch = 2;
    const queries = makeQueries(queryVocabularyOf(shipped), 1000, 11);
    const incoming = syntheticPapers(queries.length * batch, vocabulary, { seed: 8, feedDate: '2026-11-27' });
    const liveEngine = memoryEngine(new PaperCollection());
    const live = createPaperboy({ papers: liveEngine.engine.papers, reader: liveEngine.reader, writer: liveEngine.writer });
    await live.ingest({ papers: base, problems: [] });
    const time = (query: string) => {
      const t = performance.now();
      liveEngine.engine.search({ query });
      return performance.now() - t;
    };
    queries.slice(0, 50).forEach(time);
    const busy: number[] = [];
    const batches: number[] = [];
    for (const [i, query] of queries.entries()) {
      const t = performance.now();
      await live.ingest({ papers: incoming.slice(i * batch, (i + 1) * batch), problems: [] });
      batches.push(performance.now() - t);
      busy.push(time(query));
    }
    // Idle on the same, final corpus: the only difference left is the updating.
    await liveEngine.index.vacuum();
    const idle = queries.map(time);

    options.log('[ingest] memory across repeated in-place updates, and a rebuild instead…');
    const updated = base.slice(0, Math.min(base.length, 2000));
    const heapBeforeUpdates = heap();
    const u0 = performance.now();
    const rounds = 3;
    for (let r = 1; r <= rounds; r += 1) await live.ingest({ papers: revised(updated, r), problems: [] });
    const updateSeconds = seconds(u0);
    await liveEngine.index.vacuum();
    const heapAfterUpdates = heap();
    const r0 = performance.now();
    MemoryIndex.build(live.papers.table);
    const rebuildSeconds = seconds(r0);

    return {
      papers: options.papers,
      fileMB: mb(statSync(file).size),
      seconds: { parse: round(parse), ingest: round(ingest), save: round(save), total: round(total) },
      perSecond: round(options.papers / total),
      heapGrowthMB,
      fts5: { seconds: round(fts5Seconds), perSecond: round(options.papers / fts5Seconds) },
      ratioToFts5: ratio(total, fts5Seconds),
      live: {
        corpus: options.liveCorpus,
        queries: queries.length,
        batch,
        idleP99: round(percentile(idle, 0.99)),
        busyP99: round(percentile(busy, 0.99)),
        ratio: ratio(percentile(busy, 0.99), percentile(idle, 0.99)),
        batchP99: round(percentile(batches, 0.99)),
      },
      updates: { rounds, papers: updated.length, heapBeforeMB: mb(heapBeforeUpdates), heapAfterMB: mb(heapAfterUpdates), updateSeconds: round(updateSeconds), rebuildSeconds: round(rebuildSeconds) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function ingestTable(r: IngestBenchReport): string {
  return [
    `\nIngest: a ${r.papers}-paper JSON Lines file (${r.fileMB} MB) into a running paperboy`,
    `  paperboy  ${r.seconds.total} s (${r.perSecond} papers/s): parse ${r.seconds.parse} s, merge + live index ${r.seconds.ingest} s, save to SQLite ${r.seconds.save} s; heap +${r.heapGrowthMB} MB`,
    `  FTS5      ${r.fts5.seconds} s (${r.fts5.perSecond} papers/s) to index the same text; paperboy ÷ FTS5: ${r.ratioToFts5}×`,
    `  queries on ${r.live.corpus} papers growing by ${r.live.batch} before each query: p99 ${r.live.busyP99} ms, against ${r.live.idleP99} ms idle on the same final corpus (${r.live.ratio}×); a batch takes p99 ${r.live.batchP99} ms`,
    `  ${r.updates.rounds} rounds of new versions of ${r.updates.papers} papers, in place: heap ${r.updates.heapBeforeMB} → ${r.updates.heapAfterMB} MB after vacuum, ${r.updates.updateSeconds} s; rebuilding the whole index instead takes ${r.updates.rebuildSeconds} s`,
  ].join('\n');
}
