import { parseArxivId } from '../ids/arxiv-id.js';
import { type Paper, paperDate } from '../model/paper.js';
import { isStopWord } from '../text/analyzer.js';
import { nameParts, surname } from './bibtex-names.js';
import { asciiFold } from './latex-text.js';

/**
 * Citation keys in the usual `lastname2026firstword` form: the first author's last name and
 * the title's first significant word, both folded to ASCII (`Müller` → `muller`), and the
 * year. The same paper always gets the same key, so a key pasted into a paper keeps working
 * when the entry is fetched again. A file of several entries keeps them apart with a suffix.
 */
const PART_MAX = 20;
const NO_AUTHOR = 'anon';

/** The year a paper is cited with: its arXiv id's (`2511.…` → 2025), else its publication date's, else the first day the corpus saw it. */
export function citationYear(paper: Paper): number | undefined {
  const arxiv = paper.arxivId === undefined ? undefined : parseArxivId(paper.arxivId);
  if (arxiv) {
    // `2511.01234`, `hep-th/9901001`: the year's last two digits come first. arXiv began in 1991.
    const yy = Number(arxiv.id.replace(/^.*\//, '').slice(0, 2));
    return yy >= 91 ? 1900 + yy : 2000 + yy;
  }
  const day = paperDate(paper);
  return day === undefined ? undefined : Number(day.slice(0, 4));
}

function firstWord(title: string): string {
  for (const word of title.split(/[^\p{L}\p{N}]+/u)) {
    if (word === '' || isStopWord(word)) continue;
    const folded = asciiFold(word);
    if (folded !== '') return folded.slice(0, PART_MAX);
  }
  return '';
}

/** The paper's key on its own: what `cite` gives, and what it keeps in a file unless another paper had it first. */
export function citationKey(paper: Paper): string {
  const first = paper.authors.find((a) => a.trim() !== '');
  const last = first === undefined ? '' : asciiFold(surname(nameParts(first))).slice(0, PART_MAX);
  return `${last || NO_AUTHOR}${citationYear(paper) ?? ''}${firstWord(paper.title)}`;
}

/** a, b, …, z, aa, ab, …: the n-th suffix (from 0). */
function suffix(n: number): string {
  let out = '';
  for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) out = String.fromCharCode(97 + ((i - 1) % 26)) + out;
  return out;
}

/**
 * Keys for papers in one file, in order, all different: the first paper with a key keeps
 * it; later ones get `a`, `b`, … (skipping any key already taken).
 */
export function uniqueCitationKeys(papers: readonly Paper[]): string[] {
  const taken = new Set<string>();
  const bases = papers.map(citationKey);
  const wanted = new Set(bases);
  return bases.map((base) => {
    let key = base;
    for (let n = 0; taken.has(key) || (key !== base && wanted.has(key)); n += 1) key = `${base}${suffix(n)}`;
    taken.add(key);
    return key;
  });
}
