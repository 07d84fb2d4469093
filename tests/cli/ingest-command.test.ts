import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/program.js';
import { recordingIo } from '../helpers/recording-io.js';

/**
 * `paperboy ingest` end to end: real payloads served by a loopback HTTP server standing in
 * for Hugging Face and arXiv, a real SQLite store, and `paperboy search` reading it back.
 */
const FEEDS = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
const SHARED = fileURLToPath(new URL('../fixtures/feeds/real/', import.meta.url));
const fixture = (name: string) => readFileSync(join(FEEDS, name), 'utf8');

interface Route {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}
let routes: Map<string, Route>;
let requested: string[];
let server: Server;
let base: string;
let dataDir: string;

beforeEach(async () => {
  routes = new Map();
  requested = [];
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    const path = (req.url ?? '').split('?')[0]!;
    const route = routes.get(path) ?? { status: 404, body: '{"error":"not found"}' };
    res.writeHead(route.status ?? 200, route.headers ?? {}).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'paperboy-ingest-'));
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

async function paperboy(...argv: string[]) {
  const io = recordingIo('2026-11-27', {
    PAPERBOY_DATA_DIR: dataDir,
    PAPERBOY_HF_API_URL: `${base}/api/daily_papers`,
    PAPERBOY_ARXIV_API_URL: `${base}/api/query`,
    PAPERBOY_ARXIV_RSS_URL: `${base}/rss/`,
  });
  const status = await runCli(argv, io);
  return { status, out: io.stdoutText(), err: io.stderrText() };
}

describe('paperboy ingest hf', () => {
  it('adds a day of Hugging Face papers to storage, where search finds them, and knows them the second time', async () => {
    routes.set('/api/daily_papers', { body: fixture('hf-2026-11-26.json'), headers: { 'content-type': 'application/json' } });
    const first = await paperboy('ingest', 'hf', '--date', '2026-11-26');
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    expect(first.out).toMatch(/^Hugging Face daily papers 2026-11-26: 5 added, 0 updated, 0 already known, 0 skipped\n/);
    expect(first.out).toContain('  + 2611.18231  Sparse Mixture-of-Experts Routing without Load-Balancing Losses');
    expect(first.out).toMatch(/Saved 5 to .*paperboy\.sqlite/);
    expect(requested).toEqual(['/api/daily_papers?date=2026-11-26&p=0&limit=50']);

    const found = await paperboy('search', 'load-balancing losses', '--json');
    expect((JSON.parse(found.out) as { results: Array<{ id: string }> }).results[0]!.id).toBe('2611.18231');

    const again = await paperboy('ingest', 'hf', '--date', '2026-11-26');
    expect(again.out).toMatch(/: 0 added, 0 updated, 5 already known, 0 skipped/);
  });

  it('reports new upvotes as an update, not as a new paper', async () => {
    routes.set('/api/daily_papers', { body: fixture('hf-2026-11-26.json') });
    await paperboy('ingest', 'hf', '--date', '2026-11-26');
    const items = JSON.parse(fixture('hf-2026-11-26.json')) as Array<{ paper: { id: string; upvotes: number } }>;
    const before = items[0]!.paper.upvotes;
    items[0]!.paper.upvotes = before + 100;
    routes.set('/api/daily_papers', { body: JSON.stringify(items) });
    const { out } = await paperboy('ingest', 'hf', '--date', '2026-11-26');
    expect(out).toMatch(/: 0 added, 1 updated, 4 already known/);
    expect(out).toContain(`  ~ 2611.18231  upvotes ${before} → ${before + 100} on hf-daily 2026-11-26`);
  });

  it('saves nothing on a dry run', async () => {
    routes.set('/api/daily_papers', { body: fixture('hf-2026-11-26.json') });
    const dry = await paperboy('ingest', 'hf', '--date', '2026-11-26', '--dry-run');
    expect(dry.out).toMatch(/5 added, .* \(dry run: nothing saved\)/);
    const found = await paperboy('search', 'load-balancing losses', '--json');
    expect((JSON.parse(found.out) as { results: Array<{ id: string }> }).results.map((r) => r.id)).not.toContain('2611.18231');
  });

  it('tells an empty day from a failed one', async () => {
    routes.set('/api/daily_papers', { body: '[]' });
    const empty = await paperboy('ingest', 'hf', '--date', '2026-11-28');
    expect(empty.status).toBe(0);
    expect(empty.out).toMatch(/0 added.*\n {2}no papers were featured on 2026-11-28/);

    routes.set('/api/daily_papers', { body: fixture('hf-truncated.json') });
    const truncated = await paperboy('ingest', 'hf', '--date', '2026-11-26');
    expect(truncated.status).toBe(1);
    expect(truncated.err).toMatch(/^paperboy: Hugging Face daily papers for 2026-11-26: truncated or invalid JSON/);

    routes.set('/api/daily_papers', { status: 429, body: '', headers: { 'retry-after': '3600' } });
    const limited = await paperboy('ingest', 'hf', '--date', '2026-11-26');
    expect(limited.status).toBe(1);
    expect(limited.err).toMatch(/HTTP 429: asked to wait 3600 s \(temporary: try again later\)/);
    expect(await paperboy('search', 'load-balancing', '--json').then((r) => r.out)).not.toContain('2611.18231');
  });
});

