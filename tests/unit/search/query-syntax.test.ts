import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuery, parseQuery, type ParsedQuery } from '../../../src/index.js';
import { errorOf, okValue } from '../../helpers/results.js';

const base: ParsedQuery = { words: [], phrases: [], excluded: [], authors: [], titles: [], hasCode: false };

describe('parseQuery', () => {
  it.each<[string, Partial<ParsedQuery>]>([
    ['diffusion transformers', { words: ['diffusion', 'transformers'] }],
    ['"mixture of experts" routing', { words: ['routing'], phrases: [['mixture', 'of', 'experts']] }],
    ['lora -survey -"image classification"', { words: ['lora'], excluded: [['survey'], ['image', 'classification']] }],
    ['author:hinton author:"yann lecun" nets', { words: ['nets'], authors: [['hinton'], ['yann', 'lecun']] }],
    ['since:2024 merging', { words: ['merging'], since: '2024-01-01' }],
    ['since:2024-06 merging', { words: ['merging'], since: '2024-06-01' }],
    ['SINCE:2024-06-15 Has:Code', { since: '2024-06-15', hasCode: true }],
    ['back-propagation free', { words: ['back-propagation', 'free'] }],
    ['arXiv:2401.01234', { words: ['arXiv', '2401', '01234'] }],
    ['"unclosed phrase here', { phrases: [['unclosed', 'phrase', 'here']] }],
    ['<!channel> @everyone <@U123> ping', { words: ['channel', 'everyone', 'U123', 'ping'] }],
    ['モデル 合并 Überblick', { words: ['モデル', '合并', 'Überblick'] }],
    ['re\u0301sume\u0301 author:ju\u0308rgen', { words: ['résumé'], authors: [['jürgen']] }],
    ['हिन्दी भाषा', { words: ['हिन्दी', 'भाषा'] }],
    ['Trans\u00adformers every\u200bthing', { words: ['Transformers', 'everything'] }],
    ['\u201cmodel merging\u201d \u2013survey', { phrases: [['model', 'merging']], excluded: [['survey']] }],
    ['title:merging title:"model soups"', { titles: [['merging'], ['model', 'soups']] }],
    ['note:"model merging"', { words: ['note'], phrases: [['model', 'merging']] }],
    ['Gumbel\u2013Softmax gating', { words: ['Gumbel', 'Softmax', 'gating'] }],
  ])('reads %j', (input, expected) => {
    expect(okValue(parseQuery(input))).toEqual({ ...base, ...expected });
  });

  it.each([
    ['', 'empty_query', /Nothing to search for/],
    ['   \t ', 'empty_query', /Nothing to search for/],
    ['-survey', 'empty_query', /only what to leave out/],
    ['!!! ???', 'empty_query', /no words/],
    ['since:2024-13-01 lora', 'bad_query', /since:2024-13-01.*not a date.*YYYY-MM-DD/],
    ['since:yesterday', 'bad_query', /not a date/],
    ['since:2023-02-29', 'bad_query', /not a date/],
    ['has:pdf', 'bad_query', /use has:code/],
    ['author: lora', 'bad_query', /names no author/],
    ['-author:hinton lora', 'bad_query', /cannot be negated/],
    ['title:', 'bad_query', /names no words/],
    ['x'.repeat(5000), 'query_too_long', /5000 characters; keep it under 500/],
    [Array.from({ length: 60 }, (_, i) => `w${i}`).join(' '), 'query_too_long', /more than 40 words/],
  ])('refuses %j with a message that says what to do', (input, code, message) => {
    const error = errorOf(parseQuery(input));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/\n/);
  });
});

describe('parseQuery properties', () => {
  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600, unit: 'grapheme' }), (input) => {
        const result = parseQuery(input);
        if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts anything it formats, and reads back the same query', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/).filter((w) => !/^(author|since|has)$/.test(w));
    const words = fc.array(word, { minLength: 1, maxLength: 3 });
    const query = fc.record({
      words: fc.array(word, { minLength: 1, maxLength: 5 }),
      phrases: fc.array(words, { maxLength: 2 }),
      excluded: fc.array(words, { maxLength: 2 }),
      authors: fc.array(words, { maxLength: 2 }),
      titles: fc.array(words, { maxLength: 2 }),
      hasCode: fc.boolean(),
      since: fc.option(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(query, ({ since, ...rest }) => {
        const parsed: ParsedQuery = { ...rest, ...(since ? { since } : {}) };
        expect(okValue(parseQuery(formatQuery(parsed)))).toEqual(parsed);
      }),
    );
  });
});
