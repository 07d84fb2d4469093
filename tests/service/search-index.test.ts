import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import { runCli } from '../../adapters/cli/program.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { PaperCollection, type CommandContext, type Storage } from '../../src/index.js';
import { recordingIo } from '../helpers/recording-io.js';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness.js';

/**
 * The service and its search index: the port opens before the index is ready and says
 * so (/healthz, "Indexing …" answers, digests wait); and a second process on the same
 * data directory (paperboy ingest) adds papers the running service finds.
 */
let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ctx: CommandContext = { platform: 'slack', workspace: 'T1', channel: 'C1', user: { id: 'U1', name: 'Ada' }, now: new Date('2026-11-27T06:00:00Z'), canManageChannel: true };

async function storePapers(dataDir: string, n: number): Promise<void> {
  const storage = SqliteStorage.open(join(dataDir, 'paperboy.sqlite'));
  const collection = new PaperCollection();
  collection.addAll(Array.from({ length: n }, (_, i) => ({ title: `Numbat foraging trial ${i}`, abstract: `Numbats forage termites, trial ${i}.`, arxivId: `2611.${String(40000 + i)}` })));
  await storage.savePapers([...collection.all()], 0);
  await storage.close();
}

/** Storage whose reads of changed papers wait until the test lets them through, as a slow database would. */
function heldBack(): { wrap: (storage: Storage) => Storage; release: () => void } {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    release: () => release(),
    wrap: (storage) =>
      new Proxy(storage, {
        get(target, key) {
          const value = Reflect.get(target, key) as unknown;
          if (key === 'papersChangedSince') return async (...args: Parameters<Storage['papersChangedSince']>) => gate.then(() => target.papersChangedSince(...args));
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }),
  };
}

describe('the service while its index is built', () => {
  it('opens its port at once, says "Indexing …" everywhere, and answers once the index is ready', async () => {
    const hold = heldBack();
    const slack = new RecordingAdapter({ id: 'slack' });
    h = await startServiceHarness({
      adapters: () => [slack],
      searchMode: 'disk',
      before: (dir) => storePapers(dir, 3000),
      storage: hold.wrap,
      waitForIndex: false,
    });
    const health = await fetch(`${h.service.url}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; index: { engine: string; state: string; progress: { done: number; total: number } } };
    expect(body.status).toBe('ok');
    expect(body.index).toMatchObject({ state: 'indexing', progress: { done: 0, total: 3000 } });
    // Alive, but not ready for traffic until the index is.
    const notReady = await fetch(`${h.service.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ status: 'not-ready', checks: { storage: { state: 'ok' }, index: { state: 'indexing', progress: { done: 0, total: 3000 } } } });

    const search = await fetch(`${h.service.url}/search?q=numbat`);
    expect(search.status).toBe(503);
    expect(((await search.json()) as { error: string }).error).toBe('Indexing 0 of 3,000 papers; try again in a minute.');
    const answer = await h.service.commands.runText('search numbat', ctx);
    expect(answer.fallback).toBe('Indexing 0 of 3,000 papers; try again in a minute.');
    // A digest due now is not posted half-made: it waits for the index.
    await h.service.commands.runText('subscribe 06:00 UTC daily 3', ctx);
    await h.tick();
    expect(slack.postsTo('C1')).toHaveLength(0);

    hold.release();
    await h.service.ready;
    const ready = (await (await fetch(`${h.service.url}/healthz`)).json()) as { index: { state: string; papers: number; engine: string } };
    expect(ready.index).toMatchObject({ state: 'ready', papers: 3231 });
    expect((await fetch(`${h.service.url}/readyz`)).status).toBe(200);
    const found = (await (await fetch(`${h.service.url}/search?q=numbat+foraging`)).json()) as { total: number };
    expect(found.total).toBe(3000);
  });
});

describe('two processes on one data directory', () => {
  it.each([['disk'], ['memory']] as const)('the running service (%s engine) finds papers `paperboy ingest` added from another process', async (engine) => {
    h = await startServiceHarness({ adapters: () => [], searchMode: engine });
    const { dataDir } = h;
    const file = join(dataDir, 'new.jsonl');
    writeFileSync(file, `${JSON.stringify({ title: 'Echidna electroreception in the wild', abstract: 'Echidnas sense electric fields.', arxivId: '2611.49999' })}\n`);
    const io = recordingIo('2026-11-27', { PAPERBOY_DATA_DIR: dataDir, PAPERBOY_SEARCH: engine });
    expect(await runCli(['ingest', file], io)).toBe(0);
    expect(io.stdoutText()).toMatch(/: 1 added/);
    // Within a minute the index looks for what others saved; the test does that minute's work itself.
    await h.service.search.sync();
    const found = (await (await fetch(`${h.service.url}/search?q=echidna`)).json()) as { results: Array<{ id: string }> };
    expect(found.results.map((r) => r.id)).toEqual(['2611.49999']);
    // And the CLI sees what the service has.
    const search = recordingIo('2026-11-27', { PAPERBOY_DATA_DIR: dataDir, PAPERBOY_SEARCH: engine });
    expect(await runCli(['search', 'echidna', '--json'], search)).toBe(0);
    expect(JSON.parse(search.stdoutText())).toMatchObject({ total: 1 });
  });
});
