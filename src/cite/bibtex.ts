import { arxivAbsUrl, parseArxivId } from '../ids/arxiv-id.js';
import type { Paper } from '../model/paper.js';
import { bibtexAuthors } from './bibtex-names.js';
import { citationKey, citationYear, uniqueCitationKeys } from './bibtex-key.js';
import { escapeLatex, verbatimUrl } from './latex-text.js';

/**
 * Papers as BibTeX entries to paste into a LaTeX project. Pure. arXiv papers are cited the
 * way arXiv itself suggests (`@misc` with eprint, archivePrefix, primaryClass and the arXiv
 * DOI `10.48550/arXiv.<id>`), other papers as `@misc` with their url. Titles are double
 * braced so that styles keep their capitals (BERT, GPT-4); every value is escaped so that
 * braces stay balanced whatever a title holds.
 */
export const BIBTEX_MEDIA_TYPE = 'application/x-bibtex';

const CATEGORY = /^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$/;

/**
 * The arXiv category the corpus saw the paper in (`arxiv:cs.LG` appearances), when it saw it
 * in exactly one: a paper listed in two categories was cross-listed in one of them, and the
 * corpus cannot tell which is primary, so then none is given.
 */
export function knownCategory(paper: Paper): string | undefined {
  const seen = new Set(paper.appearances.flatMap((a) => (a.source.startsWith('arxiv:') ? [a.source.slice('arxiv:'.length)] : [])));
  const [only] = seen;
  return seen.size === 1 && only !== undefined && CATEGORY.test(only) ? only : undefined;
}

/** One entry under `key` (default: the paper's own key), ending in a newline. */
export function bibtexEntry(paper: Paper, key: string = citationKey(paper)): string {
  const fields: Array<[string, string]> = [];
  const title = escapeLatex(paper.title);
  if (title !== '') fields.push(['title', `{${title}}`]);
  const authors = bibtexAuthors(paper.authors);
  if (authors !== '') fields.push(['author', authors]);
  const year = citationYear(paper);
  if (year !== undefined) fields.push(['year', String(year)]);
  const arxiv = paper.arxivId === undefined ? undefined : parseArxivId(paper.arxivId);
  if (arxiv) {
    fields.push(['eprint', arxiv.id], ['archivePrefix', 'arXiv']);
    const category = knownCategory(paper);
    if (category) fields.push(['primaryClass', category]);
    fields.push(['doi', `10.48550/arXiv.${arxiv.id}`]);
  }
  const url = arxiv ? arxivAbsUrl(arxiv.id) : paper.url;
  if (url) fields.push(['url', verbatimUrl(url)]);
  return `@misc{${key},\n${fields.map(([name, value]) => `  ${name} = {${value}},\n`).join('')}}\n`;
}

/** A whole .bib file: one entry per paper, in order, keys unique within the file. */
export function bibtexFile(papers: readonly Paper[]): string {
  const keys = uniqueCitationKeys(papers);
  return papers.map((paper, i) => bibtexEntry(paper, keys[i])).join('\n');
}
