import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedEndpoints } from '../../adapters/feeds/feed-endpoints.js';
import { createFeedReader, SERVICE_FETCH_POLICY } from '../../adapters/feeds/feed-reader.js';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness.js';

/**
 * The service reading PAPERBOY_FEEDS on its own: real payloads from a loopback server
 * standing in for Hugging Face and arXiv, the live index, storage, and digests that go out
 * whatever the feeds do.
 */
const FEEDS = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
let server: Server;
let endpoints: FeedEndpoints;
let answers: Map<string, { status: number; body: string }>;
let requests: string[];
let h: ServiceHarness | undefined;

beforeEach(async () => {
  answers = new Map();
  requests = [];
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const answer = answers.get((req.url ?? '').split('?')[0]!) ?? { status: 404, body: '' };
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoints = { hfDailyPapers: `${base}/api/daily_papers`, arxivApi: `${base}/api/query`, arxivRss: `${base}/rss/` };
});

afterEach(async () => {
  await h?.close();
  h = undefined;
  await new Promise((resolve) => server.close(resolve));
});

async function start(feedList: string[], adapters: RecordingAdapter[] = []): Promise<ServiceHarness> {
  return startServiceHarness({
    adapters: () => adapters,
    config: { feedList, feeds: endpoints },
    // Same reader as production, without its pauses: tests do not wait out politeness.
    feedReader: createFeedReader(endpoints, { ...SERVICE_FETCH_POLICY, minIntervalMs: 0, retries: 0, backoffMs: 1 }),
  });
}

describe('feeds in the service', () => {
  it('reads each feed into the running index and storage: search finds the papers without a restart', async () => {
    answers.set('/api/daily_papers', { status: 200, body: readFileSync(join(FEEDS, 'hf-2026-11-26.json'), 'utf8') });
    answers.set('/rss/cs.LG', { status: 200, body: readFileSync(join(FEEDS, 'arxiv-rss-cs-lg.xml'), 'utf8') });
    h = await start(['hf', 'arxiv:cs.LG']);
    const before = (await (await fetch(`${h.service.url}/search?q=load-balancing+losses`)).json()) as { results: Array<{ id: string }> };
    expect(before.results.map((r) => r.id)).not.toContain('2611.18231');

    const runs = await h.service.feeds!.tick();
    expect(runs.map((r) => [r.feed, r.report?.added.length])).toEqual([
      ['hf', 5],
      ['arxiv:cs.LG', 3],
    ]);
    // Today's and yesterday's featured days (UTC), then the category's announcements.
    expect(requests).toEqual(['/api/daily_papers?date=2026-11-26&p=0&limit=50', '/api/daily_papers?date=2026-11-27&p=0&limit=50', '/rss/cs.LG']);
    const after = (await (await fetch(`${h.service.url}/search?q=load-balancing+losses`)).json()) as { results: Array<{ id: string }> };
    expect(after.results[0]!.id).toBe('2611.18231');
    // Storage holds the shipped corpus (imported at the first start) and the 8 the feeds brought.
    const stored = await h.service.storage.loadPapers();
    expect(stored.map((p) => p.id)).toEqual(expect.arrayContaining(['2611.18231']));
    expect(stored).toHaveLength(231 + 8);
  });

  it('retries a failing feed with backoff, and the day’s digests go out with what is there', async () => {
    answers.set('/api/daily_papers', { status: 500, body: '' });
    const slack = new RecordingAdapter({ id: 'slack' });
    h = await start(['hf'], [slack]);
    const ctx = { platform: 'slack', workspace: 'T1', channel: 'C1', user: { id: 'U1', name: 'Ada' }, now: new Date('2026-11-27T06:00:00Z'), canManageChannel: true };
    await h.service.commands.runText('subscribe 09:00 UTC 3', ctx);
    h.at('2026-11-27T08:30:00Z');
    const [failed] = await h.service.feeds!.tick();
    expect(failed!.error).toMatch(/HTTP 500 from the server/);
    expect(h.logged.find((l) => l.message.startsWith('feed failed'))?.fields).toMatchObject({ feed: 'hf', failures: 1, retryAt: '2026-11-27T08:35:00.000Z' });
    h.at('2026-11-27T09:00:00Z');
    await h.tick();
    expect(slack.postsTo('C1')).toHaveLength(1);
    const asked = requests.length;
    h.at('2026-11-27T08:34:00Z');
    expect(await h.service.feeds!.tick()).toEqual([]);
    expect(requests).toHaveLength(asked);
    answers.set('/api/daily_papers', { status: 200, body: '[]' });
    h.at('2026-11-27T08:35:00Z');
    const [quiet] = await h.service.feeds!.tick();
    expect(quiet!.report).toMatchObject({ added: [], updated: [] });
    expect(h.logged.some((l) => l.message === 'feed read; nothing new')).toBe(true);
    expect(h.service.feeds!.nextRuns().get('hf')).toBe(Date.parse('2026-11-27T10:35:00Z'));
  });

  it('keeps other feeds going when one brings a record that breaks ingest, and saves what storage missed later', async () => {
    const reads: string[] = [];
    h = await startServiceHarness({
      adapters: () => [],
      config: { feedList: ['hf', 'arxiv:cs.LG'], feeds: endpoints },
      feedReader: async (feed) => {
        reads.push(feed);
        // A draft no loader would produce: ingest throws on it (a bug upstream, not bad input).
        if (feed === 'hf') return { ok: true, loaded: { papers: [{ title: '' }], problems: [] } };
        return { ok: true, loaded: { papers: [{ title: 'Sparse Quokka Routing', abstract: 'Quokkas.', arxivId: '2611.04444' }], problems: [] } };
      },
    });
    const runs = await h.service.feeds!.tick();
    expect(runs.map((r) => [r.feed, r.error === undefined ? 'ok' : 'failed'])).toEqual([
      ['hf', 'failed'],
      ['arxiv:cs.LG', 'ok'],
    ]);
    expect(h.logged.some((l) => l.level === 'error' && l.message.startsWith('feed ingest failed'))).toBe(true);
    // Not retried every minute: the broken feed waits for its next interval.
    h.at('2026-11-27T06:01:00Z');
    expect(await h.service.feeds!.tick()).toEqual([]);
    expect(reads).toEqual(['hf', 'arxiv:cs.LG']);
    expect((await h.service.storage.loadPapers()).map((p) => p.id)).toContain('2611.04444');
  });

  it('stays off when no feeds are configured', async () => {
    h = await start([]);
    expect(h.service.feeds).toBeUndefined();
  });
});
