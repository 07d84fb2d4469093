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
  const held = new Set([...text, ...analyze(paper.authors.join(' ')), ...acronymAliases(text, acronyms)]);
  return [...credited].filter((term) => held.has(term));
}
