/**
 * Standard IR metrics over one ranked list and its judgments (grade > 0 is relevant),
 * computed as trec_eval and BEIR's pytrec_eval do: nDCG with exponential gain.
 */
export type Judgments = ReadonlyMap<string, number>;

function gain(grade: number): number {
  return grade > 0 ? 2 ** grade - 1 : 0;
}

export function ndcgAt(ranking: readonly string[], judged: Judgments, k: number): number {
  let dcg = 0;
  ranking.slice(0, k).forEach((id, i) => {
    dcg += gain(judged.get(id) ?? 0) / Math.log2(i + 2);
  });
  const ideal = [...judged.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((sum, g, i) => sum + gain(g) / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

export function recallAt(ranking: readonly string[], judged: Judgments, k: number): number {
  const relevant = [...judged].filter(([, g]) => g > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranking.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

export function mrrAt(ranking: readonly string[], judged: Judgments, k: number): number {
  const i = ranking.slice(0, k).findIndex((id) => (judged.get(id) ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}
