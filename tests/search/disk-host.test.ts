import { closeSync, existsSync, openSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperCollection, type Paper, type PaperDraft } from '../../src/index.js';
import { IndexNotBuilt } from '../../adapters/search/disk-host.js';
import type { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { recordingLogger } from '../helpers/command-harness.js';
import { errorOf, okValue } from '../helpers/results.js';
import { hostPlace, openDiskHost, type HostPlace } from '../helpers/search-hosts.js';

/**
 * The disk engine's life in a process: built from storage behind an "Indexing …" answer,
 * opened at once afterwards, caught up with what other processes saved, and rebuilt (with
 * a log line saying why) when its file is missing, outdated, truncated or damaged.
 */
const draft = (i: number, over: Partial<PaperDraft> = {}): PaperDraft => ({
  title: `Quokka routing study number ${i}`,
  abstract: `We route quokkas through sparse gates, experiment ${i}.`,
  arxivId: `2611.${String(10000 + i)}`,
  appearances: [{ source: 'hf-daily', date: '2026-11-26', rank: (i % 50) + 1 }],
  ...over,
});

/** Papers saved to storage the way another process (paperboy ingest, a replica) would. */
async function saveElsewhere(storage: SqliteStorage, drafts: PaperDraft[]): Promise<Paper[]> {
  const collection = new PaperCollection();
  collection.addAll(drafts);
  const papers = [...collection.all()];
  await storage.savePapers(papers, Date.now());
  return papers;
}

const opened: Array<{ close(): Promise<void> }> = [];
let place: HostPlace;
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
  place?.remove();
});

function setUp(): { storage: SqliteStorage } {
  place = hostPlace();
  const storage = place.openStorage();
  opened.push(storage);
  return { storage };
}

function host(storage: SqliteStorage, options: Parameters<typeof openDiskHost>[2] = {}) {
  const opening = openDiskHost(place, storage, options);
  opened.push(opening);
  return opening;
}

const quokkaIds = async (h: ReturnType<typeof host>): Promise<string[]> =>
  okValue(await h.paperboy.search({ query: 'quokka', limit: 1000 }))
    .hits.map((hit) => hit.paper.id)
    .sort();

