import { beforeAll, describe, expect, it } from 'vitest';
import { benchPages, type PagesReport } from '../../bench/pages/pages-bench.js';
import { pagesTable } from '../../bench/pages/pages-report.js';

// A few rounds only: this checks what the bench measures and reports, never how fast anything is.
const ROUNDS = 12;
let report: PagesReport;

beforeAll(async () => {
  report = await benchPages({ rounds: ROUNDS, warmupRounds: 2, queries: ['diffusion', 'mixture of experts', 'agents -survey', 'ünïcode <script>'], log: () => {} });
}, 120_000);

describe('pages bench (tiny, not timed)', () => {
  it('asks every page and every JSON yardstick the same number of times', () => {
    expect(report.endpoints.map((e) => e.name)).toEqual(['page /', 'page /search', 'page /p/<id>', 'page /team/…', 'api /trending', 'api /search', 'api /papers/<id>']);
    for (const e of report.endpoints) expect(e.requests).toBe(ROUNDS);
  });

  it('got whole HTML documents from the pages and JSON from the API, with the same queries on both sides', () => {
    for (const e of report.endpoints) {
      expect(e.wellFormed, e.name).toBe(true);
      expect(e.contentType, e.name).toMatch(e.side === 'page' ? /^text\/html/ : /^application\/json/);
    }
    const example = (name: string): string => report.endpoints.find((e) => e.name === name)!.example;
    expect(example('page /search')).toBe('/search?q=diffusion');
    expect(example('api /search')).toBe('/search?q=diffusion&limit=20');
    expect(example('page /p/<id>').slice('/p/'.length)).toBe(example('api /papers/<id>').slice('/papers/'.length));
    expect(example('page /team/…')).toBe('/team/slack/T0BENCH');
  });

  it('sets each page beside its yardstick and checks the issue’s two targets for each page', () => {
    expect(report.pairs.map((p) => [p.page, p.yardstick])).toEqual([
      ['page /', 'api /trending'],
      ['page /search', 'api /search'],
      ['page /p/<id>', 'api /papers/<id>'],
      ['page /team/…', 'api /trending'],
    ]);
    for (const p of report.pairs) expect(p.ratioBytes).toBeGreaterThan(0);
    expect(report.targets).toHaveLength(8);
    expect(report.targets.map((t) => t.status).every((s) => s === 'PASS' || s === 'FAIL')).toBe(true);
  });

  it('sizes the answers, compressed too, and says what the team had', () => {
    for (const e of report.endpoints) {
      expect(e.bytes.max).toBeGreaterThanOrEqual(e.bytes.p50);
      expect(e.gzipBytes.p50).toBeLessThan(e.bytes.max);
    }
    expect(report.team).toMatchObject({ subscriptions: 3, archiveDays: 14, digestsPosted: 42 });
    expect(report.memory.rssAfterMb).toBeGreaterThan(0);
    const text = pagesTable(report);
    for (const e of report.endpoints) expect(text).toContain(e.name);
    expect(text).toContain('Targets');
  });
});
