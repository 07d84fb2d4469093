import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/program.js';
import { recordingIo } from '../helpers/recording-io.js';

const BEIR_MINI = fileURLToPath(new URL('../fixtures/beir-mini', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'paperboy-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = recordingIo();
  const status = await runCli(argv, io);
  return { status, out: io.stdoutText(), err: io.stderrText() };
}

describe('paperboy search', () => {
  it('prints the JSON shape scripts rely on', async () => {
    const { status, out, err } = await run('search', 'training without backpropagation', '--json', '--limit', '10');
    expect(status).toBe(0);
    expect(err).toBe('');
    const json = JSON.parse(out) as { results: Array<{ id: string; title: string; score: number; snippet: string; url: unknown }>; total: number };
    expect(json.results).toHaveLength(10);
    expect(json.results.slice(0, 3).map((r) => r.id)).toContain('noprop-training-neural-networks-without');
    expect(json.results[0]).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String), score: expect.any(Number), snippet: expect.any(String) }));
    const scores = json.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('prints readable results with the next-page hint', async () => {
    const { status, out } = await run('search', 'mixture', 'of', 'experts', '--limit', '2');
    expect(status).toBe(0);
    expect(out).toMatch(/^Results 1-2 of \d+ for: mixture of experts\n/);
    expect(out).toMatch(/ 1\. .+\n +id \S+ · score \d+\.\d\d/);
    expect(out).toMatch(/More: add --offset 2/);
  });

  it('takes -word as an exclusion, not an option', async () => {
    const all = JSON.parse((await run('search', 'lora', '--json', '--limit', '50')).out) as { results: Array<{ title: string }> };
    const some = JSON.parse((await run('search', 'lora', '-merging', '--json', '--limit', '50')).out) as { results: Array<{ title: string }> };
    expect(all.results.some((r) => /merging/i.test(r.title))).toBe(true);
    expect(some.results.length).toBeGreaterThan(0);
    expect(some.results.some((r) => /merging/i.test(r.title))).toBe(false);
  });

  it('says when a word no paper uses was matched by near spellings', async () => {
    const { out } = await run('search', 'backpropogation', '--limit', '1');
    expect(out).toMatch(/No paper uses "backpropogation"; showing near spellings\./);
    expect(JSON.parse((await run('search', 'backpropogation', '--json')).out)).toMatchObject({ respelled: ['backpropogation'] });
  });

  it('says so when nothing matches, and exits 0', async () => {
    const { status, out } = await run('search', 'zyxwvut');
    expect(status).toBe(0);
    expect(out).toBe('No papers match: zyxwvut\nTry fewer or different words.\n');
  });

  it.each([
    [['search'], /missing required argument 'query'/],
    [['search', 'lora', '--limit', '0'], /--limit.*whole number from 1 to 1000/],
    [['search', 'lora', '--limit', 'ten'], /whole number/],
    [['search', 'since:2024-13-01'], /not a date; use since:YYYY-MM-DD/],
    [['search', 'x'.repeat(5000)], /5000 characters; keep it under 500/],
    [['search', 'lora', '--limt', '3'], /unknown option '--limt' \(to leave out a word, write -word/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('refuses %j with a one-line reason and a non-zero status', async (argv, reason) => {
    const { status, out, err } = await run(...argv);
    expect(status).not.toBe(0);
    expect(out).toBe('');
    const firstLine = err.split('\n')[0]!;
    expect(firstLine).toMatch(/^paperboy: /);
    expect(firstLine).toMatch(reason);
  });
});

describe('paperboy show, related, trending, stats', () => {
  it('shows one paper in full by title words', async () => {
    const { status, out } = await run('show', 'noprop');
    expect(status).toBe(0);
    expect(out).toMatch(/^NoProp: Training Neural Networks without Back-propagation or Forward-propagation\nid noprop-training-neural-networks-without/);
    expect(out).toMatch(/#1 on hf-trending 2026-11-26/);
    expect(out).toMatch(/The canonical deep learning approach/);
  });

  it('finds a paper by hyphenated title words', async () => {
    expect((await run('show', 'Mamba-ND')).out).toMatch(/^Mamba-ND: /);
    expect((await run('show', 'mono-forward')).out).toMatch(/^Mono-Forward: /);
  });

  it('shows JSON that reads back as a paper record', async () => {
    const { out } = await run('show', 'noprop-training-neural-networks-without', '--json');
    expect(JSON.parse(out)).toMatchObject({ id: 'noprop-training-neural-networks-without', appearances: [{ source: 'hf-trending', date: '2026-11-26', rank: 1 }] });
  });

  it('lists related papers with the words they share', async () => {
    const { status, out } = await run('related', 'noprop-training-neural-networks-without', '--json', '--limit', '3');
    expect(status).toBe(0);
    const json = JSON.parse(out) as { paper: { id: string }; results: Array<{ id: string; sharedWords: string[] }> };
    expect(json.paper.id).toBe('noprop-training-neural-networks-without');
    expect(json.results).toHaveLength(3);
    expect(json.results.every((r) => r.id !== json.paper.id && r.sharedWords.length > 0)).toBe(true);
  });

  it('lists trending papers with reasons, by topic, minus excluded ids', async () => {
    const all = JSON.parse((await run('trending', '--json', '--limit', '3', '--date', '2026-11-26')).out) as { results: Array<{ id: string; reasons: string[] }> };
    expect(all.results[0]!.reasons[0]).toBe('#1 on hf-trending 2026-11-26');
    const rest = JSON.parse((await run('trending', '--json', '--limit', '3', '--exclude', all.results[0]!.id)).out) as { results: Array<{ id: string }> };
    expect(rest.results.map((r) => r.id)).not.toContain(all.results[0]!.id);
    const { out } = await run('trending', '--topic', 'model merging', '--limit', '2');
    expect(out).toMatch(/^Trending on "model merging" as of 2026-11-26/);
    expect((await run('trending', '--date', '26/11/2026')).err).toMatch(/use a date as YYYY-MM-DD/);
  });

  it('summarises the corpus', async () => {
    const json = JSON.parse((await run('stats', '--json')).out) as { papers: number; feeds: Record<string, { latest: string }> };
    expect(json.papers).toBe(231);
    expect(json.feeds['hf-trending']?.latest).toBe('2026-11-26');
  });

  it('gives an overview with real ids to try when run with no command', async () => {
    const { status, out } = await run();
    expect(status).toBe(0);
    expect(out).toMatch(/Corpus: 231 papers/);
    expect(out).toMatch(/npx paperboy show noprop-training-neural-networks-without/);
  });
});

describe('paperboy --corpus and export', () => {
  it('exports JSON Lines that load back as the same corpus', async () => {
    const file = join(scratch, 'papers.jsonl');
    expect((await run('export', '--out', file)).status).toBe(0);
    const reloaded = await run('--no-shipped', '--corpus', file, 'stats', '--json');
    expect(JSON.parse(reloaded.out)).toEqual(JSON.parse((await run('stats', '--json')).out));
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(231);
  });

  it('loads extra papers, reports bad records on stderr, and keeps the good ones', async () => {
    const file = join(scratch, 'extra.jsonl');
    writeFileSync(file, `${JSON.stringify({ title: 'Quokka Attention for Marsupials', abstract: 'Quokkas attend.' })}\n{oops\n`);
    const { status, out, err } = await run('--corpus', file, 'search', 'quokka', '--json');
    expect(status).toBe(0);
    expect((JSON.parse(out) as { results: Array<{ title: string }> }).results[0]!.title).toBe('Quokka Attention for Marsupials');
    expect(err).toMatch(/extra\.jsonl: 1 papers read, 1 records skipped/);
    expect(err).toMatch(/line 2: error: skipped: not valid JSON/);
  });

  it('warns when an imported id belongs to another paper, and keeps both', async () => {
    const mine = join(scratch, 'mine.jsonl');
    const theirs = join(scratch, 'theirs.jsonl');
    writeFileSync(mine, `${JSON.stringify({ title: 'Towards Understanding the Role of Over-Parametrization in Generalization' })}\n`);
    writeFileSync(theirs, `${JSON.stringify({ id: 'towards-understanding-the-role', title: 'Towards Understanding the Role of Over-Parametrization: A Survey' })}\n`);
    const { out, err } = await run('--no-shipped', '--corpus', mine, '--corpus', theirs, 'stats', '--json');
    expect((JSON.parse(out) as { papers: number }).papers).toBe(2);
    expect(err).toMatch(/theirs\.jsonl: id towards-understanding-the-role already belongs to another paper; "Towards Understanding.*" is stored as towards-understanding-the-role-[0-9a-f]{6}/);
  });

  it('refuses a page export without a real date in its name, and a UTF-16 file without a byte-order mark', async () => {
    const page = join(scratch, 'hf-trending-2026-02-30.txt');
    writeFileSync(page, 'Title\nAn abstract that is long enough.');
    expect((await run('--corpus', page, 'stats')).err).toMatch(/needs its \(real\) date in the file name/);
    const utf16 = join(scratch, 'no-bom.jsonl');
    writeFileSync(utf16, Buffer.from(`${JSON.stringify({ title: 'Wide' })}\n`, 'utf16le'));
    const { err } = await run('--corpus', utf16, 'stats');
    expect(err).toMatch(/line 1: error: skipped the whole file: it holds NUL bytes/);
    const withBom = join(scratch, 'bom.jsonl');
    writeFileSync(withBom, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${JSON.stringify({ title: 'Wide Characters Paper' })}\n`, 'utf16le')]));
    const found = JSON.parse((await run('--corpus', withBom, 'search', 'wide characters', '--json')).out) as { results: Array<{ title: string }> };
    expect(found.results[0]!.title).toBe('Wide Characters Paper');
  });

  it('explains a missing or unreadable corpus file', async () => {
    expect((await run('--corpus', join(scratch, 'missing.jsonl'), 'stats')).err).toMatch(/^paperboy: .*missing\.jsonl does not exist\n$/);
    expect((await run('--corpus', scratch, 'stats')).err).toMatch(/is a directory/);
    writeFileSync(join(scratch, 'notes.md'), '# hi');
    expect((await run('--corpus', join(scratch, 'notes.md'), 'stats')).err).toMatch(/unknown format/);
    expect((await run('--no-shipped', 'stats')).err).toMatch(/the corpus is empty/);
  });
});

describe('paperboy eval', () => {
  it('scores a collection and prints the metrics as the last line, in JSON', async () => {
    const runFile = join(scratch, 'mini.run');
    const { status, out } = await run('eval', '--beir', BEIR_MINI, '--split', 'train', '--run-out', runFile);
    expect(status).toBe(0);
    const last = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
    expect(last).toMatchObject({ queries: 3, 'ndcg@10': 1, 'recall@100': 1, 'mrr@10': 1 });
    const lines = readFileSync(runFile, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^q1 Q0 d1 1 \d+\.\d{6} paperboy$/);
    expect(new Set(lines.map((l) => l.split(' ')[0]))).toEqual(new Set(['q1', 'q2', 'q3']));
  });

  it('evaluates the disk engine the same way, in a throwaway index', async () => {
    const { status, out } = await run('eval', '--beir', BEIR_MINI, '--split', 'train', '--engine', 'disk');
    expect(status).toBe(0);
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toMatchObject({ engine: 'disk', queries: 3, 'ndcg@10': 1, 'recall@100': 1, 'mrr@10': 1 });
  });

  it('says which splits exist when asked for a missing one', async () => {
    const { status, err } = await run('eval', '--beir', BEIR_MINI, '--split', 'test');
    expect(status).toBe(1);
    expect(err).toMatch(/has no test judgments; use --split train/);
  });

  it('explains a folder that is not a BEIR collection', async () => {
    expect((await run('eval', '--beir', scratch)).err).toMatch(/corpus .*corpus\.jsonl does not exist; --beir wants a BEIR folder/);
    expect((await run('eval')).err).toMatch(/required option '--beir <dir>' not specified/);
  });
});
