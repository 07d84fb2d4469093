/**
 * Text from feeds and users arrives with hard wraps, control characters and the odd
 * invisible trick (bidi overrides that reorder what a reader sees). Everything that
 * enters the corpus goes through here once, so nothing downstream has to worry.
 */
// C0/C1 controls and bidi embeddings/overrides/isolates become spaces.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// Characters that sit invisibly inside words (PDF soft hyphens, zero-width spaces, direction marks) vanish.
const INSIDE_WORDS = /[\u00ad\u200b\u200e\u200f\u2060\ufeff]/g;

// Printable ASCII with single inner spaces is clean already: most feed text, checked in one pass.
const NOT_PLAIN = /[^\x20-\x7e]| {2}|^ | $/;

/** One line of clean text: NFC, no control or invisible characters, single spaces, trimmed. */
export function cleanText(text: string): string {
  if (!NOT_PLAIN.test(text)) return text;
  return text.normalize('NFC').replace(INSIDE_WORDS, '').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Lowercase, Latin accents removed, compatibility forms unified (ligatures, full-width):
 * the form used to compare words, titles and author names. Only the Latin combining
 * accents go; other scripts' marks (Japanese dakuten, Devanagari vowel signs) carry meaning.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]+/g, '')
    .normalize('NFC')
    .toLowerCase();
}

/** Cuts text to at most `max` characters at a word boundary, marking the cut with "…". */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // Never half an emoji (or any character outside the BMP): a lone surrogate renders as �.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  const base = space > max * 0.6 ? cut.slice(0, space) : cut;
  return `${base.replace(/[\s,;:.-]+$/, '')}…`;
}
