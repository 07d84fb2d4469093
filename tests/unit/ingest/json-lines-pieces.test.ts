import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PaperCollection, ingestLoaded, parsePaperJsonLines } from '../../../src/index.js';
import { countFileLines, jsonLinesChunks } from '../../../adapters/files/json-lines-chunks.js';
import { IngestTally } from '../../../adapters/cli/ingest-tally.js';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-pieces-'));
let n = 0;
function fileWith(text: string): string {
  const file = join(dir, `f${(n += 1)}.jsonl`);
  writeFileSync(file, text);
  return file;
}

const record = (i: number, title = `Paper number ${i} — ünïcode ✓`, arxivVersion = 1) =>
  JSON.stringify({ id: `2401.${10000 + i}`, arxivId: `2401.${10000 + i}`, arxivVersion, title, abstract: `Abstract ${i}.`, authors: ['Ada Lovelace'] });

describe('a big JSON Lines file read a piece at a time', () => {
  it('GIVEN tiny read blocks THEN every piece ends on a whole line and the pieces add up to the file', () => {
    const lines = Array.from({ length: 40 }, (_, i) => record(i));
    const file = fileWith(`${lines.join('\n')}\n`);
    const pieces = [...jsonLinesChunks(file, 300, 7)];
    expect(pieces.length).toBeGreaterThan(3);
    expect(Buffer.concat(pieces.map((p) => p.bytes)).toString('utf8')).toBe(`${lines.join('\n')}\n`);
    for (const piece of pieces) expect(piece.bytes.toString('utf8').endsWith('\n')).toBe(true);
    expect(countFileLines(file)).toBe(40);
  });

  it('GIVEN a bad line deep in the file THEN its problem names its line in the file, not in its piece', () => {
    const lines = Array.from({ length: 30 }, (_, i) => (i === 23 ? '{"title": broken' : record(i)));
    const file = fileWith(lines.join('\r\n')); // CRLF, and no newline at the end
    const problems = [...jsonLinesChunks(file, 200, 11)].flatMap((piece) => parsePaperJsonLines(piece.bytes).problems.map((p) => p.line + piece.firstLine - 1));
    expect(problems).toEqual([24]);
    expect(countFileLines(file)).toBe(30);
  });

  it('GIVEN an empty file THEN there are no pieces and no lines', () => {
    const file = fileWith('');
    expect([...jsonLinesChunks(file)]).toEqual([]);
    expect(countFileLines(file)).toBe(0);
  });
});

describe('the tally of an ingest done in pieces', () => {
  it('GIVEN a paper added by one piece and changed by a later one THEN the report lists it once, as new, under its latest title', () => {
    const collection = new PaperCollection();
    const tally = new IngestTally();
    tally.add(ingestLoaded(collection, parsePaperJsonLines(`${record(1)}\n${record(2)}\n`)));
    tally.add(ingestLoaded(collection, parsePaperJsonLines(`${record(1, 'A Better Title', 2)}\n`)));
    expect([...tally.added.values()]).toEqual([
      { id: '2401.10001', title: 'A Better Title' },
      { id: '2401.10002', title: 'Paper number 2 — ünïcode ✓' },
    ]);
    expect(tally.updated.size).toBe(0);
  });

  it('GIVEN a known paper changed by two pieces THEN both reasons are kept and unchanged ones are counted', () => {
    const collection = new PaperCollection();
    ingestLoaded(collection, parsePaperJsonLines(`${record(1)}\n${record(2)}\n`));
    const tally = new IngestTally();
    tally.add(ingestLoaded(collection, parsePaperJsonLines(`${record(1, 'Second Title', 2)}\n${record(2)}\n`)));
    tally.add(ingestLoaded(collection, parsePaperJsonLines(`${record(1, 'Third Title', 3)}\nnot json\n`)));
    const [only] = [...tally.updated.values()];
    expect(only).toMatchObject({ id: '2401.10001', title: 'Third Title' });
    expect(only!.why.filter((why) => why.startsWith('new version'))).toEqual(['new version v2 (was v1)', 'new version v3 (was v2)']);
    expect(tally.unchanged).toBe(1);
    expect(tally.skipped.length).toBe(1);
  });
});
