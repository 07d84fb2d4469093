import type { Paper } from '../model/paper.js';
import type { RelatedPage, SearchHit, SearchPage } from '../search/search-engine.js';
import type { TrendingEntry } from '../trending/trending.js';

/**
 * The JSON shapes of papers and result lists, shared by the CLI's `--json` and the HTTP API:
 * stable field names for scripts.
 * Scores are rounded to 4 decimals so output does not churn on float noise.
 */
const round = (n: number): number => Math.round(n * 1e4) / 1e4;

export function paperJson(paper: Paper) {
  return {
    id: paper.id,
    title: paper.title,
    authors: paper.authors,
    url: paper.url ?? null,
    pdfUrl: paper.pdfUrl ?? null,
    codeUrls: paper.codeUrls,
    arxivId: paper.arxivId ?? null,
    publishedAt: paper.publishedAt ?? null,
  };
}

function hitJson(hit: SearchHit) {
  return { ...paperJson(hit.paper), score: round(hit.score), snippet: hit.snippet.text, marks: hit.snippet.marks };
}

export function searchJson(page: SearchPage, queryText: string) {
  return {
    query: queryText,
    total: page.total,
    offset: page.offset,
    limit: page.limit,
    respelled: page.respelled,
    results: page.hits.map(hitJson),
  };
}

export function relatedJson(page: RelatedPage) {
  return {
    paper: paperJson(page.paper),
    total: page.total,
    results: page.hits.map((hit) => ({ ...hitJson(hit), sharedWords: hit.sharedWords })),
  };
}

export function trendingJson(entries: readonly TrendingEntry[], today: string, topic?: string) {
  return {
    date: today,
    topic: topic ?? null,
    results: entries.map(({ paper, trend }) => ({ ...paperJson(paper), score: round(trend.score), reasons: trend.reasons })),
  };
}
