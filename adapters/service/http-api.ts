import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import {
  BIBTEX_MEDIA_TYPE,
  bibtexEntry,
  citationKey,
  describeStatus,
  MAX_QUERY_LENGTH,
  paperJson,
  searchJson,
  trendingFeed,
  trendingJson,
  type Logger,
  type Paper,
  type Paperboy,
  type Result,
  type UserErrorCode,
} from '../../src/index.js';
import { API_DEFAULT_LIMIT, API_MAX_LIMIT, MAX_OFFSET, MAX_URL_LENGTH } from './api-limits.js';
import { OPENAPI_DOCUMENT } from './openapi.js';
import { atomReply, renderAtom, requestOrigin, type TextReply } from './trending-atom.js';

/**
 * A small read-only JSON API over the corpus, for scripts, dashboards and health checks:
 *   GET / (an index of these), GET /healthz, GET /readyz, GET /search?q=&limit=&offset=, GET /papers/:id, GET /trending?limit=&topic=
 *   GET /trending.atom?topic=&count= (Atom 1.0), GET /papers/:id.bib (BibTeX), GET /metrics (Prometheus), GET /openapi.json (this API, described in OpenAPI 3.1)
 * Inputs are bounded (query length, page size, URL length); every answer is JSON, errors
 * included, except the feed, the BibTeX and the metrics. The handler returns false for paths it does not own, so it can share one
 * server with a platform receiver (Slack's /slack/events).
 */
export interface ApiDeps {
  readonly paperboy: Paperboy;
  /** Liveness: answered from memory, at once; always 200 while the process can answer at all. */
  readonly health: () => Record<string, unknown>;
  /** Readiness: `status` other than `ready` answers 503, so load balancers send traffic elsewhere. Must settle promptly. */
  readonly readiness: () => Promise<{ readonly status: string }>;
  readonly logger: Logger;
  /** The Prometheus exposition for GET /metrics; without it /metrics answers 404. */
  readonly metrics?: () => Promise<{ contentType: string; text: string }>;
  /** PAPERBOY_PUBLIC_URL: where the Atom feed's links point; without it, the origin the client asked for. */
  readonly publicUrl?: string;
}

export { API_MAX_LIMIT } from './api-limits.js';

type Reply = { status: number; body: unknown } | TextReply;

function send(res: ServerResponse, reply: Reply, extraHeaders: Record<string, string> = {}): void {
  if ('text' in reply) {
    const length = reply.status === 304 ? {} : { 'content-length': String(Buffer.byteLength(reply.text)) };
    res.writeHead(reply.status, { ...length, 'x-content-type-options': 'nosniff', ...reply.headers });
    res.end(reply.text);
    return;
  }
  const { status, body } = reply;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extraHeaders,
  });
  res.end(text);
}

const badRequest = (error: string): Reply => ({ status: 400, body: { error } });

/** A whole number from the query string within bounds, the fallback when absent, or an error message. */
function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number | string {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  return /^\d+$/.test(raw) && n >= min && n <= max ? n : `${name} must be a whole number from ${min} to ${max}`;
}

const STATUS_OF_ERROR: Partial<Record<UserErrorCode, number>> = { not_found: 404, not_ready: 503 };

function fromResult<T>(result: Result<T>, toBody: (value: T) => unknown): Reply {
  if (result.ok) return { status: 200, body: toBody(result.value) };
  return { status: STATUS_OF_ERROR[result.error.code] ?? 400, body: { error: result.error.message } };
}

/** The optional topic of /trending and /trending.atom, or the error message. */
function topicParam(params: URLSearchParams): { topic?: string } | string {
  const topic = params.get('topic') ?? '';
  if (topic.length > MAX_QUERY_LENGTH) return `topic is ${topic.length} characters; keep it under ${MAX_QUERY_LENGTH}`;
  return topic ? { topic } : {};
}

