import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandHarness, textOf, type CommandHarness } from '../helpers/command-harness.js';

let h: CommandHarness;
beforeEach(() => {
  h = commandHarness();
});
afterEach(async () => {
  await h.close();
});

const WEEKLY = { platform: 'slack', workspace: 'T1', channel: 'C1', kind: 'weekly' } as const;
// The harness's clock reads Friday 27 November 2026, 08:00 UTC.

describe('subscribe weekly', () => {
  it('subscribes the channel to a weekly digest, announced with its next time', async () => {
    const reply = await h.commands.runText('/papers subscribe weekly monday 09:00 Europe/Berlin', h.ctx());
    expect(reply.visibility).toBe('channel');
    expect(textOf(reply)).toMatch(/^Ada subscribed this channel to 5 papers weekly on Monday at 09:00 Europe\/Berlin\. Next digest: Monday 30 November at 09:00 \(Europe\/Berlin\)\./);
    expect(textOf(reply)).toMatch(/\/papers unsubscribe weekly stops it/);
    expect(await h.storage.getSubscription(WEEKLY)).toMatchObject({ id: 'slack:T1:C1:weekly', kind: 'weekly', days: 'monday', time: '09:00', count: 5 });
    expect(await h.storage.getSubscription(h.ctx())).toBeUndefined(); // no daily digest came with it
  });

  it('keeps the daily and the weekly digest side by side; subscribing weekly again changes only the weekly one', async () => {
    await h.commands.runText('subscribe 08:30 Europe/Berlin weekdays 3 topic: model merging', h.ctx());
    await h.commands.runText('subscribe weekly monday 09:00', h.ctx());
    const changed = textOf(await h.commands.runText('subscribe weekly friday 17:00 7', h.ctx()));
    expect(changed).toMatch(/^Ada changed this channel’s weekly digest to 7 papers weekly on Friday at 17:00 Europe\/Berlin\. Next digest: Friday 27 November at 17:00/);
    // `weekly` alone keeps the day it has.
    await h.commands.runText('subscribe weekly 18:00', h.ctx());
    expect(await h.storage.getSubscription(WEEKLY)).toMatchObject({ days: 'friday', time: '18:00', count: 7, timezone: 'Europe/Berlin' });
    expect(await h.storage.getSubscription(h.ctx())).toMatchObject({ days: 'weekdays', time: '08:30', count: 3, topic: 'model merging' });
    // And a plain subscribe changes the daily one, not the weekly one.
    expect(textOf(await h.commands.runText('subscribe 07:00', h.ctx()))).toMatch(/changed this channel’s digest to 3 papers every weekday at 07:00/);
    expect((await h.storage.getSubscription(WEEKLY))?.time).toBe('18:00');
    expect(await h.storage.listSubscriptions()).toHaveLength(2);
  });

  it('starts a channel’s second digest in the zone of its first, unless told otherwise', async () => {
    await h.commands.runText('subscribe 09:00 Asia/Tokyo', h.ctx());
    expect(textOf(await h.commands.runText('subscribe weekly sunday 10:00', h.ctx()))).toMatch(/weekly on Sunday at 10:00 Asia\/Tokyo/);
    expect(textOf(await h.commands.runText('subscribe weekly sunday 10:00 UTC', h.ctx()))).toMatch(/weekly on Sunday at 10:00 UTC/);
  });

  it('names next week when this ISO week’s digest already went out, even if the day moves later in the week', async () => {
    await h.commands.runText('subscribe weekly monday 09:00 UTC', h.ctx());
    const claim = (await h.storage.claimSlot('slack:T1:C1:weekly', '2026-W49', 'test', Date.parse('2026-11-30T09:00:00Z'), Date.parse('2026-11-30T09:10:00Z')))!;
    await h.storage.completeSlot(claim, 'm1', [], Date.parse('2026-11-30T09:00:01Z'));
    const tuesday = h.ctx({ now: new Date('2026-12-01T12:00:00Z') });
    expect(textOf(await h.commands.runText('subscribe weekly thursday 09:00', tuesday))).toMatch(/Next digest: Thursday 10 December at 09:00 \(UTC\)/);
    const list = textOf(await h.commands.runText('subscriptions', tuesday));
    expect(list).toMatch(/This channel: 5 papers weekly on Thursday at 09:00 UTC · next Thursday 10 December at 09:00 \(UTC\)/);
  });

  it.each([
    ['subscribe weekly monday tuesday 09:00', /Two day settings \(monday and tuesday\)/],
    ['subscribe weekly daily 09:00', /weekly \(on one day\) or daily, not both/],
    ['subscribe weekly montag 09:00', /I do not understand "montag"/],
    ['subscribe weekly <!channel> 09:00', /I do not understand "<!channel>"/],
    ['subscribe weekly @everyone 09:00', /I do not understand "@everyone"/],
    ['subscribe weekly monday', /Give a time for the digest, e\.g\. \/papers subscribe weekly monday 09:00 Europe\/Berlin/],
    [`subscribe weekly monday 09:00 ${'x'.repeat(3000)}`, /at most 2000/],
    ['subscribe weekly friday 09:00 UTC 11', /count can be at most 10, not 11/],
  ])('explains %j and changes nothing', async (text, message) => {
    const reply = await h.commands.runText(text, h.ctx());
    expect(reply.visibility).toBe('private');
    expect(textOf(reply)).toMatch(message);
    expect(await h.storage.listSubscriptions()).toEqual([]);
  });

  it('refuses people who may not manage the channel', async () => {
    await h.commands.runText('subscribe weekly monday 09:00', h.ctx());
    for (const text of ['subscribe weekly friday 10:00', 'unsubscribe weekly']) {
      expect(textOf(await h.commands.runText(text, h.ctx({ canManageChannel: false })))).toMatch(/Only people who can manage this channel/);
    }
    expect(await h.storage.getSubscription(WEEKLY)).toMatchObject({ days: 'monday', time: '09:00' });
  });
});

