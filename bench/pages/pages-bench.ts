import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { mulberry32 } from '../synthetic-corpus.js';
import { mb, percentile, ratio, round } from '../stats.js';
import type { TargetCheck } from '../report.js';
import { loadEndpoints, type Endpoint, type EndpointRun } from './page-load.js';
import { BENCH_TEAM, seedTeam, startPagesService, type TeamSeed } from './pages-service.js';
import { pagesTargets } from './pages-report.js';

/**
 * The team page's bench: the HTML pages (`/`, `/search`, `/p/<id>`, `/team/…` signed in) and,
 * in the same run and the same rounds, the JSON API they stand beside (`/trending`,
 * `/search`, `/papers/<id>`) as the yardstick: the ratio says what rendering a page costs
 * over answering the same question as JSON. Same queries, same paper ids, same count.
 */
export interface EndpointFigures {
  readonly name: string;
  readonly side: 'page' | 'api';
  /** The first path asked, as an example. */
  readonly example: string;
  readonly contentType: string;
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
  readonly bytes: { readonly p50: number; readonly max: number };
  /** gzip (node:zlib, default level) of up to KEEP_BODIES distinct answers: for information, the service sends them uncompressed. */
  readonly gzipBytes: { readonly p50: number; readonly max: number; readonly of: number };
  /** Every kept answer was what it claims: an HTML document (pages) or JSON (API). */
  readonly wellFormed: boolean;
}

export interface PagePair {
  readonly page: string;
  readonly yardstick: string;
  readonly ratioP50: number;
  readonly ratioP99: number;
  readonly ratioBytes: number;
}

export interface PagesReport {
  readonly rounds: number;
  readonly warmupRounds: number;
  readonly papers: number;
  readonly exampleQueries: readonly string[];
  /** Results the API lists per answer: as many as a page shows. */
  readonly listLimit: number;
  readonly team: TeamSeed;
  readonly endpoints: readonly EndpointFigures[];
  readonly pairs: readonly PagePair[];
  readonly memory: { readonly rssBeforeMb: number; readonly rssAfterMb: number; readonly heapUsedAfterMb: number };
  readonly targets: readonly TargetCheck[];
  /** The machine's 1-minute load average at the start and the end, beside its core count: a busy machine's p99 says so. */
  readonly load: { readonly before: number; readonly after: number; readonly cores: number };
  readonly seconds: number;
}

export interface PagesOptions {
  /** Requests per endpoint (each round asks every endpoint once). */
  readonly rounds: number;
  readonly warmupRounds: number;
  /** Search queries, used by the page and the API alike (bench/queries.ts). */
  readonly queries: readonly string[];
  readonly log: (line: string) => void;
}

const KEEP_BODIES = 50;
const HTML_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const JSON_ACCEPT = 'application/json';
/** As many results as a page shows (WEB_PAGE_SIZE), so both sides answer for the same papers. */
const LIST_LIMIT = 20;

/** Which page stands beside which yardstick; the team page has no JSON twin, so it is set beside /trending. */
const PAIRS: ReadonlyArray<readonly [page: string, yardstick: string]> = [
  ['page /', 'api /trending'],
  ['page /search', 'api /search'],
  ['page /p/<id>', 'api /papers/<id>'],
  ['page /team/…', 'api /trending'],
];

function summarize(endpoint: Endpoint, run: EndpointRun): EndpointFigures {
  const times = run.samples.map((s) => s.ms);
  const sizes = run.samples.map((s) => s.bytes);
  const gzipped = run.bodies.map((b) => gzipSync(b).length);
  const side = endpoint.mediaType === 'text/html' ? 'page' : 'api';
  return {
    name: endpoint.name,
    side,
    example: endpoint.path(0),
    contentType: run.contentType,
    requests: times.length,
    p50: round(percentile(times, 0.5)),
    p99: round(percentile(times, 0.99)),
    max: round(Math.max(...times)),
    mean: round(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)),
    bytes: { p50: percentile(sizes, 0.5), max: Math.max(...sizes) },
    gzipBytes: { p50: percentile(gzipped, 0.5), max: Math.max(...gzipped), of: gzipped.length },
    wellFormed: run.bodies.length > 0 && run.bodies.every((b) => (side === 'page' ? isHtmlDocument(b) : isJson(b))),
  };
}

