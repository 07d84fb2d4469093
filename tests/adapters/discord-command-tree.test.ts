import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandTreesEqual, discordCommandTree, invocationFromOptions, SUBCOMMANDS_NEEDING_MANAGE_CHANNELS } from '../../adapters/discord/command-tree.js';
import { COMMANDS, commandNamed, type Message } from '../../src/index.js';
import { commandHarness, textOf, type CommandHarness } from '../helpers/command-harness.js';

// Discord's rules for command data (platform-notes §2.5), written out again so the test does not trust the module.
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const TYPE = { subcommand: 1, string: 3, integer: 4, boolean: 5, number: 10 } as const;

type Any = Record<string, any>;
const tree = discordCommandTree(COMMANDS) as Any;
const subcommands = (): Any[] => tree.options as Any[];
const sub = (name: string): Any => subcommands().find((s) => s.name === name)!;
const opt = (command: string, name: string): Any => (sub(command).options as Any[]).find((o) => o.name === name)!;

function assertName(name: unknown): void {
  expect(typeof name).toBe('string');
  expect(name).toMatch(NAME);
  expect(name).toBe((name as string).toLowerCase());
}

function assertDescription(text: unknown): void {
  expect(typeof text).toBe('string');
  expect((text as string).length).toBeGreaterThanOrEqual(1);
  expect((text as string).length).toBeLessThanOrEqual(100);
}

/** Names, descriptions and choice names and values: Discord's 8,000-character budget per command. */
function budget(node: Any): number {
  let sum = String(node.name ?? '').length + String(node.description ?? '').length;
  for (const c of (node.choices ?? []) as Any[]) sum += String(c.name).length + String(c.value).length;
  for (const o of (node.options ?? []) as Any[]) sum += budget(o);
  return sum;
}

