import { beforeAll, describe, expect, it } from 'vitest';
import { buildAlertsWorkload, type AlertsWorkload } from '../../bench/alerts-workload.js';
import { alertsTable, benchFollowAlerts, naiveMatch } from '../../bench/follow-alerts.js';
import { trainCorpusModel, type CorpusModel } from '../../bench/realistic/corpus-model.js';
import { createFollowMatcher } from '../../src/follows/follow-matcher.js';

// The shipped corpus alone trains the text model: fast and the same on every machine.
let model: CorpusModel;
let workload: AlertsWorkload;
const SIZE = { follows: 800, people: 160, papers: 80, newVersions: 40, background: 400, seed: 5 } as const;

beforeAll(() => {
  model = trainCorpusModel({ sourcePath: null });
  workload = buildAlertsWorkload({ ...SIZE, model });
});

describe('follow-alert bench (tiny, not timed)', () => {
  it('builds follows of every kind for the people asked, within the per-person limit', () => {
    expect(workload.follows).toHaveLength(SIZE.follows);
    expect(workload.kinds.author).toBeGreaterThan(300);
    expect(workload.kinds.topic).toBeGreaterThan(200);
    expect(workload.kinds.paper).toBeGreaterThan(10);
    expect(workload.news.added).toHaveLength(SIZE.papers);
    expect(workload.news.newVersions).toHaveLength(SIZE.newVersions);
    const perPerson = new Map<string, number>();
    for (const f of workload.follows) perPerson.set(f.user, (perPerson.get(f.user) ?? 0) + 1);
    expect(Math.max(...perPerson.values())).toBeLessThanOrEqual(50);
  });

  it('the indexed matcher and the every-follow-against-every-paper yardstick give the very same alerts, of every kind', () => {
    const indexed = createFollowMatcher(workload.follows).match(workload.news);
    expect(naiveMatch(workload.follows, workload.news)).toEqual(indexed);
    const reasons = indexed.flatMap((a) => a.reasons);
    expect(reasons.some((r) => r.startsWith('author '))).toBe(true);
    expect(reasons.some((r) => r.startsWith('topic: '))).toBe(true);
    expect(reasons.some((r) => r.startsWith('new version v'))).toBe(true);
  });

  it('reports figures and a table, and agrees with itself', () => {
    const report = benchFollowAlerts({ ...SIZE, model, runs: 1, log: () => {} });
    expect(report.identical).toBe(true);
    expect(report.alerts).toBeGreaterThan(0);
    expect(report.directMessages).toBeGreaterThan(0);
    expect(report.directMessages).toBeLessThanOrEqual(report.alerts);
    expect(alertsTable(report)).toMatch(/identical alerts: yes/);
  });
});
