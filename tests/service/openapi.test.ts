import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../adapters/service/http-api.js';
import { MAX_QUERY_LENGTH, type Storage } from '../../src/index.js';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness.js';

/**
 * GET /openapi.json against the server it describes: the document is valid OpenAPI 3.1,
 * names every route the server answers, its parameter bounds are the ones the server
 * enforces, and every status it documents, provoked for real, answers a body its schema
 * accepts.
 */
interface Doc {
  paths: Record<string, { get: Operation }>;
  components: { responses: Record<string, Response> };
}
interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: { type: string; minimum?: number; maximum?: number; maxLength?: number } }>;
  responses: Record<string, Response | { $ref: string }>;
}
interface Response {
  content: Record<string, unknown>;
}

let ready: ServiceHarness;
let building: ServiceHarness;
let releaseIndex: () => void = () => {};
let storageDown = false;
let doc: Doc;
let ajv: Ajv2020;

/** Storage whose getSubscription (the health probe's read) fails while `storageDown` is set. */
const flaky = (storage: Storage): Storage =>
  new Proxy(storage, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      if (key === 'getSubscription') return (...args: unknown[]) => (storageDown ? Promise.reject(new Error('connection refused')) : (value as (...a: unknown[]) => unknown).apply(target, args));
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });

