import { describe, expect, it } from 'vitest';
import { cleanUrl, extractLinks } from '../../../src/corpus/abstract-links.js';

describe('links in abstracts', () => {
  it.each([
    ['Code: https://github.com/sidak/otfusion.', ['https://github.com/sidak/otfusion']],
    ['at https://github.com/jhkim89/PyramidNet}', ['https://github.com/jhkim89/PyramidNet']],
    ['at~https://github.com/Med-Process/Strip_MLP{https://github.com/Med-Process/Strip\\_MLP.', ['https://github.com/Med-Process/Strip_MLP']],
    ['(see https://github.com/a/b).', ['https://github.com/a/b']],
    ['https://github.com/quanshr/DMoERM-v1.', ['https://github.com/quanshr/DMoERM-v1']],
    ['Models: https://huggingface.co/org/model, data elsewhere.', ['https://huggingface.co/org/model']],
    ['https://GitHub.com/A/B and https://github.com/A/B/ again', ['https://github.com/A/B']],
    ['Code: github.com/lnsmith54/super-convergence.', ['https://github.com/lnsmith54/super-convergence']],
  ])('finds code in %j', (text, code) => {
    expect(extractLinks(text).codeUrls).toEqual(code);
  });

  it('keeps balanced parentheses inside a link', () => {
    expect(extractLinks('see https://en.wikipedia.org/wiki/Mamba_(snake).').links).toEqual(['https://en.wikipedia.org/wiki/Mamba_(snake)']);
  });

  it('separates project pages from code', () => {
    expect(extractLinks('Project https://medmnist.com/. Code https://github.com/x/y')).toEqual({
      codeUrls: ['https://github.com/x/y'],
      links: ['https://medmnist.com/'],
    });
  });

  it('ignores things that only look like links', () => {
    expect(extractLinks('http:// and https://localhost and javascript:alert(1) and ftp://x.org/y')).toEqual({ codeUrls: [], links: [] });
  });

  it("does not count a code host's front page as code", () => {
    expect(extractLinks('<https://github.com>')).toEqual({ codeUrls: [], links: ['https://github.com/'] });
    expect(extractLinks('https://huggingface.co/papers/2401.01234 and https://huggingface.co/blog/x').codeUrls).toEqual([]);
  });
});

describe('links that try something', () => {
  it('refuses links hiding control, bidi or invisible characters', () => {
    expect(cleanUrl('https://github.com/a/b\u001b[2J')).toBeUndefined();
    expect(cleanUrl('https://github.com/evil\u202egnp.exe')).toBeUndefined();
    expect(cleanUrl('https://user:pass@github.com/a/b')).toBeUndefined();
  });

  it('refuses absurdly long links and cleans long runs of debris', () => {
    expect(extractLinks(`https://github.com/a/b${')'.repeat(50_000)}`).codeUrls).toEqual([]);
    expect(extractLinks(`https://github.com/a/b${'.'.repeat(1_500)}`).codeUrls).toEqual(['https://github.com/a/b']);
    expect(cleanUrl(`https://github.com/a/b${')'.repeat(1_500)}`)).toBe('https://github.com/a/b');
  });
});
