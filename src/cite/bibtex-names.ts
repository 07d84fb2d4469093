import { escapeLatex, latexLine } from './latex-text.js';

/**
 * Author names as BibTeX reads them. Names come as people write them ("Yann LeCun",
 * "LeCun, Yann", "Plato", "Ludwig van Beethoven"), so each is written in the unambiguous
 * "von Last, First" form: the last word is the last name, with any lowercase particles
 * before it (van, de la, …), and a name given with a comma keeps its own split. A single
 * word is braced so that it stays one name. Any part holding a standalone "and" is braced
 * too, since BibTeX splits an author list at every "and" outside braces.
 */
export interface NameParts {
  /** The last name with its particles ("van Beethoven"), or the whole name when it is one word. */
  readonly last: string;
  /** Given names; '' for a single-word name. */
  readonly first: string;
}

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'du', 'la', 'le', 'dos', 'das', 'do', 'ten', 'ter', 'zu', 'bin', 'al', 'el']);

export function nameParts(raw: string): NameParts {
  const name = latexLine(raw);
  const comma = name.indexOf(',');
  if (comma >= 0) {
    const last = name.slice(0, comma).trim();
    const first = name.slice(comma + 1).trim();
    // "LeCun," or ", Yann": whatever is there is the name.
    if (last === '' || first === '') return { last: last || first, first: '' };
    return { last, first };
  }
  const words = name.split(' ').filter(Boolean);
  if (words.length <= 1) return { last: name, first: '' };
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!)) start -= 1;
  return { last: words.slice(start).join(' '), first: words.slice(0, start).join(' ') };
}

/** The last name without its particles, for citation keys: "van Beethoven" → "Beethoven". */
export function surname(parts: NameParts): string {
  const words = parts.last.split(' ');
  while (words.length > 1 && PARTICLES.has(words[0]!)) words.shift();
  return words.join(' ');
}

const AND = /(^|\s)and(\s|$)/i;

/** Escaped, and braced when BibTeX would otherwise split or re-read it. */
function part(text: string, brace: boolean): string {
  const escaped = escapeLatex(text).replace(/,/g, '{,}');
  return brace || AND.test(text) ? `{${escaped}}` : escaped;
}

/** One name in "von Last, First" form; a single-word name braced. */
export function bibtexName(raw: string): string {
  const { last, first } = nameParts(raw);
  if (first === '') return part(last, true);
  return `${part(last, false)}, ${part(first, false)}`;
}

/** The `author` field's value: names joined by " and ", empty names left out. */
export function bibtexAuthors(names: readonly string[]): string {
  return names
    .filter((n) => latexLine(n) !== '')
    .map(bibtexName)
    .join(' and ');
}
