import { describe, expect, it } from 'vitest';
import { cleanText, truncateAtWord } from '../../../src/text/clean-text.js';

/** Everything entering the corpus is cleaned once; plain ASCII takes a shortcut that must change nothing. */
describe('cleanText', () => {
  it.each([
    ['plain text stays as it is', 'Attention is all you need.', 'Attention is all you need.'],
    ['doubled, leading and trailing spaces go', '  two  spaces ', 'two spaces'],
    ['hard wraps and tabs become one space', 'line one\nline\ttwo\r\n', 'line one line two'],
    ['control characters become spaces', 'a\u0007b\u0000c', 'a b c'],
    ['bidi overrides cannot reorder what readers see', 'evil\u202Etxt.exe', 'evil txt.exe'],
    ['soft hyphens and zero-width spaces vanish inside words', 'back\u00ADpro\u200Bpagation', 'backpropagation'],
    ['decomposed accents are composed (NFC)', 'Cafe\u0301 Zoe\u0308', 'Caf\u00e9 Zo\u00eb'],
    ['empty and blank text become empty', '   ', ''],
    ['unicode outside Latin is kept', '深度学习 — ✓', '深度学习 — ✓'],
  ])('%s', (_why, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });
});

describe('truncateAtWord', () => {
  it('never cuts a character outside the BMP in half', () => {
    const cut = truncateAtWord('🚀🚀🚀🚀🚀🚀', 4);
    expect(cut).toBe('🚀…');
    expect(() => encodeURIComponent(cut)).not.toThrow(); // a lone surrogate throws
  });
});
