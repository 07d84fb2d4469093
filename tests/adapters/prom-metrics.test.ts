import { describe, expect, it } from 'vitest';
import { countingStorageErrors } from '../../adapters/metrics/counting-storage.js';
import { PromMetrics } from '../../adapters/metrics/prom-metrics.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { parsePrometheusText } from '../helpers/prometheus-text.js';
import { ALICE, CHANNEL } from '../helpers/storage-fixtures.js';

const scrape = async (metrics: PromMetrics) => {
  const { contentType, text } = await metrics.scrape();
  expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(text);
};

describe('the Prometheus metrics adapter', () => {
  it('counts digests by platform, failures by whether they are permanent', async () => {
    const metrics = new PromMetrics({ processMetrics: false });
    metrics.digestPosted('slack');
    metrics.digestPosted('slack');
    metrics.digestPosted('discord');
    metrics.digestFailed('slack', false);
    metrics.digestFailed('slack', true);
    metrics.digestFailed('slack', true);
    metrics.digestRetried('discord');
    const got = await scrape(metrics);
    expect(got.types.get('paperboy_digests_posted_total')).toBe('counter');
    expect(got.value('paperboy_digests_posted_total', { platform: 'slack' })).toBe(2);
    expect(got.value('paperboy_digests_posted_total', { platform: 'discord' })).toBe(1);
    expect(got.value('paperboy_digests_failed_total', { platform: 'slack', permanent: 'false' })).toBe(1);
    expect(got.value('paperboy_digests_failed_total', { platform: 'slack', permanent: 'true' })).toBe(2);
    expect(got.value('paperboy_digests_retried_total', { platform: 'discord' })).toBe(1);
    expect(got.value('paperboy_digests_retried_total', { platform: 'slack' })).toBeUndefined();
  });

  it('counts commands by outcome and puts their durations in histogram buckets', async () => {
    const metrics = new PromMetrics({ processMetrics: false });
    metrics.commandHandled('slack', 'search', 0.004, 'ok');
    metrics.commandHandled('slack', 'search', 0.3, 'ok');
    metrics.commandHandled('slack', 'search', 0.002, 'invalid');
    metrics.commandHandled('discord', 'subscribe', 0.02, 'denied');
    const got = await scrape(metrics);
    expect(got.value('paperboy_commands_total', { platform: 'slack', command: 'search', outcome: 'ok' })).toBe(2);
    expect(got.value('paperboy_commands_total', { platform: 'slack', command: 'search', outcome: 'invalid' })).toBe(1);
    expect(got.value('paperboy_commands_total', { platform: 'discord', command: 'subscribe', outcome: 'denied' })).toBe(1);
    expect(got.types.get('paperboy_command_duration_seconds')).toBe('histogram');
    const search = { platform: 'slack', command: 'search' };
    expect(got.value('paperboy_command_duration_seconds_count', search)).toBe(3);
    expect(got.value('paperboy_command_duration_seconds_sum', search)).toBeCloseTo(0.306, 9);
    expect(got.value('paperboy_command_duration_seconds_bucket', { ...search, le: '0.005' })).toBe(2);
    expect(got.value('paperboy_command_duration_seconds_bucket', { ...search, le: '0.25' })).toBe(2);
    expect(got.value('paperboy_command_duration_seconds_bucket', { ...search, le: '0.5' })).toBe(3);
    expect(got.value('paperboy_command_duration_seconds_bucket', { ...search, le: '+Inf' })).toBe(3);
  });

  it('counts feed reads by outcome and the papers they added, and times searches', async () => {
    const metrics = new PromMetrics({ processMetrics: false });
    metrics.feedRead('hf', 'ok', 12);
    metrics.feedRead('hf', 'not-modified', 0);
    metrics.feedRead('arxiv:cs.LG', 'failed', 0);
    metrics.searchTimed(0.003);
    metrics.searchTimed(2);
    const got = await scrape(metrics);
    expect(got.value('paperboy_feed_reads_total', { feed: 'hf', outcome: 'ok' })).toBe(1);
    expect(got.value('paperboy_feed_reads_total', { feed: 'hf', outcome: 'not-modified' })).toBe(1);
    expect(got.value('paperboy_feed_reads_total', { feed: 'arxiv:cs.LG', outcome: 'failed' })).toBe(1);
    expect(got.value('paperboy_feed_papers_added_total', { feed: 'hf' })).toBe(12);
    // A feed that failed still has a series, at 0, so a rate() over it is defined.
    expect(got.value('paperboy_feed_papers_added_total', { feed: 'arxiv:cs.LG' })).toBe(0);
    expect(got.value('paperboy_search_duration_seconds_count')).toBe(2);
    expect(got.value('paperboy_search_duration_seconds_bucket', { le: '0.005' })).toBe(1);
    expect(got.value('paperboy_search_duration_seconds_bucket', { le: '2.5' })).toBe(2);
  });

  it('reads the papers gauge at scrape time', async () => {
    const metrics = new PromMetrics({ processMetrics: false });
    let papers = 231;
    metrics.countPapers(() => papers);
    expect((await scrape(metrics)).value('paperboy_index_papers')).toBe(231);
    papers = 240;
    const got = await scrape(metrics);
    expect(got.types.get('paperboy_index_papers')).toBe('gauge');
    expect(got.value('paperboy_index_papers')).toBe(240);
  });

  it('keeps each instance to its own registry, with the process metrics prefixed', async () => {
    const a = new PromMetrics();
    const b = new PromMetrics();
    a.digestPosted('slack');
    const fromA = await scrape(a);
    const fromB = await scrape(b);
    expect(fromA.value('paperboy_digests_posted_total', { platform: 'slack' })).toBe(1);
    expect(fromB.value('paperboy_digests_posted_total', { platform: 'slack' })).toBeUndefined();
    expect(fromB.value('paperboy_process_resident_memory_bytes') ?? fromB.value('paperboy_nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect([...fromB.types.keys()].filter((name) => !name.startsWith('paperboy_'))).toEqual([]);
  });

  it('counts storage calls that fail, by method, and passes their errors through', async () => {
    const metrics = new PromMetrics({ processMetrics: false });
    const storage = countingStorageErrors(SqliteStorage.open(':memory:'), (operation) => metrics.storageFailed(operation));
    expect(storage.kind).toBe('sqlite');
    expect(await storage.getSubscription(CHANNEL)).toBeUndefined();
    expect(await storage.listFollows(ALICE)).toEqual([]); // the people methods pass through too
    await storage.addSignal({ ...ALICE, paperId: 'p1', kind: 'save' }, 0);
    expect(await storage.readingList('slack', 'T01', 50)).toStrictEqual([{ paperId: 'p1', saves: 1, lastSavedAt: 0 }]);
    expect(await storage.digestArchive('slack:T01:C-research', 14)).toEqual([]);
    await storage.close();
    await expect(storage.digestArchive('slack:T01:C-research', 14)).rejects.toThrow(/closed/);
    await expect(storage.readingList('slack', 'T01', 50)).rejects.toThrow(/closed/);
    await expect(storage.getSubscription(CHANNEL)).rejects.toThrow();
    await expect(storage.getSubscription(CHANNEL)).rejects.toThrow();
    await expect(storage.listSubscriptions()).rejects.toThrow();
    await expect(storage.forgetPerson(ALICE)).rejects.toThrow(/closed/);
    const got = await scrape(metrics);
    expect(got.value('paperboy_storage_errors_total', { operation: 'getSubscription' })).toBe(2);
    expect(got.value('paperboy_storage_errors_total', { operation: 'listSubscriptions' })).toBe(1);
    expect(got.value('paperboy_storage_errors_total', { operation: 'forgetPerson' })).toBe(1);
    expect(got.value('paperboy_storage_errors_total', { operation: 'digestArchive' })).toBe(1);
    expect(got.value('paperboy_storage_errors_total', { operation: 'readingList' })).toBe(1);
    expect(got.find('paperboy_storage_errors_total')).toHaveLength(5);
  });
});

describe('the exposition reader the tests use', () => {
  it('reads escaped label values, special values and timestamps', () => {
    const got = parsePrometheusText(
      ['# HELP x_total An x.', '# TYPE x_total counter', 'x_total{a="q\\"uote",b="back\\\\slash",c="new\\nline"} 3 1700000000000', 'y_bucket{le="+Inf"} +Inf', 'z NaN'].join('\n'),
    );
    expect(got.value('x_total', { a: 'q"uote', b: 'back\\slash', c: 'new\nline' })).toBe(3);
    expect(got.value('y_bucket', { le: '+Inf' })).toBe(Number.POSITIVE_INFINITY);
    expect(got.value('z')).toBeNaN();
    expect(got.types.get('x_total')).toBe('counter');
    expect(() => parsePrometheusText('x{a="1" 2')).toThrow();
  });
});
