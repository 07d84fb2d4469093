import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { titleKey, titleSlug } from '../../../src/ids/slug.js';
import { PaperCollection } from '../../../src/index.js';

const SLUG_SHAPE = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:-[\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*$/u;

describe('titleSlug', () => {
  it('makes short readable ids from titles', () => {
    expect(titleSlug('NoProp: Training Neural Networks without Back-propagation or Forward-propagation')).toBe('noprop-training-neural-networks-without');
    expect(titleSlug('Über Résumé-Parsing, naïvely')).toBe('uber-resume-parsing-naively');
    expect(titleSlug('大規模言語モデル')).toBe('大規模言語モデル');
    expect(titleSlug('हिन्दी भाषा मॉडल')).toBe('हिन्दी-भाषा-मॉडल');
    expect(titleSlug(`a${'\u{20000}'.repeat(30)}`)).toBe(`a${'\u{20000}'.repeat(19)}`);
  });

  it('never ends on a little word', () => {
    expect(titleSlug('High-Performance Neural Networks for Visual Object Classification')).toBe('high-performance-neural-networks');
  });

  it('gives titles with no letters or digits a hashed slug', () => {
    expect(titleSlug('?!')).toMatch(/^paper-[0-9a-f]{6}$/);
    expect(titleSlug('?!')).toBe(titleSlug('?!'));
  });

  it('is deterministic, short and URL-safe for any title', () => {
    fc.assert(
      // `binary` units cover all of Unicode: astral characters, combining marks, lone surrogates.
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (title) => {
        const slug = titleSlug(title);
        expect(slug).toBe(titleSlug(title));
        expect(slug.length).toBeLessThanOrEqual(40);
        expect(slug).toMatch(SLUG_SHAPE);
      }),
    );
  });

  it('ignores case, accents and punctuation when comparing titles', () => {
    expect(titleKey('Attention Is All You Need!')).toBe(titleKey('attention is  all you need'));
    expect(titleKey('Résumé')).toBe(titleKey('resume'));
  });
});

describe('paper ids in a collection', () => {
  const titles = fc.uniqueArray(
    fc.string({ minLength: 1, maxLength: 80, unit: 'binary' }).filter((t) => /[\p{L}\p{N}]/u.test(t)),
    {
      maxLength: 40,
      selector: (t) => titleKey(t),
    },
  );

  it('are unique, and the same on every reload of the same data', () => {
    fc.assert(
      fc.property(titles, (list) => {
        const load = (): string[] => {
          const collection = new PaperCollection();
          return list.map((title) => collection.add({ title }).paper.id);
        };
        const first = load();
        expect(new Set(first).size).toBe(list.length);
        expect(load()).toEqual(first);
      }),
    );
  });

  it('keep a paper its id when it is loaded again, in any order', () => {
    fc.assert(
      fc.property(titles, (list) => {
        const collection = new PaperCollection();
        const ids = list.map((title) => collection.add({ title }).paper.id);
        [...list].reverse().forEach((title, i) => {
          expect(collection.add({ title }).paper.id).toBe(ids[list.length - 1 - i]);
        });
        expect(collection.size).toBe(list.length);
      }),
    );
  });
});