describe('the disk engine in a process', () => {
  it('builds a missing index from storage behind an "Indexing …" answer, then serves', async () => {
    const { storage } = setUp();
    await saveElsewhere(
      storage,
      Array.from({ length: 2500 }, (_, i) => draft(i)),
    );
    const logged: Parameters<typeof recordingLogger>[0] = [];
    const h = host(storage, { logger: recordingLogger(logged) });
    expect(h.paperboy.status().state).toBe('indexing');
    expect(errorOf(await h.paperboy.search({ query: 'quokka' }))).toMatchObject({ code: 'not_ready', message: expect.stringMatching(/^Indexing .*papers; try again in a minute\.$/) });
    await h.start();
    expect(h.paperboy.status().state).toBe('ready');
    expect(okValue(await h.paperboy.search({ query: 'quokka' })).total).toBe(2500);
    expect(h.report()).toMatchObject({ engine: 'disk', state: 'ready', papers: 2500, syncedSeq: 2500, analyzer: 1 });
    expect(logged.map((l) => l.message)).toEqual(expect.arrayContaining(['search index built']));
  });

  it('reports build progress in papers, as the commands answer it', async () => {
    const { storage } = setUp();
    await saveElsewhere(
      storage,
      Array.from({ length: 4100 }, (_, i) => draft(i)),
    );
    const h = host(storage);
    const seen: string[] = [];
    await h.rebuild('asked for', (done, total) => seen.push(`${done}/${total}`));
    expect(seen).toEqual(['2000/4100', '4000/4100', '4100/4100']);
  });

  it('opens an index it built before at once, and catches up on what others saved meanwhile', async () => {
    const { storage } = setUp();
    await saveElsewhere(storage, [draft(1), draft(2)]);
    const first = host(storage);
    await first.start();
    await first.close();
    await saveElsewhere(storage, [draft(3), draft(2, { abstract: 'A revised quokka abstract about wombats.' })]);

    const logged: Parameters<typeof recordingLogger>[0] = [];
    const again = host(storage, { logger: recordingLogger(logged) });
    await again.start();
    expect(logged.some((l) => /rebuilding/.test(l.message))).toBe(false);
    expect(await quokkaIds(again)).toEqual(['2611.10001', '2611.10002', '2611.10003']);
    expect(okValue(await again.paperboy.search({ query: 'wombats' })).hits.map((hit) => hit.paper.id)).toEqual(['2611.10002']);
    // While running: another process saves, a sync brings it in.
    await saveElsewhere(storage, [draft(4)]);
    expect(await again.sync()).toBe(1);
    expect(await quokkaIds(again)).toContain('2611.10004');
    expect(await again.sync()).toBe(0);
  });

  it.each([
    ['truncated', (file: string) => truncateSync(file, Math.floor(statSync(file).size / 2)), /truncated/],
    ['not a database', (file: string) => writeFileSync(file, 'this is not an index, it is a shopping list\n'.repeat(200)), /not a database|file is not/],
    [
      'built by another analyzer',
      (file: string) => {
        const db = new Database(file);
        db.prepare("UPDATE meta SET value = '0' WHERE key = 'analyzer'").run();
        db.close();
      },
      /analyzer version 0/,
    ],
  ])('rebuilds an index file that is %s, saying why, and answers as before', async (_what, damage, reason) => {
    const { storage } = setUp();
    await saveElsewhere(
      storage,
      Array.from({ length: 300 }, (_, i) => draft(i)),
    );
    const first = host(storage);
    await first.start();
    await first.close();
    for (const suffix of ['-wal', '-shm']) if (existsSync(`${place.indexFile}${suffix}`)) writeFileSync(`${place.indexFile}${suffix}`, '');
    damage(place.indexFile);

    const logged: Parameters<typeof recordingLogger>[0] = [];
    const again = host(storage, { logger: recordingLogger(logged) });
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'rebuilding the search index from storage', fields: expect.objectContaining({ reason: expect.stringMatching(reason) }) }),
    );
    await again.start();
    expect((await quokkaIds(again)).length).toBe(300);
  });

  it('rebuilds when a search finds pages damaged after opening, answering "Indexing …" rather than wrong results', async () => {
    const { storage } = setUp();
    await saveElsewhere(
      storage,
      Array.from({ length: 3000 }, (_, i) => draft(i)),
    );
    const first = host(storage);
    await first.start();
    await first.close();
    // Scribble over the middle of the file, where the full-text index lives, keeping the header whole.
    const size = statSync(place.indexFile).size;
    const fd = openSync(place.indexFile, 'r+');
    writeSync(fd, Buffer.alloc(Math.floor(size / 3), 0x5a), 0, Math.floor(size / 3), Math.floor(size / 3));
    closeSync(fd);

    const logged: Parameters<typeof recordingLogger>[0] = [];
    const again = host(storage, { logger: recordingLogger(logged), workers: 1 });
    await again.start();
    // Whatever the damage hit, nothing wrong is answered: either it was found on opening, or a search finds it now.
    const found = await again.paperboy.search({ query: 'quokka gates experiment', limit: 1000 }).then(
      (result) => (result.ok ? result.value.total : result.error.code),
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    await again.sync(); // waits for a rebuild the search may have started
    expect(logged.some((l) => l.message === 'rebuilding the search index from storage')).toBe(true);
    // A damaged file answers an error or "Indexing …", or (found on opening) the whole truth.
    expect([3000, 'not_ready'].includes(found as number | string) || /malformed|corrupt/.test(String(found))).toBe(true);
    expect(okValue(await again.paperboy.search({ query: 'quokka', limit: 1 })).total).toBe(3000);
  });

  it('goes on with a build a stop interrupted, from where it stopped', async () => {
    const { storage } = setUp();
    await saveElsewhere(
      storage,
      Array.from({ length: 6000 }, (_, i) => draft(i)),
    );
    const first = host(storage);
    const building = first.start();
    // Stop as soon as the first batch is in: close waits for the batch in hand, then the build stops.
    while (first.report().progress === undefined || first.report().progress!.done === 0) await new Promise((resolve) => setImmediate(resolve));
    await first.close();
    await building.catch(() => undefined);
    const partial = new Database(place.indexFile, { readonly: true });
    const kept = (partial.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
    partial.close();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(6000);

    const logged: Parameters<typeof recordingLogger>[0] = [];
    const again = host(storage, { logger: recordingLogger(logged) });
    expect(logged.map((l) => l.message)).toContain('the last build did not finish; going on from where it stopped');
    await again.start();
    expect(okValue(await again.paperboy.search({ query: 'quokka', limit: 1 })).total).toBe(6000);
  });

  it('will not build from a CLI query: it says how to build the index instead', async () => {
    const { storage } = setUp();
    await saveElsewhere(storage, [draft(1)]);
    expect(() => openDiskHost(place, storage, { mayBuild: false })).toThrow(IndexNotBuilt);
    expect(() => openDiskHost(place, storage, { mayBuild: false })).toThrow(/cannot answer \(there is no index yet\); build it with `paperboy index rebuild`/);
    expect(existsSync(place.indexFile)).toBe(false);
  });
});

