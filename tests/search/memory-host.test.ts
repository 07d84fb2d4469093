import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSearch } from '../../adapters/search/open-search.js';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperCollection, type PaperDraft } from '../../src/index.js';
import type { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { recordingLogger } from '../helpers/command-harness.js';
import { okValue } from '../helpers/results.js';
import { hostPlace, openMemoryHost, type HostPlace } from '../helpers/search-hosts.js';

/**
 * The memory engine's life in a process: rebuilt from storage the first time, loaded from
 * its snapshot afterwards (only storage's changes since are applied), and rebuilt with a
 * log line saying why when the snapshot is damaged or was made by another analyzer.
 */
const draft = (i: number, over: Partial<PaperDraft> = {}): PaperDraft => ({
  title: `Wombat burrow survey ${i}`,
  abstract: `Wombats dig burrows, survey ${i}.`,
  arxivId: `2611.${String(20000 + i)}`,
  appearances: [{ source: 'hf-daily', date: '2026-11-26', rank: i + 1 }],
  ...over,
});

async function saveElsewhere(storage: SqliteStorage, drafts: PaperDraft[]): Promise<void> {
  const collection = new PaperCollection();
  collection.addAll(drafts);
  await storage.savePapers([...collection.all()], Date.now());
}

let place: HostPlace;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  place.remove();
});

function setUp(): SqliteStorage {
  place = hostPlace();
  const storage = place.openStorage();
  closers.push(() => storage.close());
  return storage;
}

function host(storage: SqliteStorage, logged: Parameters<typeof recordingLogger>[0] = []) {
  const opened = openMemoryHost(place, storage, { logger: recordingLogger(logged) });
  closers.push(() => opened.close());
  return opened;
}

const wombats = async (h: ReturnType<typeof host>): Promise<string[]> =>
  okValue(await h.paperboy.search({ query: 'wombat', limit: 100 }))
    .hits.map((hit) => hit.paper.id)
    .sort();

describe('the memory engine in a process', () => {
  it('builds from storage the first time, saves a snapshot, and loads it the next time with only the changes since', async () => {
    const storage = setUp();
    await saveElsewhere(storage, [draft(1), draft(2)]);
    const first = host(storage);
    expect(first.paperboy.status().state).toBe('indexing');
    await first.start();
    expect(await wombats(first)).toEqual(['2611.20001', '2611.20002']);
    expect(existsSync(place.snapshotFile)).toBe(true);
    await first.close();

    await saveElsewhere(storage, [draft(3), draft(1, { abstract: 'Wombats dig burrows under quokka colonies.' })]);
    const logged: Parameters<typeof recordingLogger>[0] = [];
    const again = host(storage, logged);
    await again.start();
    expect(logged.filter((l) => l.message === 'search index caught up with storage').map((l) => l.fields)).toEqual([{ changes: 2 }]);
    expect(await wombats(again)).toEqual(['2611.20001', '2611.20002', '2611.20003']);
    expect(okValue(await again.paperboy.search({ query: 'quokka' })).hits.map((h) => h.paper.id)).toEqual(['2611.20001']);
    expect(again.report()).toMatchObject({ engine: 'memory', state: 'ready', papers: 3, syncedSeq: 4 });
  });

  it('creates a data directory that does not exist yet for its snapshot (with PostgreSQL, storage creates none)', async () => {
    const storage = setUp();
    await saveElsewhere(storage, [draft(1)]);
    const dataDir = join(place.dir, 'not', 'there', 'yet');
    const opened = await openSearch({
      storage,
      files: [],
      logger: recordingLogger([]),
      clock: () => new Date('2026-11-27T06:00:00Z'),
      settings: { mode: 'memory', dataDir, workers: 0, crossover: 2_000 },
      role: 'service',
    });
    closers.push(() => opened.close());
    await opened.start();
    expect(existsSync(join(dataDir, 'memory-index.json'))).toBe(true);
  });

  it('brings in what another process saved when asked to sync', async () => {
    const storage = setUp();
    const h = host(storage);
    await h.start();
    await saveElsewhere(storage, [draft(7)]);
    expect(await wombats(h)).toEqual([]);
    expect(await h.sync()).toBe(1);
    expect(await wombats(h)).toEqual(['2611.20007']);
  });

  it.each([
    ['cut short', (text: string) => text.slice(0, Math.floor(text.length / 2)), /cannot be read/],
    ['made by another analyzer', (text: string) => text.replace('"analyzer":1', '"analyzer":99'), /analyzer version 99/],
    ['of another format', () => '{"format":"something-else"}', /another format/],
  ])('rebuilds from storage when the snapshot is %s, saying why', async (_what, damage, reason) => {
    const storage = setUp();
    await saveElsewhere(storage, [draft(1), draft(2)]);
    const first = host(storage);
    await first.start();
    await first.close();
    writeFileSync(place.snapshotFile, damage(readFileSync(place.snapshotFile, 'utf8')));

    const logged: Parameters<typeof recordingLogger>[0] = [];
    const again = host(storage, logged);
    await again.start();
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'rebuilding the search index from storage', fields: expect.objectContaining({ reason: expect.stringMatching(reason) }) }),
    );
    expect(await wombats(again)).toEqual(['2611.20001', '2611.20002']);
  });
});
