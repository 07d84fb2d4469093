import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePaperJsonLines, toPaperJsonLines, type IngestReport } from '../../src/index.js';
import { analysedJsonLinesPieces } from '../../adapters/analysis/analysed-pieces.js';
import { AnalysisThread } from '../../adapters/analysis/analysis-thread.js';
import { okValue } from '../helpers/results.js';
import { hostPlace, openDiskHost, type HostPlace } from '../helpers/search-hosts.js';
import { shippedCollection } from '../helpers/shipped-corpus.js';

/**
 * `paperboy ingest big.jsonl` reads and analyses the file in a worker thread, a piece at a
 * time, while the main thread saves and indexes: what a user then finds must be exactly
 * what an ingest done all in one thread finds, merges and bad lines included.
 */
const places: HostPlace[] = [];
const closing: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of closing.splice(0).reverse()) await thing.close();
  for (const place of places.splice(0)) place.remove();
});

async function emptyDiskHost() {
  const place = hostPlace();
  places.push(place);
  const storage = place.openStorage();
  closing.push(storage);
  const host = openDiskHost(place, storage);
  closing.push(host);
  await host.start();
  return { place, host };
}

/** The shipped corpus as a JSON Lines file, then a second record for some papers with new words, then a broken line. */
function corpusFile(dir: string): string {
  const lines = toPaperJsonLines(shippedCollection().all()).trimEnd().split('\n');
  const edited = lines.slice(0, 20).map((line) => {
    const record = JSON.parse(line) as { abstract?: string };
    return JSON.stringify({ ...record, abstract: `${record.abstract ?? ''} Revised with a zygomorphic appendix.` });
  });
  const file = join(dir, 'papers.jsonl');
  writeFileSync(file, [...lines, ...edited, '{"title": "broken', ''].join('\n'));
  return file;
}

const QUERIES = ['diffusion', 'zygomorphic appendix', 'large language models reasoning', '"video generation"', 'agent -benchmark', 'RL', 'mixture of experts'];

describe('an ingest analysed in a worker thread', () => {
  it('GIVEN a file ingested in small pieces THEN searches, merges and problems equal an ingest done in one thread', async () => {
    const threaded = await emptyDiskHost();
    const inline = await emptyDiskHost();
    const file = corpusFile(threaded.place.dir);

    const reports: IngestReport[] = [];
    for await (const piece of analysedJsonLinesPieces(file, 40_000)) {
      expect(piece.analyses.rows).toHaveLength(piece.loaded.papers.length);
      reports.push(await threaded.host.paperboy.ingest(piece.loaded, { analyses: piece.analyses }));
    }
    expect(reports.length).toBeGreaterThan(3);
    const whole = await inline.host.paperboy.ingest(parsePaperJsonLines(readFileSync(file)));

    expect(reports.flatMap((r) => r.skipped.map((s) => s.position))).toEqual(whole.skipped.map((s) => s.position));
    expect(whole.skipped).toHaveLength(1);
    expect(reports.reduce((n, r) => n + r.added.length, 0)).toBe(whole.added.length);
    for (const query of QUERIES) {
      const a = okValue(await threaded.host.paperboy.search({ query, limit: 20 }));
      const b = okValue(await inline.host.paperboy.search({ query, limit: 20 }));
      expect(
        a.hits.map((h) => [h.paper.id, h.score.toFixed(6)]),
        query,
      ).toEqual(b.hits.map((h) => [h.paper.id, h.score.toFixed(6)]));
      expect(a.total, query).toBe(b.total);
    }
    expect(okValue(await threaded.host.paperboy.search({ query: 'zygomorphic' })).total).toBe(20);
  });

  it('GIVEN an empty file THEN there are no pieces', async () => {
    const { place } = await emptyDiskHost();
    const file = join(place.dir, 'empty.jsonl');
    writeFileSync(file, '');
    const pieces = [];
    for await (const piece of analysedJsonLinesPieces(file)) pieces.push(piece);
    expect(pieces).toEqual([]);
  });

  it('GIVEN the worker is gone THEN asking it fails with a message that says so', async () => {
    const thread = await AnalysisThread.start();
    await thread.close();
    await expect(thread.parseJsonLines(Buffer.from('{"title": "x"}\n'), 1)).rejects.toThrow('the analysis worker was closed');
  });
});
