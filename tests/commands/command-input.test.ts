import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommandText } from '../../src/index.js';
import { commandHarness, textOf, type CommandHarness } from '../helpers/command-harness.js';

/** Typed input at the edges: numbers too big to be numbers, a topic: with nothing after it. */
let h: CommandHarness;
beforeEach(() => {
  h = commandHarness();
});
afterEach(async () => {
  await h.close();
});

describe('counts too big for a number', () => {
  it.each([
    ['subscribe 09:00 UTC 99999999999999999999', 'count can be at most 10.'],
    ['trending 99999999999999999999', 'count can be at most 10.'],
    ['search lora page:99999999999999999999', 'page can be at most 100.'],
  ])('%j names the option’s own bound', async (text, message) => {
    const reply = textOf(await h.commands.runText(text, h.ctx()));
    expect(reply).toBe(message);
    expect(reply).not.toMatch(/9007199254740991/);
    expect(await h.storage.listSubscriptions()).toEqual([]);
  });

  it('still names the value when it is one', async () => {
    expect(textOf(await h.commands.runText('subscribe 09:00 UTC 9007199254740991', h.ctx()))).toBe('count can be at most 10, not 9007199254740991.');
    expect(textOf(await h.commands.run({ name: 'trending', options: { count: 1e300 } }, h.ctx()))).toBe('count can be at most 10.');
    expect(textOf(await h.commands.run({ name: 'trending', options: { count: -1e300 } }, h.ctx()))).toBe('count must be at least 1.');
  });
});

describe('topic: with nothing after it', () => {
  it.each(['subscribe 09:00 UTC topic:', 'subscribe 09:00 UTC topic:   ', 'subscribe topic: ', 'subscribe 09:00 TOPIC:\t'])('refuses %j and subscribes nothing', async (text) => {
    const reply = textOf(await h.commands.runText(text, h.ctx()));
    expect(reply).toMatch(/^topic: needs words after it, e\.g\. topic: model merging\. The form is: subscribe HH:MM/);
    expect(await h.storage.listSubscriptions()).toEqual([]);
  });

  it('refuses it in trending too', async () => {
    expect(textOf(await h.commands.runText('trending 3 topic:', h.ctx()))).toBe('topic: needs words after it, e.g. topic: model merging. Usage: /papers trending [count] [topic: words]');
  });

  it('keeps a topic with words, unicode included', () => {
    expect(parseCommandText('subscribe 09:00 UTC topic: 拡散モデル')).toEqual({ ok: true, value: { name: 'subscribe', options: { time: '09:00', timezone: 'UTC', topic: '拡散モデル' } } });
    expect(parseCommandText('trending topic: model merging')).toEqual({ ok: true, value: { name: 'trending', options: { topic: 'model merging' } } });
  });
});
