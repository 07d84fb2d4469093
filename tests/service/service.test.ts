import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import type { CommandContext } from '../../src/index.js';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness.js';
import { shippedCollection } from '../helpers/shipped-corpus.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { connect } from 'node:net';

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const slackCtx = (channel: string, now: Date): CommandContext => ({
  platform: 'slack',
  workspace: 'T1',
  channel,
  user: { id: 'U1', name: 'Ada' },
  now,
  canManageChannel: true,
});

describe('the service', () => {
  it('posts a subscribed channel’s digest once at its local time, through its adapter', async () => {
    const slack = new RecordingAdapter({ id: 'slack' });
    h = await startServiceHarness({ adapters: () => [slack] });
    expect(slack.started).toBe(true);
    await h.service.commands.runText('subscribe 09:00 Europe/Berlin weekdays 3', slackCtx('C1', new Date('2026-11-27T06:00:00Z')));

    h.at('2026-11-27T07:59:00Z');
    await h.tick();
    expect(slack.posts).toHaveLength(0);
    h.at('2026-11-27T08:00:00Z'); // 09:00 in Berlin
    await h.tick();
    h.at('2026-11-27T08:01:00Z');
    await h.tick();
    expect(slack.postsTo('C1')).toHaveLength(1);
    const [post] = slack.posts;
    expect(post!.message.blocks[0]).toEqual({ type: 'heading', text: 'Trending papers · Friday 27 November 2026' });
    const slot = await h.service.storage.getSlot('slack:T1:C1', '2026-11-27');
    expect(slot).toMatchObject({ status: 'posted', messageId: 'slack-1' });
    expect((await h.service.storage.postedPaperIds('slack:T1:C1')).size).toBe(3);
  });

  it('keeps a topic digest to its topic across days, then says in one line that nothing new qualifies', async () => {
    const slack = new RecordingAdapter({ id: 'slack' });
    h = await startServiceHarness({ adapters: () => [slack] });
    await h.service.commands.runText('subscribe 09:00 UTC daily 10 topic: model merging', slackCtx('C1', new Date('2026-11-27T06:00:00Z')));
    const days = ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'];
    for (const day of days) {
      h.at(`${day}T09:00:00Z`);
      await h.tick();
    }
    const posts = slack.postsTo('C1');
    expect(posts).toHaveLength(days.length);
    const ids = posts.flatMap((p) => p.message.blocks.flatMap((b) => (b.type === 'paper' ? [b.card.paperId] : [])));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(h.service.paperboy.papers.get(id)!.abstract + h.service.paperboy.papers.get(id)!.title).toMatch(/merg/i);
    expect(posts.at(-1)!.message.blocks).toEqual([{ type: 'text', text: 'No new trending papers on “model merging” today.' }]);
  });

  it('leaves digests for platforms it has no adapter for to the replicas that do, untouched', async () => {
    const slack = new RecordingAdapter({ id: 'slack' });
    h = await startServiceHarness({ adapters: () => [slack] });
    const discord = { platform: 'discord', workspace: 'G1', channel: 'D1' };
    await h.service.storage.saveSubscription(discord, { time: '09:00', timezone: 'UTC', days: 'daily', count: 3 }, 'u', 0);
    await h.service.commands.runText('subscribe 09:00 UTC', slackCtx('C1', new Date('2026-11-27T06:00:00Z')));
    h.at('2026-11-27T09:00:00Z');
    await h.tick();
    expect(slack.postsTo('C1')).toHaveLength(1);
    expect((await h.service.storage.getSubscription(discord))?.failing).toBeUndefined();
    expect(await h.service.storage.getSlot('discord:G1:D1', '2026-11-27')).toBeUndefined();
  });

  it('lets one stuck HTTP client delay the shutdown only briefly', async () => {
    h = await startServiceHarness({ adapters: () => [] });
    const { port } = new URL(h.service.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // never finishes its headers
    await h.service.stop();
    socket.destroy();
  });

  it('serves the HTTP API with health and readiness naming its adapters, and stops cleanly', async () => {
    h = await startServiceHarness({ adapters: () => [new RecordingAdapter({ id: 'slack' })] });
    const health = (await (await fetch(`${h.service.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', papers: 231, storage: { kind: 'sqlite' }, adapters: ['slack'], instance: 'test-1' });
    const ready = await fetch(`${h.service.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      instance: 'test-1',
      checks: { service: { state: 'running' }, storage: { state: 'ok', kind: 'sqlite' }, index: { state: 'ready', papers: 231 }, adapters: { slack: { state: 'connected' } } },
    });
    expect((await fetch(`${h.service.url}/nowhere`)).status).toBe(404);
    await h.service.stop();
    await h.service.stop();
    await expect(fetch(`${h.service.url}/healthz`)).rejects.toThrow();
    await expect(h.service.storage.listSubscriptions()).rejects.toThrow();
  });

  it('loads papers saved in storage on top of the shipped corpus', async () => {
    h = await startServiceHarness({
      adapters: () => [],
      before: async (dataDir) => {
        const storage = SqliteStorage.open(join(dataDir, 'paperboy.sqlite'));
        await storage.savePapers([{ ...[...shippedCollection().all()][0]!, id: 'ingested-1', title: 'An Ingested Paper on Quokka Routing', appearances: [] }], 0);
        await storage.close();
      },
    });
    expect(h.service.paperboy.papers.size).toBe(232);
    expect((await h.service.paperboy.show('ingested-1')).ok).toBe(true);
  });
});

/**
 * `paperboy serve` as a child process in a fresh data directory, once its banner is out. Feeds
 * are off: a test must not reach the internet. `out()` and `err()` read what it wrote so far.
 */
async function serveProcess(console: 'on' | 'off') {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-serve-'));
  const bin = fileURLToPath(new URL('../../bin/paperboy.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: { ...process.env, PAPERBOY_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', PAPERBOY_CONSOLE: console, PAPERBOY_FEEDS: 'none', DATABASE_URL: '' },
    stdio: [console === 'on' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => stdout.includes('Stop with Ctrl+C') && resolve());
    child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${stderr}`)));
  });
  return { dataDir, child, out: () => stdout, err: () => stderr };
}

describe('paperboy serve (the process)', () => {
  it('starts with no credentials, says how to use it, and exits 0 on SIGTERM', async () => {
    const { dataDir, child, out, err } = await serveProcess('off');
    expect(out()).toMatch(/paperboy \d+\.\d+\.\d+ is running/);
    expect(out()).toMatch(/corpus {4}231 papers/);
    expect(out()).toMatch(/slack {5}off: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN \(Socket Mode\) or SLACK_SIGNING_SECRET \(HTTP\)/);
    const url = /HTTP API {2}(http:\/\/[^/\s]+)\//.exec(out())![1]!;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const feed = await fetch(/(http:\S+\/trending\.atom) \(feed readers\)/.exec(out())![1]!);
    expect([feed.status, feed.headers.get('content-type')]).toEqual([200, 'application/atom+xml; charset=utf-8']);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(err()).toMatch(/"msg":"stopped"/);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 0 on SIGTERM with the console on, and keeps running when its input merely ends', async () => {
    const { dataDir, child, out, err } = await serveProcess('on');
    child.stdin!.write('/papers search NoProp\n');
    child.stdin!.end(); // not a terminal: the service goes on
    await new Promise<void>((resolve) => child.stdout!.on('data', () => out().includes('Results 1–') && resolve()));
    await new Promise<void>((resolve) => child.stderr!.on('data', () => err().includes('console input ended') && resolve()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(err()).not.toMatch(/again, exiting without waiting/);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a bad setting with one line naming it', async () => {
    const bin = fileURLToPath(new URL('../../bin/paperboy.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'serve'], { env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe('paperboy: configuration: PORT: "eighty" is not a port number; use a whole number from 0 to 65535, e.g. PORT=3000');
  });
});

describe('start-up failures', () => {
  it('explains a taken port and leaves nothing open', async () => {
    const first = await startServiceHarness({ adapters: () => [] });
    const port = Number(new URL(first.service.url).port);
    await expect(startServiceHarness({ adapters: () => [], config: { port } })).rejects.toThrow(`port ${port} on 127.0.0.1 is taken; set PORT to a free port, e.g. PORT=${port + 1}`);
    await first.close();
  });
});
