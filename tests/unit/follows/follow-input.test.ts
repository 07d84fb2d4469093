import { describe, expect, it } from 'vitest';
import { authorFollow, MAX_TOPIC_WORDS, paperFollow, topicFollow } from '../../../src/follows/follow-input.js';
import type { FollowInput } from '../../../src/follows/follow.js';
import type { Result } from '../../../src/result.js';
import { shippedCollection } from '../../helpers/shipped-corpus.js';

function value(result: Result<FollowInput>): FollowInput {
  if (!result.ok) throw new Error(`expected a follow, got: ${result.error.message}`);
  return result.value;
}

function refusal(result: Result<FollowInput>): string {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe('bad_argument');
  return result.error.message;
}

/** Nothing a chat would render as a mention, markup or a link comes back out of a label. */
const UNSAFE = /[<>@*_`~|\\[\]]|!channel|everyone|here>/i;

describe('authorFollow', () => {
  it('labels a name as written (given names first) and keys it so spelling variants are one follow', () => {
    expect(value(authorFollow('Yann LeCun'))).toEqual({ kind: 'author', label: 'Yann LeCun', key: 'lecun, yann' });
    expect(value(authorFollow('LeCun, Yann'))).toEqual({ kind: 'author', label: 'Yann LeCun', key: 'lecun, yann' });
    expect(value(authorFollow('YANN LE CUN')).key).toBe('lecun, yann');
    expect(value(authorFollow('José García')).key).toBe(value(authorFollow('Jose Garcia')).key);
    expect(value(authorFollow('Y. LeCun'))).toEqual({ kind: 'author', label: 'Y. LeCun', key: 'lecun, y' });
  });

  it('refuses a surname alone, saying how to give the first name', () => {
    expect(refusal(authorFollow('LeCun'))).toMatch(/first name or initial.*follow author: Yann LeCun/);
  });

  it('refuses several names at once', () => {
    expect(refusal(authorFollow('Yann LeCun and Geoffrey Hinton'))).toMatch(/one author at a time/);
    expect(refusal(authorFollow('Yann LeCun; Geoffrey Hinton'))).toMatch(/one author at a time/);
  });

  it.each([
    ['empty', '', /Whose papers/],
    ['blank', '  \t ', /Whose papers/],
    ['10,000 characters', 'Yann LeCun '.repeat(910), /longer than any author's name/],
    ['a channel ping', '<!channel>', /first name or initial/],
    ['everyone', '@everyone', /first name or initial/],
    ['a script', '<script>alert(1)</script>', /first name or initial/],
    ['emoji', '🤖🤖', /first name or initial/],
  ])('refuses %s with what to type instead, never echoing it', (_why, text, message) => {
    const said = refusal(authorFollow(text));
    expect(said).toMatch(message);
    expect(said).not.toMatch(/channel|everyone|script|🤖/);
  });

  it('keeps only the name in the label: no mention, markup, emoji or bidi trick survives', () => {
    for (const text of ['<!channel> Yann LeCun', '@everyone Yann LeCun', '*Yann* _LeCun_ 🎉', 'Yann \u202eLeCun', '`Yann LeCun`']) {
      const follow = value(authorFollow(text));
      expect(follow.label, text).not.toMatch(UNSAFE);
      expect(follow.label).toMatch(/LeCun/);
    }
  });

  it('follows names in other scripts and with TeX accents', () => {
    expect(value(authorFollow('Алексей Иванов')).label).toBe('Алексей Иванов');
    expect(value(authorFollow('محمد علي')).label).toBe('محمد علي');
    expect(value(authorFollow('Hannah M\\"uller')).label).toBe('Hannah Müller');
  });
});

describe('topicFollow', () => {
  it('keys a topic by its analysed words, sorted, so word order, plurals and case do not make a second follow', () => {
    const follow = value(topicFollow('Diffusion Transformers'));
    expect(follow).toEqual({ kind: 'topic', label: 'Diffusion Transformers', key: 'diffus transform' });
    expect(value(topicFollow('transformer diffusion')).key).toBe(follow.key);
    expect(value(topicFollow('the diffusion of transformers')).key).toBe(follow.key);
  });

  it('refuses a topic of stop words only', () => {
    expect(refusal(topicFollow('the of and'))).toMatch(/only common words/);
  });

  it('refuses the search language it does not support, saying so instead of reading it as words', () => {
    expect(refusal(topicFollow('"mixture of experts"'))).toMatch(/Quotes .* do not work/);
    expect(refusal(topicFollow('diffusion -survey'))).toMatch(/Leaving words out/);
    expect(refusal(topicFollow('author:hinton'))).toMatch(/follow author:/);
    expect(refusal(topicFollow('diffusion since:2024'))).toMatch(/^since: does not work in a followed topic/);
    // A hyphen inside a word is a word.
    expect(value(topicFollow('training-free guidance')).key).toBe('free guidanc train');
  });

  it(`refuses more than ${MAX_TOPIC_WORDS} words and overlong text`, () => {
    expect(refusal(topicFollow('one two three four five six seven eight nine ten eleven'))).toMatch(/keep it to 8 or fewer/);
    expect(refusal(topicFollow('diffusion '.repeat(1000)))).toMatch(/a few words/);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['a channel ping', '<!channel>'],
    ['emoji only', '🎉🎉'],
  ])('%s: refused with an example, or a clean label', (_why, text) => {
    const result = topicFollow(text);
    if (result.ok) expect(result.value.label).not.toMatch(UNSAFE);
    else expect(result.error.message).toMatch(/follow topic: diffusion transformers/);
  });

  it('keeps only words in the label', () => {
    const follow = value(topicFollow('<!channel> diffusion *models* @everyone `x`'));
    expect(follow.label).toBe('channel diffusion models everyone x');
    expect(follow.label).not.toMatch(/[<>@*`!]/);
    expect(value(topicFollow('扩散 模型')).key).toBe('扩散 模型');
  });
});

describe('paperFollow', () => {
  it('keys a paper by its id and labels it with its title', () => {
    const paper = [...shippedCollection().all()][0]!;
    expect(paperFollow(paper)).toEqual({ kind: 'paper', label: paper.title, key: paper.id });
  });
});
