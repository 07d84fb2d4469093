import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commonReasons, reasonKind } from '../../adapters/cli/ingest-tally.js';
import { runCli } from '../../adapters/cli/program.js';
import { recordingIo } from '../helpers/recording-io.js';

/** What `paperboy ingest FILE` tells a person about the records it could not take, in text as in --json. */
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'paperboy-ingest-report-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function paperboy(...argv: string[]) {
  const io = recordingIo('2026-11-27', { PAPERBOY_DATA_DIR: dataDir });
  const status = await runCli(argv, io);
  return { status, out: io.stdoutText(), err: io.stderrText() };
}

function file(name: string, content: string | Buffer): string {
  const path = join(dataDir, name);
  writeFileSync(path, content);
  return path;
}

const paper = (id: string, title: string) => JSON.stringify({ id, title, abstract: `${title}: an abstract long enough to be a real one.` });

describe('paperboy ingest: the text report', () => {
  it('gives the line of each skipped record and the ids it had to change, as --json does', async () => {
    const path = file('papers.jsonl', [paper('quokka', 'Quokka Routing for Sparse Experts'), 'not json', '{"abstract":"no title here"}', paper('quokka', 'Wombat Attention Is Enough')].join('\n'));
    const text = await paperboy('ingest', path, '--dry-run');
    expect(text.status).toBe(0);
    expect(text.out).toContain(': 2 added, 0 updated, 0 already known, 2 skipped');
    expect(text.out).toMatch(/\n {2}- line 2: skipped: not valid JSON/);
    expect(text.out).toMatch(/\n {2}- line 3: skipped: title: is required/);
    const json = JSON.parse((await paperboy('ingest', path, '--dry-run', '--json')).out) as { renamed: Array<{ from: string; to: string }>; skipped: Array<{ position: number }> };
    expect(json.skipped.map((s) => s.position)).toEqual([2, 3]);
    const [renamed] = json.renamed;
    expect(renamed?.from).toBe('quokka');
    expect(text.out).toContain(`  * id quokka already belongs to another paper; this one is stored as ${renamed?.to}\n`);
  });

  it('lists the first 15 skipped records and counts the rest', async () => {
    const lines = [paper('one', 'The One Good Paper About Quokkas'), ...Array.from({ length: 40 }, (_, i) => `broken record ${i}`)];
    const { status, out } = await paperboy('ingest', file('many.jsonl', lines.join('\n')), '--dry-run');
    expect(status).toBe(0);
    expect(out.match(/^ {2}- line \d+: /gm)).toHaveLength(15);
    expect(out).toContain('  - line 2: skipped: not valid JSON');
    expect(out).toContain('  - line 16: skipped: not valid JSON');
    expect(out).not.toContain('line 17:');
    expect(out).toContain('  … and 25 more (--json lists all)');
  });

  it('keeps a hostile record from reaching the terminal as control codes', async () => {
    const { out } = await paperboy('ingest', file('evil.jsonl', `${paper('fine', 'A Fine Paper on Quokka Routing')}\n\u001b[2J\u001b]0;pwned\u0007 \u202e{"x":\n`), '--dry-run');
    expect(out).toContain('  - line 2: skipped: not valid JSON');
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  });
});

describe('paperboy ingest: nothing could be read', () => {
  it('fails a binary file, says why and what it should hold, and saves nothing', async () => {
    const path = file('model.jsonl', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0x0a, 0x00]));
    const before = (await paperboy('stats', '--json')).out;
    const { status, out, err } = await paperboy('ingest', path);
    expect(status).toBe(1);
    expect(out).toMatch(/: 0 added, 0 updated, 0 already known, 1 skipped\n/);
    expect(err).toBe(
      `paperboy: nothing was ingested from ${path}: skipped the whole file: it holds NUL bytes, so it is binary or UTF-16 without a byte-order mark; save it as UTF-8. ` +
        'Expected UTF-8 JSON Lines, one paper per line with at least a title, e.g. {"title": "…", "abstract": "…", "authors": ["…"]} (what paperboy export writes), or a BEIR corpus.jsonl\n',
    );
    expect((await paperboy('stats', '--json')).out).toBe(before);
  });

  it('names the most common reasons when every record is skipped', async () => {
    const path = file('notes.jsonl', ['not json', '{"abstract":"a"}', 'also not json', '[1]', '{"abstract":"b"}', 'nope'].join('\n'));
    const { status, err } = await paperboy('ingest', path, '--dry-run');
    expect(status).toBe(1);
    expect(err).toContain(
      `nothing was ingested from ${path}: all 6 records were skipped, most often: not valid JSON (3); title: is required (2); expected a JSON object like {"title": …} (1). Expected UTF-8 JSON Lines`,
    );
    expect(err.split('\n')).toHaveLength(2);
  });

  it('fails a feed document whose every item is unusable, and keeps --json output whole', async () => {
    const path = file('day.json', JSON.stringify([{ nope: 1 }, { paper: 'x' }]));
    const { status, out, err } = await paperboy('ingest', path, '--dry-run', '--json');
    expect(status).toBe(1);
    expect((JSON.parse(out) as { skipped: unknown[] }).skipped).toHaveLength(2);
    expect(err).toMatch(
      /^paperboy: nothing was ingested from .*day\.json: all 2 records were skipped, most often: .+\. Expected Hugging Face daily-papers JSON: an array of items, each with a "paper" object\n$/,
    );
  });

  it('is not an error when a file has good records as well', async () => {
    const { status } = await paperboy('ingest', file('half.jsonl', `${paper('good', 'A Good Paper on Quokka Routing')}\nnot json\n`), '--dry-run');
    expect(status).toBe(0);
  });
});

describe('skip reasons, grouped', () => {
  it.each([
    ['skipped: not valid JSON (Unexpected token \'o\', "not json" is not valid JSON)', 'not valid JSON'],
    ['item 3: skipped: paper is missing', 'paper is missing'],
    ['skipped entry 4: it has no id', 'it has no id'],
    ['skipped paper #2 "A (very) long title": no abstract', 'no abstract'],
    ['2401.01234: skipped: a new version of a paper not in the corpus (announced as a replacement, so not new)', 'a new version of a paper not in the corpus'],
    ['skipped the whole file: it holds NUL bytes', 'skipped the whole file: it holds NUL bytes'],
    ['skipped: (', '('],
  ])('%s → %s', (reason, kind) => {
    expect(reasonKind(reason)).toBe(kind);
  });

  it('counts them, most frequent first, at most three', () => {
    const skipped = ['a', 'b', 'b', 'c', 'd', 'd', 'd'].map((r) => ({ reason: `skipped: ${r}` }));
    expect(commonReasons(skipped)).toEqual([
      { reason: 'd', count: 3 },
      { reason: 'b', count: 2 },
      { reason: 'a', count: 1 },
    ]);
  });
});