/** Today's trending as an Atom feed; links and ids are absolute, on the origin the client asked for. */
async function trendingAtom(deps: ApiDeps, params: URLSearchParams, headers: IncomingHttpHeaders): Promise<Reply> {
  const count = intParam(params, 'count', API_DEFAULT_LIMIT, 1, API_MAX_LIMIT);
  if (typeof count === 'string') return badRequest(count);
  const topic = topicParam(params);
  if (typeof topic === 'string') return badRequest(topic);
  const serviceUrl = deps.publicUrl ?? requestOrigin(headers);
  if (serviceUrl === undefined) return badRequest('the Host header must be a host name or address (with an optional port): the feed links to it');
  const result = await deps.paperboy.trending({ limit: count, ...topic });
  if (!result.ok) return fromResult(result, () => undefined);
  const today = deps.paperboy.papers.table.latestFeedDate();
  const feed = trendingFeed(result.value, { serviceUrl, ...topic, ...(params.has('count') ? { count } : {}), ...(today ? { today } : {}) });
  return atomReply(renderAtom(feed), feed.updated, headers['if-none-match']);
}

async function route(deps: ApiDeps, path: string, params: URLSearchParams, headers: IncomingHttpHeaders): Promise<Reply | undefined> {
  if (path === '/') return { status: 200, body: API_INDEX };
  if (path === '/healthz') return { status: 200, body: deps.health() };
  if (path === '/readyz') {
    const body = await deps.readiness();
    return { status: body.status === 'ready' ? 200 : 503, body };
  }
  if (path === '/search') {
    const q = params.get('q') ?? '';
    if (q.trim() === '') return badRequest('q is required: /search?q=diffusion+transformers');
    if (q.length > MAX_QUERY_LENGTH) return badRequest(`q is ${q.length} characters; keep it under ${MAX_QUERY_LENGTH}`);
    const limit = intParam(params, 'limit', API_DEFAULT_LIMIT, 1, API_MAX_LIMIT);
    const offset = intParam(params, 'offset', 0, 0, MAX_OFFSET);
    if (typeof limit === 'string') return badRequest(limit);
    if (typeof offset === 'string') return badRequest(offset);
    return fromResult(await deps.paperboy.search({ query: q, limit, offset }), (page) => searchJson(page, q));
  }
  if (path === '/trending') {
    const limit = intParam(params, 'limit', API_DEFAULT_LIMIT, 1, API_MAX_LIMIT);
    if (typeof limit === 'string') return badRequest(limit);
    const topic = topicParam(params);
    if (typeof topic === 'string') return badRequest(topic);
    return fromResult(await deps.paperboy.trending({ limit, ...topic }), (entries) => trendingJson(entries, entries[0]?.trend.latestDate ?? '', topic.topic));
  }
  if (path === '/trending.atom') return trendingAtom(deps, params, headers);
  if (path === '/openapi.json') return { status: 200, body: OPENAPI_DOCUMENT };
  // As sent, before decoding: an id that itself ends in ".bib" is reached as …%2Ebib.
  if (path.startsWith('/papers/') && path.endsWith(BIB)) {
    const paper = paperAt(deps, path.slice('/papers/'.length, -BIB.length));
    if (!('id' in paper)) return paper;
    const disposition = `inline; filename="${citationKey(paper)}.bib"`;
    return { status: 200, text: bibtexEntry(paper), headers: { 'content-type': `${BIBTEX_MEDIA_TYPE}; charset=utf-8`, 'content-disposition': disposition, 'cache-control': 'no-store' } };
  }
  if (path.startsWith('/papers/')) {
    const paper = paperAt(deps, path.slice('/papers/'.length));
    return 'id' in paper ? { status: 200, body: { paper: { ...paperJson(paper), abstract: paper.abstract, appearances: paper.appearances } } } : paper;
  }
  return undefined;
}

const BIB = '.bib';