describe('discordCommandTree', () => {
  it('is one guild-only chat-input command, open to every member', () => {
    expect(tree.name).toBe('papers');
    expect(tree.type).toBe(1);
    assertDescription(tree.description);
    expect(tree.contexts).toEqual([0]);
    expect(tree.integration_types).toEqual([0]);
    // A permission here would lock search away from everyone who cannot manage channels.
    expect(tree.default_member_permissions).toBeUndefined();
  });

  it('keeps every name, description, option and choice within Discord’s rules', () => {
    expect(subcommands().length).toBeLessThanOrEqual(25);
    expect(budget(tree)).toBeLessThanOrEqual(8000);
    for (const s of subcommands()) {
      expect(s.type).toBe(TYPE.subcommand);
      assertName(s.name);
      assertDescription(s.description);
      const options = (s.options ?? []) as Any[];
      expect(options.length).toBeLessThanOrEqual(25);
      expect(new Set(options.map((o) => o.name)).size).toBe(options.length);
      const required = options.map((o) => o.required === true);
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a))); // required ones first
      for (const o of options) {
        assertName(o.name);
        assertDescription(o.description);
        expect([TYPE.string, TYPE.integer, TYPE.boolean, TYPE.number]).toContain(o.type);
        expect(o.autocomplete && o.choices).toBeFalsy(); // Discord refuses both on one option
        if (o.choices) {
          expect(o.choices.length).toBeGreaterThan(0);
          expect(o.choices.length).toBeLessThanOrEqual(25);
          for (const c of o.choices) {
            assertDescription(c.name); // choice names follow the same 1-100 rule
            expect(typeof c.value).toBe(o.type === TYPE.string ? 'string' : 'number');
          }
        }
        if (o.min_length !== undefined) expect(o.min_length).toBeGreaterThanOrEqual(0);
        if (o.max_length !== undefined) {
          expect(o.max_length).toBeGreaterThanOrEqual(1);
          expect(o.max_length).toBeLessThanOrEqual(6000);
        }
        if (o.min_value !== undefined && o.max_value !== undefined) expect(o.min_value).toBeLessThanOrEqual(o.max_value);
      }
    }
  });

  it('registers each visible command with its options, and no hidden one', () => {
    const visible = COMMANDS.filter((c) => !c.hidden);
    expect(subcommands().map((s) => s.name)).toEqual(visible.map((c) => c.name));
    for (const c of COMMANDS.filter((c) => c.hidden)) expect(sub(c.name)).toBeUndefined();
    for (const c of visible) expect(((sub(c.name).options ?? []) as Any[]).map((o) => o.name).sort()).toEqual(Object.keys(c.options.shape).sort());
    expect(sub('subscriptions').options).toBeUndefined();
  });

  it('reads types, limits, choices and descriptions from the schemas', () => {
    expect(opt('trending', 'count')).toMatchObject({ type: TYPE.integer, min_value: 1, max_value: 10, description: 'How many, 1-10 (default 5)' });
    expect(opt('trending', 'count').required).toBeUndefined();
    // One list for both kinds: a day of the week (or `weekly`) sets the channel's weekly digest.
    const days = ['daily', 'weekdays', 'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'weekly'];
    expect(opt('subscribe', 'days')).toMatchObject({ type: TYPE.string, choices: days.map((d) => ({ name: d, value: d })) });
    expect(opt('unsubscribe', 'digest')).toMatchObject({
      type: TYPE.string,
      description: 'Which digest to stop (default daily)',
      choices: [
        { name: 'daily', value: 'daily' },
        { name: 'weekly', value: 'weekly' },
      ],
    });
    expect(opt('unsubscribe', 'digest').required).toBeUndefined();
    expect(opt('search', 'query')).toMatchObject({ type: TYPE.string, required: true, min_length: 1, max_length: 500 });
    expect(opt('search', 'page')).toMatchObject({ type: TYPE.integer, min_value: 1, max_value: 100, description: 'Result page, from 1' });
    expect(sub('subscribe').options.map((o: Any) => o.name)[0]).toBe('time'); // the one required option leads
    for (const [command, name] of [
      ['show', 'paper'],
      ['related', 'paper'],
      ['save', 'paper'],
      ['subscribe', 'timezone'],
    ] as const) {
      expect(opt(command, name).autocomplete).toBe(true);
      expect(opt(command, name).choices).toBeUndefined();
    }
    expect(opt('search', 'query').autocomplete).toBeUndefined();
  });

  it('marks the channel-changing subcommands for a run-time permission check', () => {
    expect([...SUBCOMMANDS_NEEDING_MANAGE_CHANNELS].sort()).toEqual(
      COMMANDS.filter((c) => c.changesChannel)
        .map((c) => c.name)
        .sort(),
    );
    expect(SUBCOMMANDS_NEEDING_MANAGE_CHANNELS.has('subscribe')).toBe(true);
    expect(SUBCOMMANDS_NEEDING_MANAGE_CHANNELS.has('search')).toBe(false);
  });
});

describe('commandTreesEqual', () => {
  /** What Discord sends back: ids, versions, defaults, and no `required: false`. */
  function echoed(body: Any): Any {
    return {
      id: '1300000000000000001',
      application_id: '1200000000000000000',
      version: '1300000000000000002',
      default_member_permissions: null,
      dm_permission: true,
      nsfw: false,
      name_localizations: null,
      description_localizations: null,
      ...structuredClone(body),
    };
  }
  const wanted = discordCommandTree(COMMANDS);

  it('is true for the tree as Discord echoes it, alone or as the application’s list', () => {
    expect(commandTreesEqual(echoed(wanted), wanted)).toBe(true);
    expect(commandTreesEqual([echoed(wanted)], wanted)).toBe(true);
    const withFalse = echoed(wanted);
    for (const s of withFalse.options) for (const o of s.options ?? []) o.required ??= false;
    expect(commandTreesEqual(withFalse, wanted)).toBe(true);
  });

  it('is false when a description, an option, a limit or the contexts changed, or something else is registered', () => {
    const changed = (edit: (c: Any) => void): boolean => {
      const c = echoed(wanted);
      edit(c);
      return commandTreesEqual(c, wanted);
    };
    expect(changed((c) => (c.description = 'old words'))).toBe(false);
    expect(changed((c) => (c.options[0].description = 'old words'))).toBe(false);
    expect(changed((c) => c.options[0].options.pop())).toBe(false);
    expect(changed((c) => (c.options.find((s: Any) => s.name === 'trending').options.find((o: Any) => o.name === 'count').max_value = 20))).toBe(false);
    expect(changed((c) => delete c.options.find((s: Any) => s.name === 'subscribe').options.find((o: Any) => o.name === 'days').choices)).toBe(false);
    expect(changed((c) => (c.contexts = [0, 1, 2]))).toBe(false);
    expect(changed((c) => (c.default_member_permissions = '16'))).toBe(false);
    expect(changed((c) => c.options.push({ type: 1, name: 'old', description: 'gone' }))).toBe(false);
    expect(commandTreesEqual([echoed(wanted), { ...echoed(wanted), name: 'other' }], wanted)).toBe(false);
    expect(commandTreesEqual(undefined, wanted)).toBe(false);
    expect(commandTreesEqual('papers', wanted)).toBe(false);
  });
});

