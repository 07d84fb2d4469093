/**
 * Untrusted text (titles, author names) as the inside of a BibTeX field that LaTeX will
 * typeset. The ten characters LaTeX treats specially (and < > |, which its default fonts
 * print as other characters) become commands that print them;
 * braces in particular become `\textbraceleft{}`/`\textbraceright{}`, never `\{`, because
 * BibTeX counts every brace, escaped or not, and one stray `{` would swallow the rest of
 * the file. So whatever a title holds, the only braces in the result come in pairs.
 * Non-ASCII letters stay as they are (UTF-8, for biber and modern LaTeX).
 */
const SPECIAL: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  // Not special to LaTeX, but printed as ¡ ¿ — in its default (OT1) fonts.
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
};

// Control characters and bidi overrides print nothing useful and can hide what a line says.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line: any run of whitespace or control characters becomes a single space. */
export function latexLine(text: string): string {
  return text.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
}

/** `text` on one line with every LaTeX special character escaped. */
export function escapeLatex(text: string): string {
  return latexLine(text).replace(/[\\{}#$%&_~^<>|]/g, (c) => SPECIAL[c] ?? c);
}

/**
 * A URL for a verbatim field (`url`): no LaTeX escaping (`\url` prints it as it is), but the
 * characters that could unbalance or end the field, and whitespace, percent-encoded.
 */
export function verbatimUrl(url: string): string {
  return url.replace(/[{}\\\s\u0000-\u001f\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

const LETTERS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };

/** Lowercase ASCII letters and digits only: accents dropped, a few letters spelled out (ß → ss), everything else gone. */
export function asciiFold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ßæœøłđðþıħ]/g, (c) => LETTERS[c] ?? c)
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '');
}
