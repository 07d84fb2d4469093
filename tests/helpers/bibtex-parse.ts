import { parse, type Creator, type Entry } from '@retorquere/bibtex-parser';

/**
 * What a reference manager reads back from our BibTeX: the real parser (the one behind
 * Better BibTeX for Zotero), with case handling off so that titles come back exactly as
 * their text, not sentence-cased.
 */
export function parseBibtex(text: string): { entries: Entry[]; errors: unknown[] } {
  const library = parse(text, { english: false, sentenceCase: false, caseProtection: false });
  return { entries: library.entries, errors: library.errors };
}

/** The one entry in `text`; throws if the parser found errors or a different number of entries. */
export function parseOneEntry(text: string): Entry {
  const { entries, errors } = parseBibtex(text);
  if (errors.length > 0) throw new Error(`BibTeX errors: ${JSON.stringify(errors)}\n${text}`);
  if (entries.length !== 1) throw new Error(`expected one entry, got ${entries.length}\n${text}`);
  return entries[0]!;
}

/** A parsed author as the name was written: "First von Last", or the single name. */
export function fullName(creator: Creator): string {
  return creator.name ?? [creator.firstName, creator.prefix, creator.lastName].filter(Boolean).join(' ');
}

/** A title as LaTeX typesets it: arXiv titles are TeX, so `--` is an en dash and ``…'' are curly quotes. */
export function typeset(title: string): string {
  return title.replace(/---/g, '—').replace(/--/g, '–').replace(/``/g, '“').replace(/''/g, '”');
}
