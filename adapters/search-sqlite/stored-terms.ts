import type { IndexedFields } from '../../src/index.js';

/**
 * A paper's analysed terms as the index file keeps them beside the paper: title, abstract
 * and authors, tab-separated, terms space-separated (analysed terms hold neither). Scoring
 * a candidate again, or counting a re-indexed paper's old terms out, then splits strings
 * instead of analysing text again.
 */
export function storedTerms(fields: Pick<IndexedFields, 'text' | 'title' | 'authors'>): string {
  return [fields.title.join(' '), fields.text.slice(fields.title.length).join(' '), fields.authors.join(' ')].join('\t');
}

const words = (text: string | undefined): string[] => (text ? text.split(' ') : []);

export function storedFields(terms: string, aliases: string): Pick<IndexedFields, 'text' | 'title' | 'authors' | 'aliases'> {
  const [title, abstract, authors] = terms.split('\t');
  const titleTerms = words(title);
  return { text: [...titleTerms, ...words(abstract)], title: titleTerms, authors: words(authors), aliases: words(aliases) };
}
