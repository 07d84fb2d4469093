import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, clipMarkdown, escapeMarkdown, markedMarkdown, safeUrl, unescapeMarkdown } from '../../adapters/discord/discord-text.js';
import { makeSnippet } from '../../src/search/snippet.js';
import { termOf } from '../../src/text/analyzer.js';
import { HOSTILE, LONE_SURROGATE, leaks } from '../helpers/discord-markdown.js';

/** Escaping, clipping and links for Discord markdown: nothing a paper or a person writes may format or break a message. */
describe('escapeMarkdown', () => {
  it('makes injected markdown show as typed, and nothing in it formats', () => {
    const lines = [HOSTILE, '# heading', '## h2', '-# small', '> quote', '>>> block', '- item', '* item', '+ item', '1. first', '  12) twelfth', 'a\\b\\', 'snake_case a*b'];
    for (const text of [...lines, lines.join('\n')]) {
      const md = escapeMarkdown(text);
      expect(leaks(md), md).toEqual([]);
      expect(unescapeMarkdown(md)).toBe(text);
    }
  });

  it('leaves URLs whole, so they stay clickable, and keeps a masked link from hiding its target', () => {
    expect(escapeMarkdown('code at https://github.com/a_b/c_d*e, see')).toBe('code at https://github.com/a_b/c_d*e, see');
    const masked = escapeMarkdown('[click](https://evil.example/x_y)');
    expect(masked).toBe('\\[click](https://evil.example/x_y)');
  });

  it('shows mention syntax as typed instead of as a pill (pings are stopped by allowed_mentions anyway)', () => {
    expect(escapeMarkdown('<@&456> and @everyone')).toBe('\\<@&456> and @everyone');
  });
});

describe('clip', () => {
  it('cuts at a word boundary with an ellipsis', () => {
    expect(clip('alpha beta gamma delta', 14)).toBe('alpha beta…');
    expect(clip('short', 10)).toBe('short');
    expect(clip('supercalifragilistic', 8)).toBe('superca…'); // no space to cut at
  });

  it('never splits an emoji, a ZWJ sequence or a letter from its accent', () => {
    expect(clip('😀😀😀😀😀', 5)).toBe('😀😀…');
    expect(clip('👩‍👩‍👧‍👦 family', 10)).toBe('…');
    expect(clip('cafe\u0301 au lait', 5)).toBe('caf…');
  });

  it('never leaves a dangling escape backslash, whatever the cut (property)', () => {
    const raw = fc.string({ unit: fc.constantFrom('\\', '*', '_', 'a', ' ', '😀', '日', '\u200b', '<', '`'), maxLength: 60 });
    fc.assert(
      fc.property(raw, fc.integer({ min: 1, max: 80 }), (text, max) => {
        const out = clipMarkdown(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(LONE_SURROGATE);
        expect(leaks(out)).toEqual([]);
        const body = out.endsWith('…') && !text.endsWith('…') ? out.slice(0, -1) : out;
        expect(/(^|[^\\])(\\\\)*\\$/.test(body)).toBe(false); // an odd run of backslashes would escape the "…"
        expect(text.startsWith(unescapeMarkdown(body))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('safeUrl', () => {
  it('accepts http(s) links up to 2,048 characters and nothing else', () => {
    expect(safeUrl('https://arxiv.org/abs/1706.03762')).toBe('https://arxiv.org/abs/1706.03762');
    expect(safeUrl('http://example.com/a?b=1&c=(2)')).toBe('http://example.com/a?b=1&c=(2)');
    const long = `https://x.org/${'a'.repeat(2048 - 'https://x.org/'.length)}`;
    expect(safeUrl(long)).toBe(long);
    expect(safeUrl(`${long}a`)).toBeUndefined();
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      'ftp://x.org',
      'https://',
      'https:// x.org',
      'https://x.org/<script>',
      'https://x.org/\u200bx',
      'https://x.org/a b',
      '//x.org',
      undefined,
      '',
    ]) {
      expect(safeUrl(bad)).toBeUndefined();
    }
  });
});

describe('markedMarkdown', () => {
  const at = (text: string, word: string): [number, number] => [text.indexOf(word), text.indexOf(word) + word.length];

  it('bolds the matched words in the right places after emoji and accents', () => {
    const text = '🚀🔥 Diffusion transformers scale; 😀naïve ünïcödé models & *more*';
    const out = markedMarkdown({ text, marks: [at(text, 'transformers'), at(text, 'ünïcödé'), at(text, 'naïve')] }, 500);
    expect(out).toBe('🚀🔥 Diffusion **transformers** scale; 😀**naïve** **ünïcödé** models & \\*more\\*');
  });

  it('merges touching marks, drops marks inside URLs, and survives marks out of range', () => {
    const text = 'self supervised at https://x.org/self end';
    const out = markedMarkdown({ text, marks: [[0, 2], [2, 4], [4, 5], [5, 12], [8, 15], at(text, 'x.org'), [-3, 0], [400, 500], [3, 2]] }, 500);
    expect(out).toBe('**self** **supervised** at https://x.org/self end');
  });

  it('renders real snippets from makeSnippet', () => {
    const abstract = `${'Background sentence about models. '.repeat(10)}We scale 🚀 transformers for diffusion, and transformers win.`;
    const snippet = makeSnippet(abstract, new Set([termOf('transformers')!, termOf('diffusion')!]));
    expect(markedMarkdown(snippet, 500)).toContain('**transformers** for **diffusion**, and **transformers** win.');
  });
});
