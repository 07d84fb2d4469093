import type { TargetCheck } from '../report.js';
import type { EndpointFigures, PagesReport } from './pages-bench.js';

/** The pages bench in words: one table of every endpoint, the page ÷ yardstick ratios, the targets. */

/** The targets: pages answer in under 50 ms p99 and weigh at most a few tens of KB. */
export const PAGE_P99_LIMIT_MS = 50;
export const PAGE_SIZE_LIMIT_BYTES = 64 * 1024;

const kb = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : 'n/a');
const ms = (value: number): string => (Number.isFinite(value) ? `${value} ms` : 'n/a');
const x = (value: number): string => (Number.isFinite(value) ? `${value}×` : 'n/a');

export function pagesTargets(figures: readonly EndpointFigures[]): TargetCheck[] {
  const pages = figures.filter((f) => f.side === 'page');
  if (pages.length === 0) return [{ target: 'team page: pages answer and weigh within the issue’s limits', status: 'NOT MEASURED', detail: 'no page was measured' }];
  return pages.flatMap((f): TargetCheck[] => [
    {
      target: `${f.name}: p99 < ${PAGE_P99_LIMIT_MS} ms`,
      status: f.p99 < PAGE_P99_LIMIT_MS ? 'PASS' : 'FAIL',
      detail: `p99 ${f.p99} ms (p50 ${f.p50} ms, max ${f.max} ms) over ${f.requests} requests`,
    },
    {
      target: `${f.name}: at most ${kb(PAGE_SIZE_LIMIT_BYTES)}`,
      status: f.bytes.max <= PAGE_SIZE_LIMIT_BYTES ? 'PASS' : 'FAIL',
      detail: `largest ${kb(f.bytes.max)} (median ${kb(f.bytes.p50)}; gzip median ${kb(f.gzipBytes.p50)})${f.wellFormed ? '' : '; WARNING: an answer was not a whole HTML document'}`,
    },
  ]);
}

type Row = readonly string[];

function table(header: Row, rows: readonly Row[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: Row): string => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('   '), ...rows.map(line)].join('\n');
}

export function pagesTable(r: PagesReport): string {
  const rows = r.endpoints.map((f) => [f.name, ms(f.p50), ms(f.p99), ms(f.max), kb(f.bytes.p50), kb(f.bytes.max), kb(f.gzipBytes.p50)]);
  const ratios = r.pairs.map((p) => [`${p.page} ÷ ${p.yardstick}`, x(p.ratioP50), x(p.ratioP99), x(p.ratioBytes)]);
  const t = r.team;
  return [
    `\nTeam page: HTML pages vs the JSON API, ${r.rounds} sequential requests each over kept-alive loopback, ${r.papers} papers (shipped corpus), SQLite`,
    table(['', 'p50', 'p99', 'max', 'bytes p50', 'bytes max', 'gzip p50'], rows),
    '',
    table(['page ÷ yardstick', 'p50', 'p99', 'bytes'], ratios),
    `  Team: ${t.subscriptions} channel subscriptions, ${t.digestsPosted} posted digests over ${t.archiveDays} days, ${t.saves} saves, ${t.reactions} 👍, ${t.replies} replies; signed in by session cookie.`,
    `  Same queries (e.g. "${r.exampleQueries.slice(0, 3).join('", "')}") and paper ids on both sides; the API lists ${r.listLimit} results like a page; the team page has no JSON twin, so it stands beside /trending.`,
    `  Machine load (1 min) ${r.load.before} at the start, ${r.load.after} at the end, on ${r.load.cores} cores.`,
    `  Process RSS ${r.memory.rssBeforeMb} MB before the service, ${r.memory.rssAfterMb} MB after the run (service and bench client in one process); heap ${r.memory.heapUsedAfterMb} MB.`,
    ['Targets', ...r.targets.map((c) => `  [${c.status}] ${c.target}: ${c.detail}`)].join('\n'),
  ].join('\n');
}