describe('paperboy ingest arxiv', () => {
  it('adds new and cross-listed announcements, and does not take replacements of unknown papers as news', async () => {
    routes.set('/rss/cs.LG', { body: fixture('arxiv-rss-cs-lg.xml'), headers: { 'content-type': 'application/rss+xml' } });
    const { status, out } = await paperboy('ingest', 'arxiv', '--category', 'cs.LG');
    expect(status).toBe(0);
    expect(out).toMatch(/^arXiv cs\.LG announcements: 3 added, 0 updated, 0 already known, 2 skipped/);
    expect(out).toMatch(/announced as a replacement, so not new/);
  });

  it('passes on arXiv’s own error message, and does not mistake throttling for “no papers”', async () => {
    routes.set('/api/query', { body: readFileSync(join(SHARED, 'arxiv-api-error.xml'), 'utf8') });
    const error = await paperboy('ingest', 'arxiv', '--id', '2202.01615');
    expect(error.status).toBe(1);
    expect(error.err).toMatch(/^paperboy: arXiv ids 2202\.01615: .+/);
    routes.set('/api/query', { body: fixture('arxiv-api-throttled.xml') });
    const throttled = await paperboy('ingest', 'arxiv', '--query', 'cat:cs.LG');
    expect(throttled.status).toBe(1);
    expect(throttled.err).toMatch(/empty page of 500 results \(it does this when throttling\); try again later \(temporary/);
  });

  it('looks a paper up by id and keeps its version beside it', async () => {
    routes.set('/api/query', { body: readFileSync(join(SHARED, 'arxiv-api-two.xml'), 'utf8') });
    const { out } = await paperboy('ingest', 'arxiv', '--id', '2202.01615', '--id', '2110.00857', '--json');
    const report = JSON.parse(out) as { added: Array<{ id: string }> };
    expect(report.added.map((p) => p.id).sort()).toEqual(['2110.00857', '2202.01615']);
    expect(requested[0]).toMatch(/id_list=2202\.01615%2C2110\.00857/);
    const shown = await paperboy('show', '2110.00857v3', '--json');
    expect(JSON.parse(shown.out)).toMatchObject({ id: '2110.00857', arxivId: '2110.00857' });
  });

  it('takes pasted links and versions for --id, and refuses what is not an id', async () => {
    routes.set('/api/query', { body: readFileSync(join(SHARED, 'arxiv-api-one.xml'), 'utf8') });
    const { out } = await paperboy('ingest', 'arxiv', '--id', 'https://arxiv.org/abs/2202.01615v1', '--dry-run');
    expect(requested[0]).toMatch(/id_list=2202\.01615&/);
    expect(out).toContain('  + 2202.01615');
    const bad = await paperboy('ingest', 'arxiv', '--id', 'not-a-paper');
    expect(bad.err).toMatch(/--id: "not-a-paper" is not an arXiv id/);
  });

  it('reads paper JSON Lines from a URL, as `paperboy export` writes them', async () => {
    const exported = await paperboy('export', '--no-shipped', '--corpus', join(FEEDS, '..', 'beir-mini', 'corpus.jsonl'));
    routes.set('/papers.jsonl', { body: exported.out });
    const { status, out } = await paperboy('ingest', `${base}/papers.jsonl`, '--dry-run');
    expect(status).toBe(0);
    expect(out).toMatch(/: 5 added/);
  });

  it('says which of its options it needs', async () => {
    const none = await paperboy('ingest', 'arxiv');
    expect(none.err).toMatch(/ingest arxiv needs one of --category cs\.LG, --query "ti:merging", or --id 2401\.01234/);
    const bad = await paperboy('ingest', 'arxiv', '--category', '<@everyone>');
    expect(bad.err).toMatch(/--category: "<@everyone>" is not an arXiv category/);
  });
});

describe('paperboy ingest FILE', () => {
  it('reads saved feed documents and paper files, and names what is wrong with a bad one', async () => {
    const hf = await paperboy('ingest', join(FEEDS, 'hf-missing-fields.json'), '--dry-run');
    expect(hf.status).toBe(0);
    expect(hf.out).toMatch(/: [1-9]\d* added/);
    const atom = await paperboy('ingest', join(SHARED, 'arxiv-api-one.xml'), '--dry-run');
    expect(atom.out).toContain('  + 2202.01615');
    const broken = await paperboy('ingest', join(FEEDS, 'arxiv-malformed.xml'));
    expect(broken.status).toBe(1);
    expect(broken.err).toMatch(/arxiv-malformed\.xml: /);
    const missing = await paperboy('ingest', join(dataDir, 'nope.jsonl'));
    expect(missing.err).toMatch(/nope\.jsonl: no such file; give hf, arxiv, a file/);
  });
});