/** The paper a percent-encoded id names, or the error reply (400 bad id, 503 still indexing, 404 unknown). */
function paperAt(deps: ApiDeps, encoded: string): Paper | Reply {
  let id: string;
  try {
    id = decodeURIComponent(encoded);
  } catch {
    return badRequest('the paper id is not valid percent-encoding');
  }
  if (id === '' || id.length > MAX_QUERY_LENGTH) return badRequest('give a paper id: /papers/2401.01234');
  const status = deps.paperboy.status();
  if (status.state !== 'ready') return { status: 503, body: { error: describeStatus(status) } };
  return deps.paperboy.papers.get(id) ?? { status: 404, body: { error: `no paper with id ${id.slice(0, 80)}` } };
}

/** Every path this handler answers, named as the OpenAPI description (openapi.ts) names them; a test holds the two together. */
export const API_ROUTES = ['/healthz', '/readyz', '/search', '/trending', '/trending.atom', '/papers/{id}', '/papers/{id}.bib', '/metrics', '/openapi.json'] as const;

/** What `/` tells a script: where the API is (a browser gets the team page's front page there instead). */
const API_INDEX = {
  paperboy: 'research papers for your team; open this address in a browser for the team page',
  api: API_ROUTES.filter((route) => route !== '/metrics'),
  description: '/openapi.json',
};

// `/` is the API's index, not one of its documented routes.
const API_PATHS = new RegExp(`^(/|${API_ROUTES.map((route) => route.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '.*')).join('|')})$`);

async function sendMetrics(deps: ApiDeps, res: ServerResponse): Promise<void> {
  if (!deps.metrics) return send(res, { status: 404, body: { error: 'this server keeps no metrics' } });
  const { contentType, text } = await deps.metrics();
  res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

/** The first query parameter whose percent-encoding is broken (URLSearchParams would quietly keep it as typed). */
export function badlyEncodedParam(query: string): string | undefined {
  const decodes = (text: string): boolean => {
    try {
      decodeURIComponent(text);
      return true;
    } catch {
      return false;
    }
  };
  for (const pair of query.split('&')) {
    const [name = '', ...value] = pair.split('=');
    if (!decodes(name)) return 'a parameter name';
    const shown = decodeURIComponent(name)
      .replace(/[^\w-]/g, '')
      .slice(0, 20);
    if (!decodes(value.join('='))) return shown || 'a parameter';
  }
  return undefined;
}

/** Handles the API's paths; returns false (and does nothing) for any other path. */
export function createApiHandler(deps: ApiDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const rawUrl = req.url ?? '/';
    const path = rawUrl.split('?')[0] ?? '/';
    if (!API_PATHS.test(path)) return false;
    if (rawUrl.length > MAX_URL_LENGTH) {
      send(res, { status: 414, body: { error: `the URL is over ${MAX_URL_LENGTH} characters` } });
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, { status: 405, body: { error: `${req.method ?? '?'} is not allowed here; use GET` } }, { allow: 'GET, HEAD' });
      return true;
    }
    // Only the paths that read their query string refuse a broken one.
    const broken = path === '/search' || path.startsWith('/trending') ? badlyEncodedParam(rawUrl.slice(path.length + 1)) : undefined;
    if (broken !== undefined) {
      send(res, badRequest(`${broken} is not valid percent-encoding; encode it as UTF-8, e.g. q=caf%C3%A9 (a literal % is %25)`));
      return true;
    }
    const params = new URL(rawUrl, 'http://localhost').searchParams;
    // `/` also answers browsers (with a page), so its JSON says it varies with Accept.
    const vary = path === '/' ? { vary: 'Accept' } : {};
    const answer = path === '/metrics' ? sendMetrics(deps, res) : route(deps, path, params, req.headers).then((reply) => send(res, reply ?? { status: 404, body: { error: 'not found' } }, vary));
    answer.then(
      () => undefined,
      (error: unknown) => {
        const reference = randomBytes(4).toString('hex');
        deps.logger.error({ reference, path, error: error instanceof Error ? error.message : String(error) }, 'API request failed');
        send(res, { status: 500, body: { error: `internal error (reference ${reference})` } });
      },
    );
    return true;
  };
}
