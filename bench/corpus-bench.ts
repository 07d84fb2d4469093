import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryEngine, PaperCollection, type PaperDraft, type SerializedMemoryIndex } from '../src/index.js';
import type { BuildChildReport } from './build-child.js';
import { measureColdStart, type ColdStartReport } from './cold-start.js';
import { draftsFor, SHIPPED_SIZE } from './corpora.js';
import { Fts5Yardstick } from './fts5-yardstick.js';
import { measureLatency, type LatencyReport } from './latency.js';
import { MiniSearchFloor } from './minisearch-floor.js';
import { lastJsonLine, runNode } from './processes.js';
import { ratio, round } from './stats.js';

/** Every figure for one corpus size: build, memory, on-disk size, latency, cold start. */
export interface SizeReport {
  readonly size: number;
  readonly synthetic: boolean;
  /** Papers in the collection (the generator's titles could in theory merge). */
  readonly papers: number;
  readonly build: {
    /** Measured in a fresh process (build-child), as a restarting bot pays it. Validating drafts into the PaperCollection. */
    readonly paperboyCollectionMs: number;
    /** PaperIndex (MiniSearch + lexicon) over the collection. */
    readonly paperboyIndexMs: number;
    readonly paperboyTotalMs: number;
    /** CREATE VIRTUAL TABLE + all inserts in one transaction, into a database file (in this process). */
    readonly fts5Ms: number;
    readonly ratioIndex: number;
    readonly ratioTotal: number;
  };
  readonly memory: {
    /** heapUsed after build and a full GC, in a fresh process: the whole bot's JS heap. */
    readonly paperboyHeapAfterBuild: number;
    readonly paperboyHeapCollection: number;
    readonly paperboyHeapIndex: number;
    /** FTS5 lives outside the JS heap; its database size is the comparable figure. */
    readonly fts5DatabaseBytes: number;
    readonly paperboyIndexFileBytes: number;
    readonly papersJsonlBytes: number;
    /** (papers.jsonl + index.json) ÷ FTS5 database, which holds both text and index. */
    readonly ratioDiskVsFts5: number;
  };
  readonly latency: LatencyReport;
  readonly latencyRatios: {
    readonly p50: number;
    readonly p99: number;
    readonly p50NoSnippets: number;
    readonly p99NoSnippets: number;
    /** MiniSearch alone ÷ FTS5, and paperboy ÷ MiniSearch alone, at p99. */
    readonly p99FloorVsFts5: number;
    readonly p99VsFloor: number;
  };
  readonly coldStart: ColdStartReport;
}

export interface CorpusBenchOptions {
  readonly shipped: PaperDraft[];
  readonly queries: readonly string[];
  readonly warmup: readonly string[];
  readonly budgetMs: number;
  readonly coldRuns: number;
  readonly coldQuery: string;
  readonly log: (line: string) => void;
}

const BUILD_CHILD = join(dirname(fileURLToPath(import.meta.url)), 'build-child.js');

function elapsed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

export async function benchCorpus(size: number, options: CorpusBenchOptions): Promise<SizeReport> {
  const { log } = options;
  // Generated files go to a private temp dir, never into the repository, and are deleted.
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-'));
  try {
    log(`[${size}] building paperboy in a fresh process: build time, heap, saved index…`);
    const child = lastJsonLine<BuildChildReport>((await runNode(['--expose-gc', BUILD_CHILD, String(size), dir])).stdout);

    log(`[${size}] loading paperboy (saved index) and building FTS5…`);
    const { drafts, synthetic } = draftsFor(size, options.shipped);
    const papers = new PaperCollection();
    papers.addAll(drafts);
    if (papers.size !== child.papers) throw new Error(`corpus ${size} is not deterministic: ${papers.size} papers here, ${child.papers} in the build child`);
    // The child already timed a build; a saved index gives the same engine in a fraction of the time.
    const savedIndex = JSON.parse(readFileSync(child.indexFile, 'utf8')) as SerializedMemoryIndex;
    const { engine: paperboy } = memoryEngine(papers, undefined, savedIndex);
    const dbFile = join(dir, 'fts5.db');
    // FTS5 indexes the same cleaned text paperboy holds.
    const fts = elapsed(() => Fts5Yardstick.build(dbFile, papers.all()));

    log(`[${size}] timing ${options.queries.length} queries (budget ${Math.round(options.budgetMs / 1000)} s)…`);
    const floor = MiniSearchFloor.build(papers.all());
    const latency = measureLatency(paperboy, fts.value, floor, { warmup: options.warmup, queries: options.queries, budgetMs: options.budgetMs });
    const fts5DatabaseBytes = fts.value.sizeBytes();
    fts.value.close();

    // Big corpora take tens of seconds per cold start; one run each keeps the bench to minutes.
    const runs = size >= 50_000 ? Math.min(1, options.coldRuns) : options.coldRuns;
    log(`[${size}] cold starts (${runs} run${runs === 1 ? '' : 's'} each)…`);
    const coldStart = await measureColdStart({ papersFile: child.papersFile, indexFile: child.indexFile, dbFile }, options.coldQuery, runs, size === SHIPPED_SIZE);

    const totalMs = child.collectionMs + child.indexMs;
    return {
      size,
      synthetic,
      papers: child.papers,
      build: {
        paperboyCollectionMs: round(child.collectionMs),
        paperboyIndexMs: round(child.indexMs),
        paperboyTotalMs: round(totalMs),
        fts5Ms: round(fts.ms),
        ratioIndex: ratio(child.indexMs, fts.ms),
        ratioTotal: ratio(totalMs, fts.ms),
      },
      memory: {
        paperboyHeapAfterBuild: child.heapAfterBuild,
        paperboyHeapCollection: child.heapAfterLoad - child.heapBaseline,
        paperboyHeapIndex: child.heapAfterBuild - child.heapAfterLoad,
        fts5DatabaseBytes,
        paperboyIndexFileBytes: child.indexBytes,
        papersJsonlBytes: child.papersBytes,
        ratioDiskVsFts5: ratio(child.indexBytes + child.papersBytes, fts5DatabaseBytes),
      },
      latency,
      latencyRatios: {
        p50: ratio(latency.paperboy.p50, latency.fts5.p50),
        p99: ratio(latency.paperboy.p99, latency.fts5.p99),
        p50NoSnippets: ratio(latency.paperboyNoSnippets.p50, latency.fts5.p50),
        p99NoSnippets: ratio(latency.paperboyNoSnippets.p99, latency.fts5.p99),
        p99FloorVsFts5: ratio(latency.minisearchFloor.p99, latency.fts5.p99),
        p99VsFloor: ratio(latency.paperboy.p99, latency.minisearchFloor.p99),
      },
      coldStart,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
