import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  createPaperboy,
  evaluate,
  memoryEngine,
  readerOver,
  type PaperDraft,
  type SearchEngine,
  parseBeirCorpus,
  parseBeirQueries,
  parseQrels,
  PaperCollection,
  toTrecRun,
} from '../../../src/index.js';
import { CliFailure, type CliContext } from '../cli-context.js';
import { createProgress } from '../progress.js';

/**
 * `paperboy eval --beir DIR`: the bot's own engine and defaults over a BEIR collection,
 * scored with nDCG@10, Recall@100 and MRR@10. The metrics are the last line, as JSON.
 */
export interface EvalOptions {
  readonly beir: string;
  readonly split: string;
  readonly runOut?: string;
  readonly engine?: 'memory' | 'disk';
}

/** The collection in the engine asked for: in memory, or in a throwaway index file for the disk engine. */
async function evaluationEngine(kind: 'memory' | 'disk', drafts: readonly PaperDraft[]): Promise<{ engine: SearchEngine; close: () => void }> {
  if (kind === 'memory') {
    const papers = new PaperCollection();
    papers.addAll(drafts);
    return { engine: memoryEngine(papers).engine, close: () => {} };
  }
  const { DiskIndex } = await import('../../search-sqlite/disk-index.js');
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-eval-'));
  const disk = DiskIndex.create(join(dir, 'index.sqlite'));
  const paperboy = createPaperboy({ papers: disk.papers, reader: readerOver(disk.engine), writer: disk.writer });
  await paperboy.ingest({ papers: [...drafts], problems: [] });
  return {
    engine: disk.engine,
    close: () => {
      disk.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function read(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFailure(`${what} ${file} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}; --beir wants a BEIR folder with corpus.jsonl, queries.jsonl and qrels/<split>.tsv`);
  }
}

export async function evalCommand(ctx: CliContext, options: EvalOptions): Promise<void> {
  const dir = resolve(options.beir);
  const started = performance.now();
  const corpus = parseBeirCorpus(read(join(dir, 'corpus.jsonl'), 'corpus'));
  const { queries } = parseBeirQueries(read(join(dir, 'queries.jsonl'), 'queries'));
  const qrelsFile = join(dir, 'qrels', `${options.split}.tsv`);
  let available: string[] = [];
  try {
    available = readdirSync(join(dir, 'qrels'))
      .filter((f) => f.endsWith('.tsv'))
      .map((f) => f.slice(0, -4));
  } catch {
    // Reported below by read().
  }
  if (available.length > 0 && !available.includes(options.split)) {
    throw new CliFailure(`${dir} has no ${options.split} judgments; use --split ${available.join(' or --split ')}`);
  }
  const { qrels } = parseQrels(read(qrelsFile, 'judgments'));
  if (corpus.problems.length > 0) ctx.warn(`${corpus.problems.length} corpus records had problems (first: line ${corpus.problems[0]!.line}: ${corpus.problems[0]!.message})`);
  if (qrels.size === 0) throw new CliFailure(`qrels/${options.split}.tsv judges no queries`);
  if (corpus.papers.length === 0) throw new CliFailure(`corpus.jsonl gave no documents to index (${corpus.problems.length} problems); nothing to evaluate`);

  const { engine, close } = await evaluationEngine(options.engine ?? 'memory', corpus.papers);
  const built = performance.now();
  const judged = queries.filter((q) => qrels.has(q.id)).length;
  const progress = createProgress('queries', judged, ctx.io.stderr);
  const { summary, runs } = await evaluate(
    (request) => engine.search(request),
    queries,
    qrels,
    (done) => progress.update(done),
  );
  progress.stop();
  const finished = performance.now();
  const indexed = engine.papers.size;
  close();

  if (options.runOut) {
    try {
      writeFileSync(options.runOut, toTrecRun(runs));
    } catch (error) {
      throw new CliFailure(`cannot write the run file ${options.runOut} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  ctx.io.stderr.write(
    `${indexed} documents indexed (${options.engine ?? 'memory'} engine) in ${((built - started) / 1000).toFixed(1)} s; ` +
      `${summary.queries} queries in ${((finished - built) / 1000).toFixed(1)} s` +
      `${options.runOut ? `; run written to ${options.runOut}` : ''}\n`,
  );
  const r4 = (n: number): number => Math.round(n * 1e4) / 1e4;
  ctx.out(
    `${JSON.stringify({
      collection: basename(dir),
      split: options.split,
      engine: options.engine ?? 'memory',
      queries: summary.queries,
      'ndcg@10': r4(summary.ndcg10),
      'recall@100': r4(summary.recall100),
      'mrr@10': r4(summary.mrr10),
    })}\n`,
  );
}
