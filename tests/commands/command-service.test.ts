import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/index.js';
import { commandHarness, textOf, type CommandHarness } from '../helpers/command-harness.js';

let h: CommandHarness;
beforeEach(() => {
  h = commandHarness();
});
afterEach(async () => {
  await h.close();
});

const cards = (m: Message) => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));

describe('look-ups', () => {
  it('answers a search privately, five at a time, with a next-page button that works', async () => {
    const first = await h.commands.runText('search "mixture of experts"', h.ctx());
    expect(first.visibility).toBe('private');
    expect(cards(first)).toHaveLength(5);
    expect(textOf(first)).toMatch(/^Results 1–5 of 7 for “"mixture of experts"”/);
    const next = first.blocks.flatMap((b) => (b.type === 'actions' ? b.actions : [])).find((a) => a.kind === 'next-page')!;
    expect(next).toMatchObject({ label: 'Next 2', invocation: { name: 'search', options: { query: '"mixture of experts"', page: 2 } } });
    const second = await h.commands.run(next.invocation, h.ctx());
    expect(textOf(second)).toMatch(/^Results 6–7 of 7/);
    expect(second.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(cards(second).map((c) => c.paperId)).not.toContain(cards(first)[0]!.paperId);
  });

  it('gives every result related, save, share and cite buttons', async () => {
    const reply = await h.commands.runText('NoProp', h.ctx());
    expect(cards(reply)[0]!.actions.map((a) => a.kind)).toEqual(['related', 'save', 'share', 'cite']);
    expect(cards(reply)[0]!.snippet!.marks.length).toBeGreaterThan(0);
  });

  it('treats an unknown subcommand as a search and shows help for empty text', async () => {
    expect(textOf(await h.commands.runText('frobnicate transformers', h.ctx()))).toMatch(/for “frobnicate transformers”/);
    const help = await h.commands.runText('', h.ctx());
    expect(textOf(help)).toMatch(/\/papers subscribe HH:MM/);
    expect(textOf(help)).not.toMatch(/share|upvote/);
  });

  it('shows, relates and explains missing papers', async () => {
    expect(cards(await h.commands.runText('show noprop', h.ctx()))[0]!.summary).toMatch(/^The canonical deep learning approach/);
    const related = await h.commands.runText('related noprop-training-neural-networks-without', h.ctx());
    expect(cards(related)[0]!.why).toMatch(/^shares: /);
    expect(textOf(await h.commands.runText('show quantum gravity on mars', h.ctx()))).toMatch(/No paper (matches|title has all)/);
  });

  it('refuses a 5,000-character query clearly', async () => {
    const reply = await h.commands.runText(`search ${'a'.repeat(1990)}`, h.ctx());
    expect(textOf(reply)).toMatch(/query is 1990 characters; keep it under 500/);
    expect(textOf(await h.commands.runText('x'.repeat(5000), h.ctx()))).toMatch(/at most 2000/);
  });

  it('counts this team’s saves and upvotes in trending, with the reason', async () => {
    const before = cards(await h.commands.runText('trending 5', h.ctx()));
    const fifth = before[4]!.paperId;
    for (const user of ['U1', 'U2', 'U3']) {
      await h.commands.run({ name: 'save', options: { paper: fifth } }, h.ctx({ user: { id: user, name: user } }));
      await h.commands.run({ name: 'upvote', options: { paper: fifth } }, h.ctx({ user: { id: user, name: user } }));
    }
    const after = cards(await h.commands.runText('trending 5', h.ctx()));
    expect(after[0]!.paperId).toBe(fifth);
    expect(after[0]!.why).toMatch(/saved by 3 teammates · 3 reactions/);
    // Another workspace's signals do not count here.
    expect(cards(await h.commands.runText('trending 5', h.ctx({ workspace: 'T2' })))[0]!.paperId).toBe(before[0]!.paperId);
  });
});

describe('subscriptions', () => {
  it('subscribes the channel publicly, with the next digest time in its zone', async () => {
    const reply = await h.commands.runText('subscribe 09:00 Europe/Berlin weekdays 5 topic: model merging', h.ctx());
    expect(reply.visibility).toBe('channel');
    expect(textOf(reply)).toMatch(/^Ada subscribed this channel to 5 papers every weekday at 09:00 Europe\/Berlin on “model merging”\. Next digest: Friday 27 November at 09:00 \(Europe\/Berlin\)\./);
    const stored = await h.storage.getSubscription(h.ctx());
    expect(stored).toMatchObject({ time: '09:00', timezone: 'Europe/Berlin', days: 'weekdays', count: 5, topic: 'model merging', createdBy: 'U1' });
  });

  it('changes rather than duplicates, and accepts forgiving input', async () => {
    await h.commands.runText('subscribe 9:00 berlin', h.ctx());
    const changed = await h.commands.runText('subscribe 17:30 America/New_York daily 3', h.ctx());
    expect(textOf(changed)).toMatch(/changed this channel’s digest to 3 papers every day at 17:30 America\/New_York/);
    expect(await h.storage.listSubscriptions()).toHaveLength(1);
  });

  it.each([
    ['subscribe 25:00 UTC', /“25:00” is not a time; use HH:MM, e\.g\. 09:30\./],
    ['subscribe 09:00 Europe/Berln', /“Europe\/Berln” is not a time zone; .* \(did you mean Europe\/Berlin\?\)/],
    ['subscribe 09:00 UTC 15', /count can be at most 10, not 15/],
    ['subscribe 09:00 UTC topic: the of and', /The topic cannot be searched: .*too common/],
    ['subscribe 09:00 Mars/Olympus_Mons', /is not a time zone/],
  ])('explains %j and changes nothing', async (text, message) => {
    const reply = await h.commands.runText(text, h.ctx());
    expect(reply.visibility).toBe('private');
    expect(textOf(reply)).toMatch(message);
    expect(await h.storage.listSubscriptions()).toEqual([]);
  });

  it('refuses people who may not manage the channel', async () => {
    const reply = await h.commands.runText('subscribe 09:00 UTC', h.ctx({ canManageChannel: false }));
    expect(textOf(reply)).toMatch(/Only people who can manage this channel/);
    expect(await h.storage.listSubscriptions()).toEqual([]);
  });

  it('lists the workspace’s digests with failing ones marked, and unsubscribes', async () => {
    await h.commands.runText('subscribe 09:00 UTC', h.ctx());
    await h.commands.runText('subscribe 10:00 UTC', h.ctx({ channel: 'C2' }));
    await h.storage.setSubscriptionFailing({ platform: 'slack', workspace: 'T1', channel: 'C2' }, 'channel_not_found', Date.now());
    const list = textOf(await h.commands.runText('subscriptions', h.ctx()));
    expect(list).toMatch(/This channel: 5 papers every day at 09:00 UTC · next Friday 27 November at 09:00 \(UTC\)/);
    expect(list).toMatch(/#C2: .* · FAILING: channel_not_found/);
    expect(list).toMatch(/1 failing: fix the channel/);
    const off = await h.commands.runText('unsubscribe', h.ctx());
    expect(off.visibility).toBe('channel');
    expect(textOf(off)).toBe('Ada turned off this channel’s daily digest.');
    expect(textOf(await h.commands.runText('unsubscribe', h.ctx()))).toMatch(/no daily digest to stop/);
  });
});

describe('subscribe: forgiving where it can be, strict where it must be', () => {
  it.each([
    ['subscribe 09:00 Asia/Kolkata', /5 papers every day at 09:00 Asia\/Kolkata/],
    ['subscribe 09:00 kolkata', /at 09:00 Asia\/Kolkata/],
    ['subscribe 09:00 Europe/Kyiv', /at 09:00 Europe\/Kyiv/],
    ['subscribe 09:00 New York', /at 09:00 America\/New_York/],
    ['subscribe at 09:00 in berlin', /at 09:00 Europe\/Berlin/],
    ['subscribe 09:00 Etc/GMT+5', /at 09:00 Etc\/GMT\+5/],
  ])('accepts %j', async (text, expected) => {
    expect(textOf(await h.commands.runText(text, h.ctx()))).toMatch(expected);
  });

  it.each([
    ['subscribe 09:00 PST', /“PST” is an abbreviation, and abbreviations ignore daylight saving; use a zone name such as America\/Los_Angeles/],
    ['subscribe 09:00 Europe/Berlin UTC 3', /Two time zones \(Europe\/Berlin and UTC\)/],
    ['subscribe 09:00 3 7', /Two paper counts \(3 and 7\)/],
    ['subscribe 09:00 Nowhereville', /I do not understand "Nowhereville"/],
  ])('refuses %j', async (text, message) => {
    expect(textOf(await h.commands.runText(text, h.ctx()))).toMatch(message);
    expect(await h.storage.listSubscriptions()).toEqual([]);
  });

  it('changes only what is given, and removes a topic on request', async () => {
    await h.commands.runText('subscribe 09:00 Europe/Berlin weekdays 3 topic: model merging', h.ctx());
    await h.commands.runText('subscribe 10:30', h.ctx());
    expect(await h.storage.getSubscription(h.ctx())).toMatchObject({ time: '10:30', timezone: 'Europe/Berlin', days: 'weekdays', count: 3, topic: 'model merging' });
    await h.commands.runText('subscribe 10:30 topic: none', h.ctx());
    expect((await h.storage.getSubscription(h.ctx()))?.topic).toBeUndefined();
  });

  it('names the right next digest: tomorrow when today’s time has passed or today’s digest went out', async () => {
    const late = h.ctx({ now: new Date('2026-11-27T19:27:00Z') });
    expect(textOf(await h.commands.runText('subscribe 15:00 UTC', late))).toMatch(/Next digest: Saturday 28 November at 15:00 \(UTC\)/);
    const claim = (await h.storage.claimSlot('slack:T1:C1', '2026-11-28', 'test', Date.parse('2026-11-28T15:00:00Z'), Date.parse('2026-11-28T15:10:00Z')))!;
    await h.storage.completeSlot(claim, 'm1', [], Date.parse('2026-11-28T15:00:01Z'));
    const after = h.ctx({ now: new Date('2026-11-28T16:00:00Z') });
    expect(textOf(await h.commands.runText('subscribe 18:00', after))).toMatch(/Next digest: Sunday 29 November at 18:00 \(UTC\)/);
  });

  it('keeps other channels’ topics out of /papers subscriptions', async () => {
    await h.commands.runText('subscribe 09:00 UTC topic: secret project', h.ctx({ channel: 'PRIVATE' }));
    await h.commands.runText('subscribe 09:00 UTC topic: model merging', h.ctx());
    const list = textOf(await h.commands.runText('subscriptions', h.ctx()));
    expect(list).toMatch(/This channel: 5 papers every day at 09:00 UTC on “model merging”/);
    expect(list).toMatch(/#PRIVATE: 5 papers every day at 09:00 UTC · next/);
    expect(list).not.toMatch(/secret/);
  });

  it('tells a non-manager so before anything else', async () => {
    expect(textOf(await h.commands.runText('subscribe 25:00', h.ctx({ canManageChannel: false })))).toMatch(/^Only people who can manage this channel/);
  });
});

describe('counts and pages out of range', () => {
  it.each([
    ['trending 1000', /count can be at most 10, not 1000/],
    ['trending 1.5', /count should be a whole number, not “1\.5”/],
    ['search lora page:1000', /page can be at most 100, not 1000/],
  ])('refuses %j', async (text, message) => {
    expect(textOf(await h.commands.runText(text, h.ctx()))).toMatch(message);
  });
});

describe('saving and sharing', () => {
  it('saves once, lists your saves newest first, and keeps them per person', async () => {
    expect(textOf(await h.commands.runText('saved', h.ctx()))).toMatch(/no saved papers yet/);
    expect(textOf(await h.commands.runText('save noprop-training-neural-networks-without', h.ctx()))).toMatch(/^Saved “NoProp/);
    expect(textOf(await h.commands.runText('save noprop-training-neural-networks-without', h.ctx()))).toMatch(/already in your saved papers/);
    await h.commands.runText('save mono-forward-backpropagation-free', h.ctx({ now: new Date('2026-11-27T09:00:00Z') }));
    expect(cards(await h.commands.runText('saved', h.ctx())).map((c) => c.paperId)).toEqual(['mono-forward-backpropagation-free', 'noprop-training-neural-networks-without']);
    expect(textOf(await h.commands.runText('saved', h.ctx({ user: { id: 'U2', name: 'Bo' } })))).toMatch(/no saved papers yet/);
  });

  it('shares a card publicly, attributed to the asker', async () => {
    const shared = await h.commands.run({ name: 'share', options: { paper: 'noprop-training-neural-networks-without' } }, h.ctx());
    expect(shared.visibility).toBe('channel');
    expect(textOf(shared)).toMatch(/^Ada shared:\nNoProp/);
  });
});

describe('bad input and failures', () => {
  it('rejects malformed structured options with a usage line', async () => {
    expect(textOf(await h.commands.run({ name: 'show', options: {} }, h.ctx()))).toMatch(/paper is missing\. Usage: \/papers show <paper>/);
    expect(textOf(await h.commands.run({ name: 'trending', options: { count: 99 } }, h.ctx()))).toMatch(/count can be at most 10/);
    expect(textOf(await h.commands.run({ name: 'nonsense', options: {} }, h.ctx()))).toMatch(/There is no command “nonsense”/);
  });

  it('turns a failure inside a command into an apology with a reference that is in the log', async () => {
    await h.storage.close();
    const reply = await h.commands.runText('saved', h.ctx());
    const reference = /reference ([0-9a-f]{8})/.exec(textOf(reply))?.[1];
    expect(reference).toBeDefined();
    expect(h.logged).toContainEqual(expect.objectContaining({ level: 'error', message: 'command failed', fields: expect.objectContaining({ reference, command: 'saved' }) }));
  });
});