describe('unsubscribe and subscriptions with both kinds', () => {
  it('stops the weekly digest with `unsubscribe weekly`; `unsubscribe` alone stops the daily one or says how to stop the weekly one', async () => {
    await h.commands.runText('subscribe weekly monday 09:00 UTC', h.ctx());
    expect(textOf(await h.commands.runText('unsubscribe', h.ctx()))).toBe('This channel has no daily digest to stop; its weekly digest stops with /papers unsubscribe weekly.');
    expect(await h.storage.getSubscription(WEEKLY)).toBeDefined();

    await h.commands.runText('subscribe 09:00 UTC', h.ctx());
    const daily = await h.commands.runText('unsubscribe', h.ctx());
    expect(daily.visibility).toBe('channel');
    expect(textOf(daily)).toBe('Ada turned off this channel’s daily digest.');
    expect(await h.storage.getSubscription(WEEKLY)).toBeDefined();

    const weekly = await h.commands.runText('unsubscribe weekly', h.ctx());
    expect(weekly.visibility).toBe('channel');
    expect(textOf(weekly)).toBe('Ada turned off this channel’s weekly digest.');
    expect(textOf(await h.commands.runText('unsubscribe weekly', h.ctx()))).toMatch(/^This channel has no weekly digest to stop\. \/papers subscriptions lists/);
    expect(await h.storage.listSubscriptions()).toEqual([]);
  });

  it('says how to stop the daily digest when asked to stop a weekly one the channel does not have', async () => {
    await h.commands.runText('subscribe 09:00 UTC', h.ctx());
    expect(textOf(await h.commands.runText('unsubscribe weekly', h.ctx()))).toBe('This channel has no weekly digest to stop; its daily digest stops with /papers unsubscribe.');
    expect(textOf(await h.commands.runText('unsubscribe next week', h.ctx()))).toMatch(/I do not understand "next week"/);
    expect(await h.storage.listSubscriptions()).toHaveLength(1);
  });

  it('lists both kinds with day, time and zone, other channels’ topics kept out', async () => {
    await h.commands.runText('subscribe 09:00 Europe/Berlin weekdays 3', h.ctx());
    await h.commands.runText('subscribe weekly monday 10:00 Europe/Berlin topic: model merging', h.ctx());
    await h.commands.runText('subscribe weekly sunday 18:00 America/New_York topic: secret project', h.ctx({ channel: 'C2' }));
    const reply = await h.commands.runText('subscriptions', h.ctx());
    expect(reply.visibility).toBe('private');
    const list = textOf(reply);
    expect(list).toMatch(/^Digests in this workspace \(3\)/);
    expect(list).toMatch(/This channel: 3 papers every weekday at 09:00 Europe\/Berlin · next Friday 27 November at 09:00 \(Europe\/Berlin\)/);
    expect(list).toMatch(/This channel: 5 papers weekly on Monday at 10:00 Europe\/Berlin on “model merging” · next Monday 30 November at 10:00 \(Europe\/Berlin\)/);
    expect(list).toMatch(/#C2: 5 papers weekly on Sunday at 18:00 America\/New_York · next Sunday 29 November at 18:00 \(America\/New_York\)/);
    expect(list).not.toMatch(/secret project/);
  });

  it('tells an empty workspace how to start either kind', async () => {
    expect(textOf(await h.commands.runText('subscriptions', h.ctx()))).toMatch(/or a weekly one with \/papers subscribe weekly monday 09:00 Europe\/Berlin/);
  });
});
