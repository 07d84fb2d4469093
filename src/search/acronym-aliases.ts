import type { AcronymTable } from './acronyms.js';

/**
 * The acronyms a paper goes by without writing them: one that spells out "low-rank
 * adaptation" but never writes "LoRA" is indexed under "lora" too, in a lighter-weighted
 * field of its own. A paper that writes both gets nothing extra, so it is never counted
 * twice. Typing an acronym is then one term look-up; expanding it at query time into an
 * AND of its (often common) words cost up to 20 ms per query on 10k papers.
 *
 * The other direction (a paper that only writes "MoE" found by "mixture of experts") is
 * the query planner's: indexing such papers under the long form's words added those
 * common words to many papers and cost 0.01 nDCG@10 on SciFact.
 */
export function acronymAliases(terms: readonly string[], table: AcronymTable): string[] {
  if (table.expansions.size === 0) return [];
  const present = new Set(terms);
  const aliases = new Set<string>();
  for (let i = 0; i < terms.length; i += 1) {
    for (const { key, terms: words } of table.longFormsFrom.get(terms[i]!) ?? []) {
      if (!words.every((w, k) => terms[i + k] === w)) continue;
      for (const acronym of table.acronymsOf.get(key) ?? []) if (!present.has(acronym)) aliases.add(acronym);
    }
  }
  return [...aliases];
}