/** Storage whose reads of changed papers wait until released: the index stays "Indexing …" until then. */
const heldBack = (storage: Storage): Storage => {
  const gate = new Promise<void>((resolve) => (releaseIndex = resolve));
  return new Proxy(storage, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (key === 'papersChangedSince') return async (...args: Parameters<Storage['papersChangedSince']>) => gate.then(() => target.papersChangedSince(...args));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
};

beforeAll(async () => {
  ready = await startServiceHarness({ adapters: () => [], storage: flaky });
  building = await startServiceHarness({ adapters: () => [], storage: heldBack, waitForIndex: false });
  const res = await fetch(`${ready.service.url}/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  // A CommonJS module: under NodeNext its plugin function is the default export's default.
  formats.default(ajv);
  expect(ajv.validate({ type: 'string', format: 'date' }, '2026-13-45')).toBe(false); // formats are checked, not ignored
  ajv.addSchema(doc, 'openapi.json');
});

afterAll(async () => {
  releaseIndex();
  await building?.close();
  await ready?.close();
});

const pointer = (...segments: string[]) => segments.map((s) => `/${encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('');
const baseType = (contentType: string) => contentType.split(';')[0]!.trim();

/** The schema the document gives for this path, status and content type, compiled; fails the test when there is none. */
function schemaOf(path: string, status: number, contentType: string) {
  const declared = doc.paths[path]?.get.responses[String(status)];
  if (!declared) throw new Error(`${path} does not document ${status}`);
  let at = pointer('paths', path, 'get', 'responses', String(status));
  let response = declared as Response;
  if ('$ref' in declared) {
    at = declared.$ref.slice(1);
    response = doc.components.responses[declared.$ref.split('/').at(-1)!]!;
  }
  const media = Object.keys(response.content).find((key) => baseType(key) === baseType(contentType));
  if (!media) throw new Error(`${path} ${status} documents no ${contentType} body`);
  const validate = ajv.getSchema(`openapi.json#${at}${pointer('content', media, 'schema')}`);
  if (!validate) throw new Error(`no schema at ${path} ${status} ${media}`);
  return validate;
}

const LONG = `pad=${'x'.repeat(4200)}`;
const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

/** Every documented (path, status) provoked for real: [documented path, expected status, which service, request path, request headers]. */
type Case = [path: string, status: number, on: 'ready' | 'building' | 'storage-down', request: string, headers?: Record<string, string>];
const CASES: Case[] = [
  ['/healthz', 200, 'ready', '/healthz'],
  ['/readyz', 200, 'ready', '/readyz'],
  ['/readyz', 503, 'building', '/readyz'],
  ['/readyz', 503, 'storage-down', '/readyz'],
  ['/search', 200, 'ready', '/search?q=diffusion+transformers&limit=3'],
  ['/search', 400, 'ready', '/search'],
  ['/search', 400, 'ready', '/search?q=since:2024-13-01'],
  ['/search', 503, 'building', '/search?q=diffusion'],
  ['/trending', 200, 'ready', '/trending?limit=3'],
  ['/trending', 200, 'ready', '/trending?topic=model+merging'],
  ['/trending', 400, 'ready', '/trending?limit=abc'],
  ['/trending', 503, 'building', '/trending'],
  ['/trending.atom', 200, 'ready', '/trending.atom?count=3'],
  ['/trending.atom', 200, 'ready', '/trending.atom?topic=model+merging'],
  ['/trending.atom', 304, 'ready', '/trending.atom', { 'if-none-match': '*' }],
  ['/trending.atom', 400, 'ready', '/trending.atom?count=abc'],
  ['/trending.atom', 503, 'building', '/trending.atom'],
  ['/papers/{id}', 200, 'ready', '/papers/noprop-training-neural-networks-without'],
  ['/papers/{id}', 400, 'ready', '/papers/%E0%A4%A'],
  ['/papers/{id}', 404, 'ready', '/papers/no-such-paper'],
  ['/papers/{id}', 503, 'building', '/papers/noprop-training-neural-networks-without'],
  ['/papers/{id}.bib', 200, 'ready', '/papers/noprop-training-neural-networks-without.bib'],
  ['/papers/{id}.bib', 400, 'ready', '/papers/%E0%A4%A.bib'],
  ['/papers/{id}.bib', 404, 'ready', '/papers/no-such-paper.bib'],
  ['/papers/{id}.bib', 503, 'building', '/papers/noprop-training-neural-networks-without.bib'],
  ['/metrics', 200, 'ready', '/metrics'],
  ['/openapi.json', 200, 'ready', '/openapi.json'],
  ...API_ROUTES.map((path): Case => [path, 414, 'ready', withQuery(path.replace('{id}', 'x'), LONG)]),
  ['/readyz', 414, 'ready', withQuery('/readyz', LONG)],
];
/** Documented, but no request can make a correct server answer them. */
const UNPROVOKABLE = ['/search 500', '/trending 500', '/trending.atom 500', '/papers/{id} 500', '/papers/{id}.bib 500'];

describe('the OpenAPI description', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect((doc as unknown as { openapi: string }).openapi).toMatch(/^3\.1\./);
  });

  it('documents exactly the routes the server answers', async () => {
    const documented = Object.keys(doc.paths);
    expect([...API_ROUTES].sort()).toEqual(documented.sort());
    for (const path of documented) {
      const res = await fetch(`${ready.service.url}${path.replace('{id}', 'x')}`);
      const body = (await res.json().catch(() => ({}))) as { error?: string };
      expect(body.error ?? '', path).not.toMatch(/^not found; try/);
    }
    // Near misses are not routes: they reach the service's own 404, which lists the real ones.
    for (const path of ['/healthzz', '/search/x', '/metrics.txt', '/openapi']) {
      const res = await fetch(`${ready.service.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: string }).error).toMatch(/^not found; try .*\/metrics.*\/openapi\.json/);
    }
  });

  it('provokes every documented status of every path', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item.get.responses).map((status) => `${path} ${status}`));
    const provoked = new Set(CASES.map(([path, status]) => `${path} ${status}`));
    expect(documented.filter((pair) => !provoked.has(pair)).sort()).toEqual([...UNPROVOKABLE].sort());
    expect([...provoked].filter((pair) => !documented.includes(pair))).toEqual([]);
  });

  it.each(CASES)('%s answers %i (%s) with a body its schema accepts', async (path, status, on, request, headers) => {
    const service = on === 'building' ? building : ready;
    storageDown = on === 'storage-down';
    let res: Response & globalThis.Response;
    try {
      res = (await fetch(`${service.service.url}${request}`, { ...(headers ? { headers } : {}) })) as Response & globalThis.Response;
    } finally {
      storageDown = false;
    }
    expect(res.status).toBe(status);
    if (status === 304) return expect(await res.text()).toBe(''); // documented without a body
    const contentType = res.headers.get('content-type') ?? '';
    const validate = schemaOf(path, status, contentType);
    const text = await res.text();
    const body: unknown = baseType(contentType) === 'application/json' ? JSON.parse(text) : text;
    expect(validate(body) ? [] : validate.errors).toEqual([]);
  });

  it('states the bounds the server enforces', async () => {
    const bounds: Array<[string, string, number]> = [];
    for (const path of ['/search', '/trending', '/trending.atom']) {
      for (const parameter of doc.paths[path]!.get.parameters ?? []) {
        const { minimum, maximum, maxLength } = parameter.schema;
        const ask = (value: string) => `${path}?${path === '/search' && parameter.name !== 'q' ? 'q=lora&' : ''}${parameter.name}=${encodeURIComponent(value)}`;
        if (minimum !== undefined) bounds.push([ask(String(minimum)), 'inside', 200], [ask(String(minimum - 1)), 'below', 400]);
        if (maximum !== undefined) bounds.push([ask(String(maximum)), 'inside', 200], [ask(String(maximum + 1)), 'above', 400]);
        if (maxLength !== undefined) bounds.push([ask('a'.repeat(maxLength)), 'inside', 200], [ask('a'.repeat(maxLength + 1)), 'above', 400]);
      }
    }
    expect(bounds).toHaveLength(22); // search: q, limit and offset at both ends; trending (JSON and Atom): limit or count at both ends, topic
    for (const [request, , status] of bounds) expect((await fetch(`${ready.service.url}${request}`)).status, request).toBe(status);
    expect(doc.paths['/search']!.get.parameters!.find((p) => p.name === 'q')!.schema.maxLength).toBe(MAX_QUERY_LENGTH);
  });
});
