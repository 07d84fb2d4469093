import type { SizeReport } from './corpus-bench.js';
import { mb, ratio } from './stats.js';

/** The human-readable side of the bench: one table per corpus size, then the targets. */
type Row = readonly [metric: string, paperboy: string, fts5: string, ratio: string];

const num = (value: number, unit = ''): string => (Number.isFinite(value) ? `${value}${unit}` : 'n/a');
const ms = (value: number): string => num(value, ' ms');
const x = (value: number): string => (Number.isFinite(value) ? `${value}×` : 'n/a');

function table(rows: readonly Row[]): string {
  const header: Row = ['', 'paperboy', 'FTS5', 'paperboy/FTS5'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: Row): string => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('   '), ...rows.map(line)].join('\n');
}

export function sizeTable(r: SizeReport): string {
  const { build, memory, latency: l, latencyRatios: lr, coldStart: c } = r;
  const title = `${r.synthetic ? 'Synthetic' : 'Shipped'} corpus: ${r.papers} papers${r.synthetic ? ' (shipped vocabulary)' : ''}`;
  const timed = `${l.queriesTimed}${l.budgetHit ? ` of ${l.queriesPlanned} (time budget)` : ''} queries, 1-3 words, top 10`;
  const rows: Row[] = [
    ['build: papers → collection', ms(build.paperboyCollectionMs), '—', '—'],
    ['build: index', ms(build.paperboyIndexMs), ms(build.fts5Ms), x(build.ratioIndex)],
    ['build: total', ms(build.paperboyTotalMs), ms(build.fts5Ms), x(build.ratioTotal)],
    ['heap after build (whole process)', `${mb(memory.paperboyHeapAfterBuild)} MB`, '—', '—'],
    ['  of which collection / index', `${mb(memory.paperboyHeapCollection)} / ${mb(memory.paperboyHeapIndex)} MB`, '—', '—'],
    // The FTS5 database holds the text as well as the index, so it compares with both paperboy files.
    ['on disk: papers + index (jsonl+json vs .db)', `${mb(memory.papersJsonlBytes)} + ${mb(memory.paperboyIndexFileBytes)} MB`, `${mb(memory.fts5DatabaseBytes)} MB`, x(memory.ratioDiskVsFts5)],
    ['query p50 (with snippets)', ms(l.paperboy.p50), ms(l.fts5.p50), x(lr.p50)],
    ['query p99 (with snippets)', ms(l.paperboy.p99), ms(l.fts5.p99), x(lr.p99)],
    ['query p50 (no snippets)', ms(l.paperboyNoSnippets.p50), ms(l.fts5.p50), x(lr.p50NoSnippets)],
    ['query p99 (no snippets)', ms(l.paperboyNoSnippets.p99), ms(l.fts5.p99), x(lr.p99NoSnippets)],
    // The second yardstick: what MiniSearch costs before paperboy adds anything.
    ['query p50 / p99, MiniSearch alone (1 field, OR)', `${num(l.minisearchFloor.p50)} / ${num(l.minisearchFloor.p99)} ms`, `${num(l.fts5.p50)} / ${num(l.fts5.p99)} ms`, x(lr.p99FloorVsFts5)],
    ['  paperboy p99 ÷ MiniSearch alone p99', x(lr.p99VsFloor), '', ''],
  ];
  for (const [words, s] of Object.entries(l.byWords)) {
    rows.push([
      `  p50 / p99, ${words}-word queries (snippets)`,
      `${num(s.paperboy.p50)} / ${num(s.paperboy.p99)} ms`,
      `${num(s.fts5.p50)} / ${num(s.fts5.p99)} ms`,
      x(ratio(s.paperboy.p99, s.fts5.p99)),
    ]);
  }
  rows.push(
    ['cold start: rebuild index', ms(c.rebuild.medianMs), ms(c.fts5.medianMs), x(c.ratios.rebuildVsFts5)],
    ['cold start: load saved index', ms(c.load.medianMs), ms(c.fts5.medianMs), x(c.ratios.loadVsFts5)],
    ['cold start: load ÷ rebuild', x(c.ratios.loadVsRebuild), '', ''],
  );
  if (c.cli) rows.push(['cold start: CLI `paperboy search`', ms(c.cli.medianMs), '', '']);
  const notes = [
    `${timed}; ${l.failures} failed searches.`,
    `Cold start: spawn → first answer, median of ${c.runs} run${c.runs === 1 ? '' : 's'}, query "${c.query}"${c.sameAnswer ? '' : '; WARNING: rebuilt and loaded index disagree on the top hit'}.`,
    'FTS5 column: the same query as the paperboy row (bm25, OR of quoted words, LIMIT 10, no snippets).',
  ];
  return [`\n${title}`, table(rows), ...notes.map((n) => `  ${n}`)].join('\n');
}