export function isHtmlDocument(body: Buffer): boolean {
  const text = body.toString('utf8');
  return /^<!doctype html>/i.test(text) && /<\/html>\s*$/i.test(text);
}

function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

function endpoints(ids: readonly string[], queries: readonly string[], cookie: string): Endpoint[] {
  const q = (i: number): string => encodeURIComponent(queries[i % queries.length]!);
  const id = (i: number): string => encodeURIComponent(ids[i % ids.length]!);
  const html = { accept: HTML_ACCEPT };
  const json = { accept: JSON_ACCEPT };
  const team = `/team/${encodeURIComponent(BENCH_TEAM.platform)}/${encodeURIComponent(BENCH_TEAM.workspace)}`;
  return [
    { name: 'page /', path: () => '/', headers: html, mediaType: 'text/html' },
    { name: 'page /search', path: (i) => `/search?q=${q(i)}`, headers: html, mediaType: 'text/html' },
    { name: 'page /p/<id>', path: (i) => `/p/${id(i)}`, headers: html, mediaType: 'text/html' },
    // The archive's digests and the reading list: what only a signed-in member sees.
    { name: 'page /team/…', path: () => team, headers: { ...html, cookie }, mediaType: 'text/html', mustContain: ['class="digest"', 'id="reading-list"'] },
    { name: 'api /trending', path: () => `/trending?limit=${LIST_LIMIT}`, headers: json, mediaType: 'application/json' },
    { name: 'api /search', path: (i) => `/search?q=${q(i)}&limit=${LIST_LIMIT}`, headers: json, mediaType: 'application/json' },
    { name: 'api /papers/<id>', path: (i) => `/papers/${id(i)}`, headers: json, mediaType: 'application/json' },
  ];
}

/** Paper ids in a fixed pseudo-random order: every paper, none favoured by corpus order. */
function shuffled(ids: readonly string[], seed: number): string[] {
  const rng = mulberry32(seed);
  const out = [...ids];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export async function benchPages(options: PagesOptions): Promise<PagesReport> {
  const started = performance.now();
  if (options.queries.length === 0) throw new Error('the pages bench needs at least one query');
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const loadBefore = loadavg()[0]!;
  options.log('[pages] starting the service on loopback (SQLite in a temp dir, the shipped corpus)…');
  const running = await startPagesService();
  try {
    const now = Date.now();
    const team = await seedTeam(running.service.storage, running.paperIds, now);
    const cookie = await running.sessionCookie();
    const list = endpoints(shuffled(running.paperIds, 11), options.queries, cookie);
    options.log(`[pages] ${options.rounds} rounds (after ${options.warmupRounds} to warm up) of ${list.length} endpoints, one request at a time, kept-alive…`);
    const runs = await loadEndpoints(running.url, list, { rounds: options.rounds, warmupRounds: options.warmupRounds, keepBodies: KEEP_BODIES, log: options.log });
    const figures = list.map((endpoint, i) => summarize(endpoint, runs[i]!));
    const byName = new Map(figures.map((f) => [f.name, f]));
    const pairs = PAIRS.flatMap(([page, yardstick]) => {
      const p = byName.get(page);
      const y = byName.get(yardstick);
      return p && y ? [{ page, yardstick, ratioP50: ratio(p.p50, y.p50), ratioP99: ratio(p.p99, y.p99), ratioBytes: ratio(p.bytes.p50, y.bytes.p50) }] : [];
    });
    global.gc?.();
    const memory = process.memoryUsage();
    return {
      rounds: options.rounds,
      warmupRounds: options.warmupRounds,
      papers: running.paperIds.length,
      exampleQueries: options.queries.slice(0, 6),
      listLimit: LIST_LIMIT,
      team,
      endpoints: figures,
      pairs,
      memory: { rssBeforeMb: mb(rssBefore), rssAfterMb: mb(memory.rss), heapUsedAfterMb: mb(memory.heapUsed) },
      targets: pagesTargets(figures),
      load: { before: round(loadBefore), after: round(loadavg()[0]!), cores: cpus().length },
      seconds: round((performance.now() - started) / 1000),
    };
  } finally {
    await running.close();
  }
}
