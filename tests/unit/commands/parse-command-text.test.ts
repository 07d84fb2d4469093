import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../../src/index.js';
import { errorOf, okValue } from '../../helpers/results.js';

describe('parseCommandText', () => {
  it.each([
    ['', { name: 'help', options: {} }],
    ['/papers', { name: 'help', options: {} }],
    ['help subscribe', { name: 'help', options: { command: 'subscribe' } }],
    ['search diffusion transformers', { name: 'search', options: { query: 'diffusion transformers' } }],
    ['/papers search diffusion page:2', { name: 'search', options: { query: 'diffusion', page: 2 } }],
    ['diffusion transformers', { name: 'search', options: { query: 'diffusion transformers' } }],
    ['SEARCH lora', { name: 'search', options: { query: 'lora' } }],
    ['show noprop', { name: 'show', options: { paper: 'noprop' } }],
    ['related 2401.01234 page:3', { name: 'related', options: { paper: '2401.01234', page: 3 } }],
    ['trending', { name: 'trending', options: {} }],
    ['trending 10', { name: 'trending', options: { count: 10 } }],
    ['trending topic: model merging', { name: 'trending', options: { topic: 'model merging' } }],
    ['trending 3 model merging', { name: 'trending', options: { count: 3, topic: 'model merging' } }],
    ['subscribe 09:00 Europe/Berlin weekdays 5 topic: model merging', { name: 'subscribe', options: { time: '09:00', timezone: 'Europe/Berlin', days: 'weekdays', count: 5, topic: 'model merging' } }],
    ['subscribe weekdays 9:30', { name: 'subscribe', options: { time: '9:30', days: 'weekdays' } }],
    ['subscribe 17.00 UTC daily 3', { name: 'subscribe', options: { time: '17:00', timezone: 'UTC', days: 'daily', count: 3 } }],
    ['subscribe 25:00', { name: 'subscribe', options: { time: '25:00' } }],
    ['unsubscribe now please', { name: 'unsubscribe', options: {} }],
    ['share noprop', { name: 'search', options: { query: 'share noprop' } }],
    ['discuss noprop', { name: 'discuss', options: { paper: 'noprop' } }],
    ['subscribe 09:00 UTC threads: on', { name: 'subscribe', options: { time: '09:00', timezone: 'UTC', threads: 'on' } }],
    ['subscribe threads:ON 9:30 weekdays', { name: 'subscribe', options: { time: '9:30', days: 'weekdays', threads: 'on' } }],
    ['subscribe 09:00 threads: off 3 topic: model merging', { name: 'subscribe', options: { time: '09:00', count: 3, threads: 'off', topic: 'model merging' } }],
    // The topic is last and takes the rest, words like "threads:" included.
    ['subscribe 09:00 topic: threads: on', { name: 'subscribe', options: { time: '09:00', topic: 'threads: on' } }],
    ['<!channel> @everyone', { name: 'search', options: { query: '<!channel> @everyone' } }],
    ['モデル 統合', { name: 'search', options: { query: 'モデル 統合' } }],
  ])('reads %j', (text, expected) => {
    expect(okValue(parseCommandText(text))).toEqual(expected);
  });

  it.each([
    ['subscribe', /Give a time for the digest, e\.g\. \/papers subscribe 09:00/],
    ['subscribe Europe/Berlin', /Give a time/],
    ['subscribe 09:00 10:00', /Two times/],
    ['subscribe 09:00 fortnightly', /I do not understand "fortnightly"/],
    [`search ${'x'.repeat(3000)}`, /at most 2000/],
    ['subscribe 09:00 threads: maybe', /threads: takes on or off, not “maybe”/],
    ['subscribe 09:00 threads:', /threads: takes on or off, not nothing/],
    ['subscribe 09:00 threads: オン', /threads: takes on or off, not “オン”/],
    ['subscribe 09:00 threads: <!channel>', /not “<!channel>”/],
    [`subscribe 09:00 threads: ${'x'.repeat(500)}`, /not “x{20}”:/],
    ['subscribe 09:00 threads: on threads: off', /threads: is given twice/],
  ])('explains %j', (text, message) => {
    expect(errorOf(parseCommandText(text)).message).toMatch(message);
  });

  it('never throws and always gives a command or a message', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), (text) => {
        const result = parseCommandText(text);
        if (result.ok) expect(typeof result.value.name).toBe('string');
        else expect(result.error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});