describe('ingest through the disk engine', () => {
  it('saves to storage and indexes together; a failed save leaves both as they were', async () => {
    const { storage } = setUp();
    const h = host(storage);
    await h.start();
    await h.paperboy.ingest({ papers: [draft(1)], problems: [] });
    expect((await storage.papersChangedSince(0, 10)).map((c) => c.paper.id)).toEqual(['2611.10001']);

    // Storage refuses the next save, as a database that went away would.
    const failing: SqliteStorage = new Proxy(storage, {
      get: (target, key) =>
        key === 'savePapers'
          ? async () => Promise.reject(new Error('disk I/O error'))
          : ((Reflect.get(target, key) as unknown as { bind?: (to: unknown) => unknown }).bind?.(target) ?? Reflect.get(target, key)),
    });
    const broken = openDiskHost(place, failing);
    opened.push(broken);
    await broken.start();
    await expect(broken.paperboy.ingest({ papers: [draft(2)], problems: [] })).rejects.toThrow(/storage could not save the papers \(disk I\/O error\)/);
    expect(broken.paperboy.papers.get('2611.10002')).toBeUndefined();
    expect(await quokkaIds(broken)).toEqual(['2611.10001']);
    expect(await storage.paperCount()).toBe(1);
  });

  it('catches up at the next start when the index could not take what storage saved (a full disk)', async () => {
    const { storage } = setUp();
    const h = host(storage);
    await h.start();
    await h.paperboy.ingest({ papers: [draft(1)], problems: [] });
    // Another program makes the index's writes fail after storage has saved, as a full disk would.
    const raw = new Database(place.indexFile);
    raw.exec("CREATE TRIGGER disk_full BEFORE INSERT ON terms BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END");
    raw.close();
    await expect(h.paperboy.ingest({ papers: Array.from({ length: 200 }, (_, i) => draft(100 + i)), problems: [] })).rejects.toThrow(/database or disk is full/);
    expect(await storage.paperCount()).toBe(201);
    expect(await quokkaIds(h)).toEqual(['2611.10001']);
    await h.close();

    const fixed = new Database(place.indexFile);
    fixed.exec('DROP TRIGGER disk_full');
    fixed.close();
    const healed = host(storage);
    await healed.start();
    expect((await quokkaIds(healed)).length).toBe(201);
  });
});
