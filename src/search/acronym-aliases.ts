import type { AcronymTable, LongForm } from './acronyms.js';

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
  // Most papers spell out no known long form: the set of their terms is made only for those that do.
  let present: Set<string> | undefined;
  const aliases = new Set<string>();
  const found = (longForms: readonly LongForm[] | undefined, at: number): void => {
    for (const { key, terms: words } of longForms ?? []) {
      if (!words.every((w, k) => terms[at + k] === w)) continue;
      present ??= new Set(terms);
      for (const acronym of table.acronymsOf.get(key) ?? []) if (!present.has(acronym)) aliases.add(acronym);
    }
  };
  for (let i = 0; i < terms.length; i += 1) {
    const byNext = table.longFormsFrom.get(terms[i]!);
    if (byNext === undefined) continue;
    if (i + 1 < terms.length) found(byNext.get(terms[i + 1]!), i);
  }
  return [...aliases];
}
