import type { Paper } from '../model/paper.js';
import { analyze } from '../text/analyzer.js';
import { acronymAliases } from './acronym-aliases.js';
import type { AcronymTable } from './acronyms.js';

/**
 * Which of a query's terms a found paper holds, in any field it is indexed under (text,
 * authors, the acronyms it spells out): what its snippet marks and what "shares: …" lists.
 * Worked out for the papers on the page only, the same way for every engine.
 */
export function hitTerms(paper: Paper, credited: ReadonlySet<string>, acronyms: AcronymTable): string[] {
  const text = [...analyze(paper.title), ...analyze(paper.abstract)];
  const held = new Set([...text, ...analyze(paper.authors.join(' '))]);
  // A paper is credited with an acronym it only spells out: worth working out only when the query has one.
  if ([...credited].some((term) => !held.has(term) && acronyms.expansions.has(term))) for (const alias of acronymAliases(text, acronyms)) held.add(alias);
  return [...credited].filter((term) => held.has(term));
}
