import { MAX_QUERY_LENGTH } from '../../src/index.js';
import { API_DEFAULT_LIMIT, API_MAX_LIMIT, MAX_OFFSET, MAX_URL_LENGTH } from './api-limits.js';

/**
 * The HTTP API described in OpenAPI 3.1 (schemas in JSON Schema 2020-12), served at
 * GET /openapi.json. The bounds come from the same constants the handler checks; a test
 * validates this document, checks every route the server answers is here, and validates
 * real answers against the schemas below.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });

const nullableString = { type: ['string', 'null'] };

const schemas = {
  Error: {
    type: 'object',
    description: 'Every error answer: a sentence saying what went wrong and what to do.',
    required: ['error'],
    properties: { error: { type: 'string', minLength: 1 } },
    additionalProperties: false,
  },
  PaperSummary: {
    type: 'object',
    required: ['id', 'title', 'authors', 'url', 'pdfUrl', 'codeUrls', 'arxivId', 'publishedAt'],
    properties: {
      id: { type: 'string', minLength: 1, maxLength: 200, examples: ['2401.01234', 'noprop-training-neural-networks-without'] },
      title: { type: 'string', minLength: 1 },
      authors: { type: 'array', items: { type: 'string' } },
      url: { type: ['string', 'null'], format: 'uri' },
      pdfUrl: { type: ['string', 'null'], format: 'uri' },
      codeUrls: { type: 'array', items: { type: 'string', format: 'uri' } },
      arxivId: nullableString,
      publishedAt: { ...nullableString, description: 'A date (YYYY-MM-DD) or timestamp, as the source gave it.' },
    },
  },
  SearchHit: {
    allOf: [ref('PaperSummary')],
    required: ['score', 'snippet', 'marks'],
    properties: {
      score: { type: 'number' },
      snippet: { type: 'string', description: 'A passage of the abstract around the matches.' },
      marks: {
        type: 'array',
        description: 'Matched spans of `snippet`, as [start, end) character offsets.',
        items: {
          type: 'array',
          prefixItems: [
            { type: 'integer', minimum: 0 },
            { type: 'integer', minimum: 0 },
          ],
          minItems: 2,
          maxItems: 2,
        },
      },
    },
  },
  SearchPage: {
    type: 'object',
    required: ['query', 'total', 'offset', 'limit', 'respelled', 'results'],
    properties: {
      query: { type: 'string' },
      total: { type: 'integer', minimum: 0 },
      offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET },
      limit: { type: 'integer', minimum: 1, maximum: API_MAX_LIMIT },
      respelled: { type: 'array', items: { type: 'string' }, description: 'Query words searched under a corrected spelling.' },
      results: { type: 'array', items: ref('SearchHit'), maxItems: API_MAX_LIMIT },
    },
    additionalProperties: false,
  },
  TrendingPaper: {
    allOf: [ref('PaperSummary')],
    required: ['score', 'reasons'],
    properties: {
      score: { type: 'number' },
      reasons: { type: 'array', items: { type: 'string' }, description: 'Why it ranks here, most important first: "#1 on hf-trending 2026-11-26", "42 upvotes".' },
    },
  },
  Trending: {
    type: 'object',
    required: ['date', 'topic', 'results'],
    properties: {
      date: { anyOf: [{ type: 'string', format: 'date' }, { const: '' }], description: 'The newest feed day among the results; empty when there are none.' },
      topic: nullableString,
      results: { type: 'array', items: ref('TrendingPaper'), maxItems: API_MAX_LIMIT },
    },
    additionalProperties: false,
  },
  FeedAppearance: {
    type: 'object',
    required: ['source', 'date'],
    properties: {
      source: { type: 'string', examples: ['hf-trending', 'arxiv:cs.LG'] },
      date: { type: 'string', format: 'date' },
      rank: { type: 'integer', minimum: 1 },
      upvotes: { type: 'integer', minimum: 0 },
    },
  },
  PaperDetail: {
    allOf: [ref('PaperSummary')],
    required: ['abstract', 'appearances'],
    properties: { abstract: { type: 'string' }, appearances: { type: 'array', items: ref('FeedAppearance') } },
  },
  Health: {
    type: 'object',
    description: 'Liveness and an overview of this replica, from memory (no database call). Fields beyond `status` are informative and may grow.',
    required: ['status', 'papers', 'index', 'storage', 'adapters', 'instance', 'uptimeSeconds'],
    properties: {
      status: { enum: ['ok', 'stopping'], description: 'Always answered with 200: the process is alive. Whether it should get traffic is /readyz.' },
      papers: { type: 'integer', minimum: 0 },
      index: { $ref: '#/components/schemas/IndexReport' },
      storage: { type: 'object', required: ['kind'], properties: { kind: { enum: ['sqlite', 'postgres'] } } },
      adapters: { type: 'array', items: { type: 'string' } },
      instance: { type: 'string' },
      uptimeSeconds: { type: 'integer', minimum: 0 },
    },
  },
  IndexReport: {
    type: 'object',
    required: ['engine', 'state'],
    properties: {
      engine: { enum: ['memory', 'disk'] },
      state: { enum: ['ready', 'indexing', 'failed'] },
      papers: { type: 'integer', minimum: 0 },
      progress: { type: 'object', required: ['done', 'total'], properties: { done: { type: 'integer', minimum: 0 }, total: { type: 'integer', minimum: 0 } } },
      error: { type: 'string' },
    },
  },
  Readiness: {
    type: 'object',
    description: 'Whether this replica should get traffic: not stopping, storage answered a read within 1 s, the index is ready, every chat adapter is connected.',
    required: ['status', 'instance', 'checks'],
    properties: {
      status: { enum: ['ready', 'not-ready'], description: '`ready` answers 200, `not-ready` 503.' },
      instance: { type: 'string' },
      checks: {
        type: 'object',
        required: ['service', 'storage', 'index', 'adapters'],
        properties: {
          service: { type: 'object', required: ['state'], properties: { state: { enum: ['running', 'stopping'] } } },
          storage: {
            type: 'object',
            required: ['state', 'kind'],
            properties: { state: { enum: ['ok', 'timeout', 'error'] }, kind: { enum: ['sqlite', 'postgres'] }, ms: { type: 'number', minimum: 0 }, error: { type: 'string' } },
          },
          index: { $ref: '#/components/schemas/IndexReport' },
          adapters: {
            type: 'object',
            additionalProperties: { type: 'object', required: ['state'], properties: { state: { enum: ['connected', 'connecting', 'disconnected'] }, detail: { type: 'string' } } },
          },
        },
      },
    },
  },
} as const;

const responses = {
  BadRequest: json(ref('Error'), 'A parameter is missing or out of bounds; `error` says which and how to fix it.'),
  NotReady: json(ref('Error'), 'The search index is still being built ("Indexing 41,000 of 100,000 papers; try again in a minute.").'),
  UriTooLong: json(ref('Error'), `The URL is longer than ${MAX_URL_LENGTH} characters.`),
  InternalError: json(ref('Error'), 'A bug; `error` carries a reference that is also in the log.'),
};

const limit = (what: string) => ({
  name: 'limit',
  in: 'query',
  description: `How many ${what}.`,
  schema: { type: 'integer', minimum: 1, maximum: API_MAX_LIMIT, default: API_DEFAULT_LIMIT },
});

const dataErrors = { '400': response('BadRequest'), '414': response('UriTooLong'), '500': response('InternalError'), '503': response('NotReady') };

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
  info: {
    title: 'paperboy HTTP API',
    version: '1.0.0',
    summary: 'Read-only JSON over the paper corpus, health and readiness checks, and Prometheus metrics.',
    description: `Every answer is JSON (errors included: \`{ "error": "…" }\`) except /metrics (Prometheus text), /trending.atom (Atom XML) and /papers/{id}.bib (BibTeX). URLs are at most ${MAX_URL_LENGTH} characters; only GET and HEAD are allowed (405 otherwise).`,
    license: { name: 'MIT', identifier: 'MIT' },
  },
  paths: {
    '/healthz': {
      get: {
        operationId: 'health',
        summary: 'Liveness and an overview of this replica',
        responses: {
          '200': json(ref('Health'), 'Alive (also while stopping, while an index builds, or while the database is away).'),
          '414': response('UriTooLong'),
        },
      },
    },
    '/readyz': {
      get: {
        operationId: 'readiness',
        summary: 'Whether this replica is ready for traffic',
        responses: {
          '200': json(ref('Readiness'), 'Ready.'),
          '414': response('UriTooLong'),
          '503': json(ref('Readiness'), 'Not ready yet (index building, storage or an adapter down); `checks` says which.'),
        },
      },
    },
    '/search': {
      get: {
        operationId: 'search',
        summary: 'Search papers',
        parameters: [
          {
            name: 'q',
            in: 'query',
            required: true,
            description: 'Words, "phrases", -exclusions, author:, title:, since:YYYY-MM-DD, has:code.',
            schema: { type: 'string', minLength: 1, maxLength: MAX_QUERY_LENGTH },
            examples: { words: { value: 'diffusion transformers' }, filters: { value: '"mixture of experts" -survey since:2024' } },
          },
          limit('results per page'),
          { name: 'offset', in: 'query', description: 'Results to skip.', schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 } },
        ],
        responses: { '200': json(ref('SearchPage'), 'One page of results, best first.'), ...dataErrors },
      },
    },
    '/trending': {
      get: {
        operationId: 'trending',
        summary: "Today's trending papers and why they rank there",
        parameters: [limit('papers'), { name: 'topic', in: 'query', description: 'Only papers about this.', schema: { type: 'string', maxLength: MAX_QUERY_LENGTH } }],
        responses: { '200': json(ref('Trending'), 'Trending papers, highest score first.'), ...dataErrors },
      },
    },
    '/trending.atom': {
      get: {
        operationId: 'trendingAtom',
        summary: "Today's trending papers as an Atom 1.0 feed, for feed readers",
        description:
          'The papers and reasons of /trending. Entry ids are the papers’ /papers/{id} URLs on this service and entry `updated` is the paper’s latest feed listing, so an unchanged corpus gives the same bytes (and a reader nothing new); the feed id is this URL without `count`. Links use the Host header (and X-Forwarded-Proto: https behind a TLS proxy). Answers carry an ETag: send it back in If-None-Match for a 304.',
        parameters: [
          { name: 'count', in: 'query', description: 'How many papers.', schema: { type: 'integer', minimum: 1, maximum: API_MAX_LIMIT, default: API_DEFAULT_LIMIT } },
          { name: 'topic', in: 'query', description: 'Only papers about this.', schema: { type: 'string', maxLength: MAX_QUERY_LENGTH } },
        ],
        responses: {
          '200': {
            description: 'The feed, highest score first (zero entries when nothing trends).',
            content: { 'application/atom+xml': { schema: { type: 'string', contentMediaType: 'application/atom+xml' } } },
          },
          '304': { description: 'Unchanged since the ETag given in If-None-Match; no body.' },
          ...dataErrors,
        },
      },
    },
    '/papers/{id}': {
      get: {
        operationId: 'paper',
        summary: 'One paper in full',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The paper id (percent-encoded).',
            schema: { type: 'string', minLength: 1, maxLength: MAX_QUERY_LENGTH },
          },
        ],
        responses: {
          '200': json({ type: 'object', required: ['paper'], properties: { paper: ref('PaperDetail') }, additionalProperties: false }, 'The paper.'),
          '404': json(ref('Error'), 'No paper has this id.'),
          ...dataErrors,
        },
      },
    },
    '/papers/{id}.bib': {
      get: {
        operationId: 'paperBibtex',
        summary: 'One paper as a BibTeX entry, to paste into LaTeX',
        description:
          'An arXiv paper as @misc with eprint, archivePrefix, primaryClass (when known) and its arXiv DOI; others as @misc with url. The key (lastname2026firstword) is the same every time. An id that itself ends in .bib is written …%2Ebib.',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The paper id (percent-encoded), followed by .bib.',
            schema: { type: 'string', minLength: 1, maxLength: MAX_QUERY_LENGTH },
          },
        ],
        responses: {
          '200': { description: 'The BibTeX entry, UTF-8.', content: { 'application/x-bibtex; charset=utf-8': { schema: { type: 'string', pattern: '^@misc\\{' } } } },
          '404': json(ref('Error'), 'No paper has this id.'),
          ...dataErrors,
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        summary: 'Prometheus metrics (text exposition format)',
        responses: {
          '200': { description: 'Every metric, named paperboy_*.', content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } } },
          '414': response('UriTooLong'),
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This description',
        responses: {
          '200': json({ type: 'object', required: ['openapi', 'info', 'paths'] }, 'The OpenAPI 3.1 document.'),
          '414': response('UriTooLong'),
        },
      },
    },
  },
  components: { schemas, responses },
} as const;
