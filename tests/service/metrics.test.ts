import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedReader, SERVICE_FETCH_POLICY } from '../../adapters/feeds/feed-reader.js';
import { DeliveryError, RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import type { CommandContext, FeedReader, Storage } from '../../src/index.js';
import { parsePrometheusText, type Exposition } from '../helpers/prometheus-text.js';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness.js';

/**
 * /metrics of a running service: what an operator's Prometheus would see after commands,
 * searches, digests, feed reads and a storage outage, each counted once, with its labels.
 */
let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ctx = (channel: string, extra: Partial<CommandContext> = {}): CommandContext => ({
  platform: 'slack',
  workspace: 'T1',
  channel,
  user: { id: 'U1', name: 'Ada' },
  now: new Date('2026-11-27T06:00:00Z'),
  canManageChannel: true,
  ...extra,
});

async function scrape(url: string): Promise<Exposition> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

/** Storage whose getSubscription fails while `down` is set, as a database that went away would. */
function flaky(): { wrap: (storage: Storage) => Storage; down: (on: boolean) => void } {
  let down = false;
  return {
    down: (on) => (down = on),
    wrap: (storage) =>
      new Proxy(storage, {
        get(target, key) {
          const value = Reflect.get(target, key) as unknown;
          if (key === 'getSubscription' && typeof value === 'function') {
            return (...args: unknown[]) => (down ? Promise.reject(new Error('connection refused')) : (value as (...a: unknown[]) => unknown).apply(target, args));
          }
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }),
  };
}

const feedReader: FeedReader = async (feed) => {
  if (feed === 'hf') {
    const papers = [
      { title: 'Sparse Quokka Routing', abstract: 'Quokkas route sparsely.', arxivId: '2611.04444' },
      { title: 'Dense Wombat Attention', abstract: 'Wombats attend densely.', arxivId: '2611.04445' },
    ];
    return { ok: true, loaded: { papers, problems: [] } };
  }
  if (feed === 'arxiv:cs.LG') return { ok: true, loaded: { papers: [], problems: [] }, unchanged: true };
  return { ok: false, reason: 'HTTP 503', retryable: true };
};

describe('the service’s /metrics', () => {
  it('counts commands, searches, digests, feed reads and storage errors with their labels', async () => {
    let slack: RecordingAdapter | undefined;
    const storage = flaky();
    h = await startServiceHarness({
      adapters: ({ commands }) => [(slack = new RecordingAdapter({ id: 'slack', commands }))],
      config: { feedList: ['hf', 'arxiv:cs.LG', 'arxiv:cs.CL'] },
      feedReader,
      storage: storage.wrap,
    });
    const { url } = h.service;
    const before = await scrape(url);
    expect(before.value('paperboy_index_papers')).toBe(231);
    expect(before.find('paperboy_commands_total')).toEqual([]);
    expect(before.value('paperboy_search_duration_seconds_count')).toBe(0);

    // Commands, through the chat adapter.
    await slack!.command('search diffusion', ctx('C1'));
    await slack!.command('subscribe 09:00 UTC', ctx('C1', { canManageChannel: false }));
    await slack!.command('subscribe 09:00 UTC daily 3', ctx('C1'));
    await slack!.command('subscribe 09:00 UTC daily 3', ctx('C2'));
    await slack!.command('subscribe 09:00 UTC daily 3', ctx('C3'));
    await slack!.command('subscribe 09:00 09:30', ctx('C1'));
    await h.service.commands.run({ name: 'frobnicate', options: {} }, ctx('C1'));
    const afterCommands = await scrape(url);
    const commands = (command: string, outcome: string) => afterCommands.value('paperboy_commands_total', { platform: 'slack', command, outcome });
    expect(commands('search', 'ok')).toBe(1);
    expect(commands('subscribe', 'denied')).toBe(1);
    expect(commands('subscribe', 'ok')).toBe(3);
    expect(commands('subscribe', 'invalid')).toBe(1);
    expect(commands('unknown', 'invalid')).toBe(1);
    expect(
      afterCommands
        .find('paperboy_commands_total')
        .map((s) => s.labels['command'])
        .sort(),
    ).toEqual(['search', 'subscribe', 'subscribe', 'subscribe', 'unknown']);
    expect(afterCommands.value('paperboy_command_duration_seconds_count', { platform: 'slack', command: 'subscribe' })).toBe(5);
    expect(afterCommands.value('paperboy_command_duration_seconds_bucket', { platform: 'slack', command: 'search', le: '+Inf' })).toBe(1);
    // The search command went through the index once.
    expect(afterCommands.value('paperboy_search_duration_seconds_count')).toBe(1);

    // A search over the HTTP API.
    expect((await fetch(`${url}/search?q=diffusion+transformers`)).status).toBe(200);
    expect((await scrape(url)).value('paperboy_search_duration_seconds_count')).toBe(2);

    // Digests: C1 posts, C2 fails and is retried, C3 fails for good.
    slack!.failChannel('C2', new DeliveryError('rate limited', { permanent: false }));
    slack!.failChannel('C3', new DeliveryError('channel_not_found', { permanent: true }));
    h.at('2026-11-27T09:00:00Z');
    await h.tick();
    slack!.failChannel('C2', undefined);
    h.at('2026-11-27T09:05:00Z');
    await h.tick();
    expect(slack!.postsTo('C1')).toHaveLength(1);
    expect(slack!.postsTo('C2')).toHaveLength(1);
    const afterDigests = await scrape(url);
    expect(afterDigests.value('paperboy_digests_posted_total', { platform: 'slack' })).toBe(2);
    expect(afterDigests.value('paperboy_digests_failed_total', { platform: 'slack', permanent: 'false' })).toBe(1);
    expect(afterDigests.value('paperboy_digests_failed_total', { platform: 'slack', permanent: 'true' })).toBe(1);
    expect(afterDigests.value('paperboy_digests_retried_total', { platform: 'slack' })).toBe(1);

    // Feed reads: one brings two papers, one is unchanged, one fails.
    await h.service.feeds!.tick();
    const afterFeeds = await scrape(url);
    expect(afterFeeds.value('paperboy_feed_reads_total', { feed: 'hf', outcome: 'ok' })).toBe(1);
    expect(afterFeeds.value('paperboy_feed_reads_total', { feed: 'arxiv:cs.LG', outcome: 'not-modified' })).toBe(1);
    expect(afterFeeds.value('paperboy_feed_reads_total', { feed: 'arxiv:cs.CL', outcome: 'failed' })).toBe(1);
    expect(afterFeeds.value('paperboy_feed_papers_added_total', { feed: 'hf' })).toBe(2);
    expect(afterFeeds.value('paperboy_feed_papers_added_total', { feed: 'arxiv:cs.LG' })).toBe(0);
    expect(afterFeeds.value('paperboy_index_papers')).toBe(233);

    // The database goes away: readiness says so, and the failed read is counted by operation.
    expect(afterFeeds.find('paperboy_storage_errors_total')).toEqual([]);
    storage.down(true);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    storage.down(false);
    const afterOutage = await scrape(url);
    expect(afterOutage.find('paperboy_storage_errors_total')).toEqual([{ name: 'paperboy_storage_errors_total', labels: { operation: 'getSubscription' }, value: 1 }]);
    // And Node's own metrics are there, under the same prefix.
    expect(afterOutage.value('paperboy_process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('counts a feed that answers 304 Not Modified as not-modified', async () => {
    const rss = readFileSync(new URL('../fixtures/feeds/arxiv-rss-cs-lg.xml', import.meta.url), 'utf8');
    const server = createServer((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(rss);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const endpoints = { hfDailyPapers: `${base}/hf`, arxivApi: `${base}/api`, arxivRss: `${base}/rss/` };
      h = await startServiceHarness({
        adapters: () => [],
        config: { feedList: ['arxiv:cs.LG'], feeds: endpoints },
        feedReader: createFeedReader(endpoints, { ...SERVICE_FETCH_POLICY, minIntervalMs: 0, retries: 0, backoffMs: 1 }),
      });
      await h.service.feeds!.tick();
      h.at('2026-11-27T09:00:00Z'); // past the feed's interval
      await h.service.feeds!.tick();
      const got = await scrape(h.service.url);
      expect(got.value('paperboy_feed_reads_total', { feed: 'arxiv:cs.LG', outcome: 'ok' })).toBe(1);
      expect(got.value('paperboy_feed_reads_total', { feed: 'arxiv:cs.LG', outcome: 'not-modified' })).toBe(1);
      expect(got.value('paperboy_feed_papers_added_total', { feed: 'arxiv:cs.LG' })).toBeGreaterThan(0);
    } finally {
      await h?.close();
      h = undefined;
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('keeps two services in one process apart', async () => {
    const first = await startServiceHarness({ adapters: () => [] });
    try {
      h = await startServiceHarness({ adapters: () => [] });
      await fetch(`${first.service.url}/search?q=diffusion`);
      expect((await scrape(first.service.url)).value('paperboy_search_duration_seconds_count')).toBe(1);
      expect((await scrape(h.service.url)).value('paperboy_search_duration_seconds_count')).toBe(0);
    } finally {
      await first.close();
    }
  });
});
