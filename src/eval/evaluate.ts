import type { BeirQuery, Qrels } from '../corpus/beir-format.js';
import type { Result } from '../result.js';
import type { SearchPage, SearchRequest } from '../search/search-engine.js';
import { plainQuery } from '../search/query-syntax.js';
import { mrrAt, ndcgAt, recallAt } from './metrics.js';

/**
 * Runs every judged query through an engine's search with the bot's own defaults and scores the
 * rankings. Queries are natural-language claims, so they go in as plain words: a quote
 * or a leading "-" in a claim is text, not query syntax.
 */
export interface EvaluationSummary {
  readonly queries: number;
  readonly ndcg10: number;
  readonly recall100: number;
  readonly mrr10: number;
}

export interface RankedQuery {
  readonly queryId: string;
  readonly ranking: ReadonlyArray<{ readonly id: string; readonly score: number }>;
}

export const RUN_DEPTH = 100;

export type SearchFunction = (request: SearchRequest) => Result<SearchPage> | Promise<Result<SearchPage>>;

export async function evaluate(
  search: SearchFunction,
  queries: readonly BeirQuery[],
  qrels: Qrels,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ summary: EvaluationSummary; runs: RankedQuery[] }> {
  const judged = queries.filter((q) => qrels.has(q.id));
  const runs: RankedQuery[] = [];
  let ndcg = 0;
  let recall = 0;
  let mrr = 0;
  for (const [i, q] of judged.entries()) {
    const page = await search({ query: plainQuery(q.text), limit: RUN_DEPTH, snippets: false });
    const ranking = page.ok ? page.value.hits.map((h) => ({ id: h.paper.id, score: h.score })) : [];
    const ids = ranking.map((r) => r.id);
    const judgments = qrels.get(q.id)!;
    ndcg += ndcgAt(ids, judgments, 10);
    recall += recallAt(ids, judgments, 100);
    mrr += mrrAt(ids, judgments, 10);
    runs.push({ queryId: q.id, ranking });
    onProgress(i + 1, judged.length);
  }
  const n = Math.max(1, judged.length);
  return { summary: { queries: judged.length, ndcg10: ndcg / n, recall100: recall / n, mrr10: mrr / n }, runs };
}

/** TREC run format: `qid Q0 docid rank score tag`, one line per retrieved document. */
export function toTrecRun(runs: readonly RankedQuery[], tag = 'paperboy'): string {
  let out = '';
  for (const { queryId, ranking } of runs) {
    ranking.forEach((r, i) => {
      out += `${queryId} Q0 ${r.id} ${i + 1} ${r.score.toFixed(6)} ${tag}\n`;
    });
  }
  return out;
}