export interface TargetCheck {
  readonly target: string;
  readonly status: 'PASS' | 'FAIL' | 'INFO' | 'NOT MEASURED';
  readonly detail: string;
}

const CLI_COLD_START_LIMIT_MS = 1000;

export function checkTargets(reports: readonly SizeReport[]): TargetCheck[] {
  const at = (size: number): SizeReport | undefined => reports.find((r) => r.size === size);
  const checks: TargetCheck[] = [];
  const tenK = at(10_000);
  checks.push(
    tenK
      ? {
          target: '10k papers: paperboy search p99 ≤ FTS5 p99',
          status: tenK.latency.paperboy.p99 <= tenK.latency.fts5.p99 ? 'PASS' : 'FAIL',
          detail:
            `p99 ${tenK.latency.paperboy.p99} ms vs ${tenK.latency.fts5.p99} ms (${tenK.latencyRatios.p99}×; without snippets ${tenK.latencyRatios.p99NoSnippets}×); ` +
            `MiniSearch alone ${tenK.latency.minisearchFloor.p99} ms (${tenK.latencyRatios.p99FloorVsFts5}× FTS5), so paperboy adds ${tenK.latencyRatios.p99VsFloor}× on top of its library`,
        }
      : { target: '10k papers: paperboy search p99 ≤ FTS5 p99', status: 'NOT MEASURED', detail: 'run with --sizes including 10000' },
  );
  const hundredK = at(100_000);
  checks.push(
    hundredK
      ? {
          target: '100k papers: where paperboy stands',
          status: 'INFO',
          detail:
            `p50 ${hundredK.latency.paperboy.p50} ms vs ${hundredK.latency.fts5.p50} ms (${hundredK.latencyRatios.p50}×), ` +
            `p99 ${hundredK.latency.paperboy.p99} ms vs ${hundredK.latency.fts5.p99} ms (${hundredK.latencyRatios.p99}×; MiniSearch alone ${hundredK.latency.minisearchFloor.p99} ms), ` +
            `build ${hundredK.build.paperboyTotalMs} ms vs ${hundredK.build.fts5Ms} ms (${hundredK.build.ratioTotal}×), ` +
            `cold start (saved index) ${hundredK.coldStart.load.medianMs} ms vs ${hundredK.coldStart.fts5.medianMs} ms`,
        }
      : { target: '100k papers: where paperboy stands', status: 'NOT MEASURED', detail: 'run with --sizes including 100000' },
  );
  const cli = at(231)?.coldStart.cli;
  checks.push(
    cli
      ? {
          target: `shipped corpus: CLI cold start to first answer < ${CLI_COLD_START_LIMIT_MS} ms`,
          status: cli.medianMs < CLI_COLD_START_LIMIT_MS ? 'PASS' : 'FAIL',
          detail: `median ${cli.medianMs} ms (runs: ${cli.runsMs.join(', ')} ms)`,
        }
      : { target: `shipped corpus: CLI cold start < ${CLI_COLD_START_LIMIT_MS} ms`, status: 'NOT MEASURED', detail: 'run with --sizes including 231' },
  );
  return checks;
}

export function targetsText(checks: readonly TargetCheck[]): string {
  return ['\nTargets', ...checks.map((c) => `  [${c.status}] ${c.target}: ${c.detail}`)].join('\n');
}
