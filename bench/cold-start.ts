import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColdStartAnswer } from './cold-start-child.js';
import { repoRoot } from './corpora.js';
import { lastJsonLine, runNode } from './processes.js';
import { median, ratio, round } from './stats.js';

/**
 * Cold start: a fresh process, from spawn to the first answer. Three ways to get there
 * for each corpus: rebuild paperboy's index from the papers, load a persisted index next
 * to the papers, and open the FTS5 database. For the shipped corpus also the real CLI,
 * which is what the "under 1 s" target is about. Runs are interleaved and the median kept.
 */
export interface ColdStartFigure {
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  /** Phase times (ms since the child's module started) of the median run, when the child reports them. */
  readonly phases?: Record<string, number>;
}

export interface ColdStartReport {
  readonly query: string;
  readonly runs: number;
  readonly rebuild: ColdStartFigure;
  readonly load: ColdStartFigure;
  readonly fts5: ColdStartFigure;
  readonly cli?: ColdStartFigure;
  /** Rebuild and load gave the same best hit (a persisted index must answer like a fresh one). */
  readonly sameAnswer: boolean;
  readonly ratios: { readonly loadVsRebuild: number; readonly loadVsFts5: number; readonly rebuildVsFts5: number };
}

export interface ColdStartFiles {
  readonly papersFile: string;
  readonly indexFile: string;
  readonly dbFile: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, 'cold-start-child.js');

function figure(runs: ReadonlyArray<{ ms: number; phases?: Record<string, number> }>): ColdStartFigure {
  const ms = runs.map((r) => r.ms);
  const mid = median(ms);
  const phases = runs.find((r) => r.ms === mid)?.phases;
  return { medianMs: round(mid), runsMs: ms.map(round), ...(phases ? { phases } : {}) };
}

async function child(mode: string, target: string, query: string, extra: string[] = []): Promise<{ ms: number; answer: ColdStartAnswer }> {
  const run = await runNode([CHILD, mode, target, query, ...extra]);
  const answer = lastJsonLine<ColdStartAnswer>(run.stdout);
  if (answer.hits === 0) throw new Error(`cold start (${mode}) found nothing for "${query}"`);
  return { ms: run.firstOutputMs, answer };
}

/** The installed CLI on the shipped corpus, exactly as a user would run it. */
async function cli(query: string): Promise<{ ms: number }> {
  const root = repoRoot();
  const run = await runNode([join(root, 'bin', 'paperboy.js'), 'search', query, '--json', '--limit', '1'], { cwd: root });
  const parsed = JSON.parse(run.stdout) as { results?: unknown[] };
  if (!parsed.results || parsed.results.length === 0) throw new Error(`the CLI found nothing for "${query}"`);
  return { ms: run.firstOutputMs };
}

export async function measureColdStart(files: ColdStartFiles, query: string, runs: number, withCli: boolean): Promise<ColdStartReport> {
  const rebuild: Array<{ ms: number; phases: Record<string, number> }> = [];
  const load: Array<{ ms: number; phases: Record<string, number> }> = [];
  const fts5: Array<{ ms: number; phases: Record<string, number> }> = [];
  const cliRuns: Array<{ ms: number }> = [];
  let sameAnswer = true;
  for (let i = 0; i < runs; i += 1) {
    const a = await child('rebuild', files.papersFile, query);
    const b = await child('load', files.papersFile, query, [files.indexFile]);
    const c = await child('fts5', files.dbFile, query);
    if (a.answer.top !== b.answer.top) sameAnswer = false;
    rebuild.push({ ms: a.ms, phases: a.answer.phases });
    load.push({ ms: b.ms, phases: b.answer.phases });
    fts5.push({ ms: c.ms, phases: c.answer.phases });
    if (withCli) cliRuns.push(await cli(query));
  }
  const report = { rebuild: figure(rebuild), load: figure(load), fts5: figure(fts5) };
  return {
    query,
    runs,
    ...report,
    ...(withCli ? { cli: figure(cliRuns) } : {}),
    sameAnswer,
    ratios: {
      loadVsRebuild: ratio(report.load.medianMs, report.rebuild.medianMs),
      loadVsFts5: ratio(report.load.medianMs, report.fts5.medianMs),
      rebuildVsFts5: ratio(report.rebuild.medianMs, report.fts5.medianMs),
    },
  };
}
