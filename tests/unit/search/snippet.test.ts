import { describe, expect, it } from 'vitest';
import { makeSnippet } from '../../../src/search/snippet.js';
import { termOf } from '../../../src/text/analyzer.js';

const marked = (s: { text: string; marks: ReadonlyArray<readonly [number, number]> }): string[] => s.marks.map(([a, b]) => s.text.slice(a, b));

describe('makeSnippet', () => {
  const text = `${'Filler sentence about nothing in particular. '.repeat(8)}Here we study model merging of fine-tuned weights. ${'More filler text follows here. '.repeat(8)}`;

  it('shows the part of the abstract where the matches are, marked, within the length', () => {
    const snippet = makeSnippet(text, new Set(['merg', 'weight']), 120);
    expect(snippet.text.length).toBeLessThanOrEqual(122);
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(marked(snippet)).toEqual(['merging', 'weights']);
  });

  it('starts at the sentence when the match is near its start', () => {
    expect(makeSnippet(text, new Set(['merg']), 120).text).toMatch(/^…Here we study model merging/);
  });

  it('marks compounds by their parts', () => {
    expect(marked(makeSnippet('Trained with back-propagation only.', new Set(['propag'])))).toEqual(['back-propagation']);
  });

  it('returns a short abstract whole, and the start when nothing matched', () => {
    expect(makeSnippet('Short abstract.', new Set(['x']))).toEqual({ text: 'Short abstract.', marks: [] });
    expect(makeSnippet(text, new Set(), 60).text).toMatch(/^Filler sentence about nothing/);
    expect(makeSnippet('', new Set(['x']))).toEqual({ text: '', marks: [] });
  });

  it('keeps marks on the right characters after emoji, and never cuts a character in half', () => {
    const text = `${'🚀 rocket '.repeat(40)}the merging step ${'🚀'.repeat(300)}`;
    const snippet = makeSnippet(text, new Set([termOf('merging')!]), 120);
    expect(marked(snippet)).toEqual(['merging']);
    expect(snippet.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(makeSnippet(`a${'🚀'.repeat(300)}`, new Set(['a']), 121).text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('handles unicode without splitting characters', () => {
    const snippet = makeSnippet('Über Modelle 🚀 und Zusammenführung von Gewichten.', new Set([termOf('Zusammenführung')!]));
    expect(marked(snippet)).toEqual(['Zusammenführung']);
  });
});
