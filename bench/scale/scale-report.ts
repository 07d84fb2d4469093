import { ratio } from '../stats.js';
import type { SizeResult } from './scale-bench.js';

/**
 * The scale bench as a table, sizes side by side, each paperboy figure with its yardstick
 * and the ratio (ratios survive noisy machines; absolute figures do not), and the targets
 * of issue 10 checked against the figures of this run.
 */
const count = (n: number): string => n.toLocaleString('en-US');

export function scaleTable(results: readonly SizeResult[]): string {
  const base = results.find((r) => r.papers < 1000);
  const row = (label: string, cell: (r: SizeResult) => string): string => `  ${label.padEnd(44)}${results.map((r) => cell(r).padEnd(28)).join('')}`;
  return [
    '\nScale: paperboy as a process, against SQLite FTS5 measured in the same run',
    row('papers', (r) => `${count(r.papers)} (${r.engine})`),
    row('ingest (paperboy ingest FILE), peak RSS', (r) => `${r.ingest.seconds} s, ${r.ingest.peakMB} MB`),
    row('  FTS5 indexing the same text', (r) => `${r.fts5Build.seconds} s (${ratio(r.ingest.seconds, r.fts5Build.seconds)}×)`),
    row('index on disk / FTS5 table', (r) => `${r.indexMB} / ${r.fts5MB} MB`),
    row('restart to first answer', (r) => `${r.restartMs} ms${base ? ` (${ratio(r.restartMs, base.restartMs)}× shipped)` : ''}`),
    row('service RSS idle / after load / peak', (r) => `${r.memory.idleMB} / ${r.memory.afterLoadMB} / ${r.memory.peakMB} MB`),
    row('/search 8 in flight p50 / p99', (r) => `${r.http8.p50} / ${r.http8.p99} ms`),
    row('  raw FTS5 over HTTP, same load', (r) => `${r.fts5Http8.p50} / ${r.fts5Http8.p99} ms (${ratio(r.http8.p99, r.fts5Http8.p99)}×)`),
    row('/search 1 client p50 / p99', (r) => `${r.http1.p50} / ${r.http1.p99} ms`),
    row('  raw FTS5, 1 client', (r) => `${r.fts5Http1.p50} / ${r.fts5Http1.p99} ms (${ratio(r.http1.p99, r.fts5Http1.p99)}×)`),
    row('Slack ack p99 during searches / idle', (r) => `${r.acks.duringSearches.p99} / ${r.acks.idle.p99} ms`),
    row('paperboy search (fresh process)', (r) => `${r.cliMs} ms${base ? ` (${ratio(r.cliMs, base.cliMs)}× shipped)` : ''}`),
  ].join('\n');
}

export interface Target {
  readonly what: string;
  readonly figure: string;
  readonly met: boolean;
}

/** Issue 10's targets, for the sizes this run measured. */
export function scaleTargets(results: readonly SizeResult[]): Target[] {
  const base = results.find((r) => r.papers < 1000);
  const targets: Target[] = [];
  for (const r of results) {
    if (r.papers >= 90_000 && r.papers < 900_000) {
      if (base) targets.push({ what: `${count(r.papers)}: restart ≤ 1.5× shipped`, figure: `${ratio(r.restartMs, base.restartMs)}×`, met: r.restartMs <= 1.5 * base.restartMs });
      if (base) targets.push({ what: `${count(r.papers)}: CLI search ≤ 1.5× shipped`, figure: `${ratio(r.cliMs, base.cliMs)}×`, met: r.cliMs <= 1.5 * base.cliMs });
      targets.push({ what: `${count(r.papers)}: service RSS < 400 MB`, figure: `${r.memory.peakMB} MB peak`, met: r.memory.peakMB < 400 });
      targets.push({ what: `${count(r.papers)}: /search 8 in flight p99 < 300 ms`, figure: `${r.http8.p99} ms`, met: r.http8.p99 < 300 });
      targets.push({ what: `${count(r.papers)}: /search p99 ≤ 1.5× raw FTS5`, figure: `${ratio(r.http8.p99, r.fts5Http8.p99)}×`, met: r.http8.p99 <= 1.5 * r.fts5Http8.p99 });
      targets.push({ what: `${count(r.papers)}: Slack ack p99 < 50 ms during searches`, figure: `${r.acks.duringSearches.p99} ms`, met: r.acks.duringSearches.p99 < 50 });
    }
    if (r.papers >= 900_000) {
      targets.push({ what: `${count(r.papers)}: ingest < 15 min`, figure: `${(r.ingest.seconds / 60).toFixed(1)} min`, met: r.ingest.seconds < 900 });
      targets.push({ what: `${count(r.papers)}: single-client p99 < 500 ms`, figure: `${r.http1.p99} ms`, met: r.http1.p99 < 500 });
      targets.push({ what: `${count(r.papers)}: restart to first answer < 3 s`, figure: `${r.restartMs} ms`, met: r.restartMs < 3000 });
      targets.push({ what: `${count(r.papers)}: RSS < 600 MB`, figure: `${r.memory.peakMB} MB peak`, met: r.memory.peakMB < 600 });
    }
  }
  return targets;
}

export function targetsTable(targets: readonly Target[]): string {
  return ['\nTargets (issue 10)', ...targets.map((t) => `  ${t.met ? 'met    ' : 'NOT MET'} ${t.what}: ${t.figure}`)].join('\n');
}
