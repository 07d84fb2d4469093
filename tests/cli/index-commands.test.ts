import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/program.js';
import { recordingIo } from '../helpers/recording-io.js';

/**
 * `paperboy index status|rebuild`, and CLI queries opening (never rebuilding) the index the
 * service keeps in the data directory.
 */
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'paperboy-index-cli-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function paperboy(env: Record<string, string>, ...argv: string[]) {
  const io = recordingIo('2026-11-27', { PAPERBOY_DATA_DIR: dataDir, ...env });
  const status = await runCli(argv, io);
  return { status, out: io.stdoutText(), err: io.stderrText() };
}

/** A JSON Lines file of `n` papers about wombats, each with its own arXiv id. */
function papersFile(n: number, offset = 0): string {
  const file = join(dataDir, `papers-${offset}.jsonl`);
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({ title: `Wombat tunnelling study ${offset + i}`, abstract: `Wombats tunnel under fences, study ${offset + i}.`, arxivId: `2611.${String(30000 + offset + i)}` }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const DISK = { PAPERBOY_SEARCH: 'disk' };

describe('paperboy index', () => {
  it('says there is nothing yet on a fresh data directory', async () => {
    const { status, err } = await paperboy(DISK, 'index', 'status');
    expect(status).toBe(1);
    expect(err).toMatch(/^paperboy: no storage in .* yet: `npm start` \(or `paperboy ingest`\) creates it/);
  });

  it('reports the disk engine, its papers, size, last sync and analyzer; searches open it and never rebuild it', async () => {
    const ingested = await paperboy(DISK, 'ingest', papersFile(300));
    expect(ingested.status).toBe(0);
    expect(ingested.out).toMatch(/: 300 added/);

    const status = await paperboy(DISK, 'index', 'status');
    expect(status.status).toBe(0);
    expect(status.out).toMatch(/^Search engine {2}disk \(SQLite FTS5\), PAPERBOY_SEARCH=disk$/m);
    expect(status.out).toMatch(/^Index file {5}.*search-index\.sqlite, \d+\.\d MB$/m);
    // The shipped corpus is imported with the first ingest, so the index holds both.
    expect(status.out).toMatch(/^Papers {9}531 indexed of 531 in storage$/m);
    // Its own writes count as seen: a later start reads none of them again.
    expect(status.out).toMatch(/^Last sync {6}.*\(change 531\)$/m);
    expect(status.out).toMatch(/^Analyzer {7}version 1$/m);
    expect(status.out).toMatch(/^State {10}ready$/m);
    const json = JSON.parse((await paperboy(DISK, 'index', 'status', '--json')).out) as Record<string, unknown>;
    expect(json).toMatchObject({ engine: 'disk', storedPapers: 531, indexedPapers: 531, analyzer: 1, state: 'ready' });

    const found = JSON.parse((await paperboy(DISK, 'search', 'wombat tunnelling', '--json', '--limit', '3')).out) as { total: number };
    expect(found.total).toBe(300);

    rmSync(join(dataDir, 'search-index.sqlite'));
    const refused = await paperboy(DISK, 'search', 'wombat');
    expect(refused.status).toBe(1);
    expect(refused.err).toMatch(/the search index .* cannot answer \(there is no index yet\); build it with `paperboy index rebuild`/);
    expect((await paperboy(DISK, 'index', 'status')).out).toMatch(/^State {10}missing: there is no index yet$/m);

    const rebuilt = await paperboy(DISK, 'index', 'rebuild');
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.out).toMatch(/^Rebuilt the disk index from storage: 531 papers in \d+\.\d s/);
    expect(JSON.parse((await paperboy(DISK, 'search', 'wombat', '--json')).out)).toMatchObject({ total: 300 });
  });

  it('reports the memory engine and its snapshot for a team-sized corpus', async () => {
    await paperboy({}, 'ingest', papersFile(20));
    const status = await paperboy({}, 'index', 'status');
    expect(status.out).toMatch(/^Search engine {2}memory \(MiniSearch\), auto: 251 papers in storage; the disk engine serves from 2,000 on$/m);
    expect(status.out).toMatch(/memory-index\.json/);
    expect(status.out).toMatch(/^Papers {9}251 indexed of 251 in storage$/m);
    expect(JSON.parse((await paperboy({}, 'search', 'wombat', '--json')).out)).toMatchObject({ total: 20 });
  });

  it('builds the engine asked for, whatever the corpus size', async () => {
    await paperboy({}, 'ingest', papersFile(10));
    const rebuilt = await paperboy({}, 'index', 'rebuild', '--engine', 'disk');
    expect(rebuilt.out).toMatch(/^Rebuilt the disk index from storage: 241 papers/);
    const bad = await paperboy({}, 'index', 'rebuild', '--engine', 'fts');
    expect(bad.status).not.toBe(0);
    expect(bad.err).toMatch(/argument 'fts' is invalid\. Allowed choices are memory, disk/);
  });
});