describe('invocationFromOptions', () => {
  let h: CommandHarness;
  beforeAll(() => {
    h = commandHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  const run = (subcommand: string, options: Array<{ name: string; type: number; value: string | number | boolean }>): Promise<Message> =>
    h.commands.run(invocationFromOptions(subcommand, options), h.ctx({ platform: 'discord', workspace: 'G1', channel: 'C1' }));

  it('turns a chat-input interaction into a command the core runs', async () => {
    const search = await run('search', [
      { name: 'query', type: TYPE.string, value: 'mixture of experts' },
      { name: 'page', type: TYPE.integer, value: 2 },
    ]);
    expect(search.blocks.some((b) => b.type === 'paper')).toBe(true);
    expect(textOf(search)).toMatch(/^Results 6–/);
    const subscribe = await run('subscribe', [
      { name: 'time', type: TYPE.string, value: '09:00' },
      { name: 'timezone', type: TYPE.string, value: 'Europe/Berlin' },
      { name: 'days', type: TYPE.string, value: 'weekdays' },
      { name: 'count', type: TYPE.integer, value: 3 },
    ]);
    expect(textOf(subscribe)).toMatch(/subscribed this channel to 3 papers/);
    const weekly = await run('subscribe', [
      { name: 'time', type: TYPE.string, value: '10:00' },
      { name: 'days', type: TYPE.string, value: 'friday' },
    ]);
    expect(textOf(weekly)).toMatch(/subscribed this channel to 5 papers weekly on Friday at 10:00 Europe\/Berlin/);
    const stopped = await run('unsubscribe', [{ name: 'digest', type: TYPE.string, value: 'weekly' }]);
    expect(textOf(stopped)).toMatch(/turned off this channel’s weekly digest/);
    expect((await h.storage.listSubscriptions()).map((s) => s.days)).toEqual(['weekdays']);
    expect(invocationFromOptions('saved', [])).toEqual({ name: 'saved', options: {} });
  });

  it('passes every value Discord would accept for an option through the core’s validation (property)', () => {
    // Discord's own bounds when an option sets none: 6,000 characters, ±2^53. The edges are always tried.
    const valueFor = (o: Any): fc.Arbitrary<string | number> => {
      if (o.choices) return fc.constantFrom(...(o.choices as Any[]).map((c) => c.value as string));
      if (o.type === TYPE.integer) {
        const [min, max] = [o.min_value ?? -(2 ** 53), o.max_value ?? 2 ** 53];
        return fc.oneof(fc.constantFrom(min, max), fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) }));
      }
      const [min, max] = [Math.max(1, o.min_length ?? 0), o.max_length ?? 6000];
      // The core trims, so values are made of visible characters (Discord trims them too).
      const chars = fc.constantFrom('a', 'Z', '9', 'é', '日', '-', ':');
      return fc.oneof(fc.constantFrom('x'.repeat(min), 'x'.repeat(max)), fc.string({ unit: chars, minLength: min, maxLength: Math.min(max, 200) }));
    };
    for (const s of subcommands()) {
      const options = (s.options ?? []) as Any[];
      const definition = commandNamed(s.name)!;
      const payload = fc.tuple(...options.map((o) => (o.required ? valueFor(o) : fc.option(valueFor(o), { nil: undefined }))));
      fc.assert(
        fc.property(payload, (values) => {
          const sent = options.flatMap((o, i) => (values[i] === undefined ? [] : [{ name: o.name as string, type: o.type as number, value: values[i]! }]));
          const parsed = definition.options.safeParse(invocationFromOptions(s.name, sent).options);
          expect(parsed.success).toBe(true);
        }),
        { numRuns: 100 },
      );
    }
  });
});
