import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeedReader, SERVICE_FETCH_POLICY } from '../../adapters/feeds/feed-reader.js';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import type { ChannelRef, Message } from '../../src/index.js';
import { deferred } from '../helpers/scheduling-harness.js';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness.js';

/**
 * Stopping the service whatever is in flight: a feed server that trickles forever (with the
 * production fetch policy, a read and its retries would take minutes), a digest post that
 * never returns. A stop must keep its deadline, say what it abandoned, close storage, and
 * (as a process) exit 0 well inside an orchestrator's stop grace.
 */
let feedServer: Server;
let feedUrl: string;
const feedRequests: IncomingMessage[] = [];
let onFeedRequest: () => void = () => {};
const trickles = new Set<NodeJS.Timeout>();
let h: ServiceHarness | undefined;

beforeEach(async () => {
  feedRequests.length = 0;
  // Accepts every request, sends headers, then a byte every 100 ms and never finishes.
  feedServer = createServer((req, res: ServerResponse) => {
    feedRequests.push(req);
    res.writeHead(200, { 'content-type': 'application/json' });
    const timer = setInterval(() => res.write(' '), 100);
    trickles.add(timer);
    res.on('close', () => clearInterval(timer));
    onFeedRequest();
  });
  await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/api/daily_papers`;
});

afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const timer of trickles) clearInterval(timer);
  trickles.clear();
  feedServer.closeAllConnections();
  await new Promise((resolve) => feedServer.close(resolve));
});

/** Resolves once the feed server has a request (at once if it has one already). */
function feedRequestArrived(): Promise<void> {
  return new Promise((resolve) => {
    onFeedRequest = resolve;
    if (feedRequests.length > 0) resolve();
  });
}

/** A platform whose posts never return, announcing each attempt. */
class HangingAdapter extends RecordingAdapter {
  readonly posting = deferred();
  override postDigest(_destination: ChannelRef, _message: Message): Promise<{ messageId: string }> {
    this.posting.resolve();
    return new Promise(() => {});
  }
}

describe('stopping the service', () => {
  it('aborts a feed read in flight instead of waiting out the server and its retries', async () => {
    h = await startServiceHarness({
      adapters: () => [],
      config: { feedList: ['hf'], feeds: { hfDailyPapers: feedUrl, arxivApi: feedUrl, arxivRss: `${feedUrl}/` } },
      // The production policy: 30 s per attempt, two retries 5 and 10 s apart, 3 s between requests.
      feedReader: createFeedReader({ hfDailyPapers: feedUrl, arxivApi: feedUrl, arxivRss: `${feedUrl}/` }, SERVICE_FETCH_POLICY),
    });
    const run = h.service.feeds!.tick();
    await feedRequestArrived();
    await h.service.stop();
    expect(await run).toEqual([{ feed: 'hf', error: 'stopped' }]);
    expect(feedRequests).toHaveLength(1);
    const messages = h.logged.map((e) => e.message);
    expect(messages).toContain('feed read abandoned: the service is stopping');
    expect(messages.filter((m) => m.startsWith('shutdown deadline'))).toEqual([]);
    expect(messages.at(-1)).toBe('stopped');
    // Stopping is not the feed's failure: nothing was scheduled as a retry.
    expect(h.logged.filter((e) => e.message.startsWith('feed failed'))).toEqual([]);
  });

  it('gives a digest post that never returns until the deadline, says it abandoned it, and still closes storage', async () => {
    const slack = new HangingAdapter({ id: 'slack' });
    h = await startServiceHarness({ adapters: () => [slack], shutdownMs: 1000 });
    await h.service.storage.saveSubscription({ platform: 'slack', workspace: 'T1', channel: 'C1' }, { time: '09:00', timezone: 'UTC', days: 'daily', count: 3 }, 'u', 0);
    h.at('2026-11-27T09:00:00Z');
    void h.tick();
    await slack.posting.promise;
    await h.service.stop();
    expect(h.logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'warn',
          message: expect.stringMatching(/^shutdown deadline: leaving digests in flight/),
          fields: expect.objectContaining({ abandoned: [{ subscriptionId: 'slack:T1:C1', localDate: '2026-11-27', stage: 'posting' }] }),
        }),
      ]),
    );
    expect(h.logged.at(-1)?.message).toBe('stopped');
    await expect(h.service.storage.listSubscriptions()).rejects.toThrow();
  });
});

describe('paperboy serve (the process) on SIGTERM during a feed read', () => {
  it('exits 0 at once instead of waiting out a trickling feed server and its retries', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-shutdown-'));
    const bin = fileURLToPath(new URL('../../bin/paperboy.js', import.meta.url));
    const arrived = feedRequestArrived();
    const child = spawn(process.execPath, [bin, 'serve'], {
      env: { ...process.env, PAPERBOY_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', PAPERBOY_CONSOLE: 'off', PAPERBOY_FEEDS: 'hf', PAPERBOY_HF_API_URL: feedUrl, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      // The service reads its feeds once its corpus is ready: wait for that request to arrive.
      await Promise.race([arrived, exit.then((code) => Promise.reject(new Error(`exited early with ${code}: ${stderr}`)))]);
      const signalled = performance.now();
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      // A read and its retries against this server take over a minute (30 s per attempt);
      // the shutdown deadline is 8 s, and the abort makes it far shorter. 15 s leaves room for a busy machine.
      expect(performance.now() - signalled).toBeLessThan(15_000);
      expect(stderr).toMatch(/"msg":"feed read abandoned: the service is stopping"/);
      expect(stderr).toMatch(/"msg":"stopped"/);
      expect(stderr).not.toMatch(/shutdown deadline/);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
