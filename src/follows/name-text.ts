import { cleanText, foldText } from '../text/clean-text.js';

/**
 * The character work behind author names: arXiv's TeX accents (`M\"uller`, `Andr\'e`)
 * become real letters, anything that cannot be part of a name (mentions, markup, emoji,
 * digits) goes, and a name word folds to the plain letters names are compared by.
 */

/** Names are short; a longer text is pasted prose, not a name (feeds cap author names at 300). */
export const MAX_NAME_TEXT = 300;

/** TeX accent commands and the combining mark each puts on the next letter. */
const TEX_ACCENTS: Readonly<Record<string, string>> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  k: '\u0328',
  r: '\u030a',
  d: '\u0323',
  b: '\u0331',
};
// `\'e`, `\'{e}`, `{\"u}`; a lettered command needs braces or a space: `\c{c}`, `\v s`.
const TEX_ACCENT = /\\(?:(['`^"~=.])\s*|([uvHckrdb])(?=[\s{]))\s*(?:\{\s*(\\i|[A-Za-z])\s*\}|(\\i|[A-Za-z]))/g;
const TEX_LETTERS: Readonly<Record<string, string>> = { o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', ss: 'ß', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', i: 'ı' };
const TEX_LETTER = /\\(ss|ae|AE|oe|OE|aa|AA|[oOlLi])(?![a-zA-Z])(?:\{\})?/g;

/** `M\"uller` → `Müller`, `{\o}` → `ø`; braces go. */
export function untex(text: string): string {
  if (!text.includes('\\')) return text;
  return text
    .replace(TEX_ACCENT, (_, symbol?: string, lettered?: string, braced?: string, bare?: string) => {
      const letter = braced ?? bare ?? '';
      return `${letter === '\\i' ? 'i' : letter}${TEX_ACCENTS[symbol ?? lettered ?? ''] ?? ''}`;
    })
    .replace(TEX_LETTER, (_, name: string) => TEX_LETTERS[name] ?? '')
    .replace(/[{}\\]/g, '')
    .normalize('NFC');
}

/** Nicknames in quotes, affiliations in brackets: not part of the name. */
const ASIDES = /"[^"]*"|\([^)]*\)|\[[^\]]*\]|\{[^}]*\}/g;
/** Emoji, symbols and joiners vanish without splitting a word. */
const SYMBOLS = /\p{Extended_Pictographic}|\p{S}|\u200d|[\ufe00-\ufe0f]|[*†‡§¶]/gu;
/** What a name word may hold: letters with their marks, and inner apostrophes, dots and hyphens. */
const NAME_WORD = /^[\p{L}\p{M}'\u2019.\-\u2010\u2011]+$/u;

/**
 * The text as words that can be part of a name, commas kept as their own items: a word
 * holding anything else (an `@mention`, `<!channel>`, a URL, digits) is not a name's.
 */
export function nameWords(text: string): string[] {
  const clean = cleanText(untex(text))
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(ASIDES, ' ')
    .replace(SYMBOLS, '');
  const words: string[] = [];
  for (const raw of clean.replace(/[,;]/g, ' , ').split(/\s+/)) {
    // Quotes and brackets around a word are not part of it; a lone "&" or "and" joins names, it is none.
    const word = raw.replace(/^['"\u2019([{_~]+|['"\u2019)\]}:_~]+$/g, '');
    if (word === ',') words.push(word);
    else if (word !== '' && NAME_WORD.test(word) && /\p{L}/u.test(word)) words.push(word);
  }
  return words;
}

/** Letters NFKD leaves alone, as names are written without them. */
const LETTERS: Readonly<Record<string, string>> = { ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', æ: 'ae', œ: 'oe', ı: 'i', ħ: 'h', ŧ: 't', ŀ: 'l', ſ: 's', ĸ: 'k' };
const UNFOLDED = /[ßøłđðþæœıħŧŀſĸ]/g;

/** A name part as compared: lowercase, no accents, no apostrophes or dots ("O'Brien" → "obrien"). */
export function foldName(part: string): string {
  // Most names in feeds are plain ASCII: no normalisation needed.
  if (/^[A-Za-z'.]*$/.test(part)) return part.toLowerCase().replace(/['.]/g, '');
  return foldText(part)
    .replace(UNFOLDED, (c) => LETTERS[c] ?? c)
    .replace(/['\u2019.]/g, '');
}

/**
 * Every spelling a name part is written in: "Müller" is also "Mueller" (German writes
 * ü as ue without the letter), so both fold forms count.
 */
export function spellingsOf(part: string): string[] {
  const plain = foldName(part);
  if (!/[äöüÄÖÜ]/.test(part)) return [plain];
  const expanded = foldName(part.replace(/[äöüÄÖÜ]/g, (c) => `${c.normalize('NFD')[0]}e`));
  return expanded === plain ? [plain] : [plain, expanded];
}
