import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personalChannel, type PersonRef, type Storage } from '../../src/index.js';
import { commandHarness, textOf, type CommandHarness } from '../helpers/command-harness.js';
import { expectHarmless, titled } from '../helpers/harmless-message.js';

/** quiet, subscribe me, unsubscribe me, forget me, /papers subscriptions and "told next time", over real SQLite. */
let h: CommandHarness;
beforeEach(() => {
  h = commandHarness();
});
afterEach(async () => {
  await h.close();
});

const ada: PersonRef = { platform: 'slack', workspace: 'T1', user: 'U1' };
const bo = { user: { id: 'U2', name: 'Bo' } };
const run = async (text: string, overrides = {}) => textOf(await h.commands.runText(text, h.ctx(overrides)));
const NOPROP = 'noprop-training-neural-networks-without';

describe('quiet', () => {
  it('sets, shows, changes and removes quiet hours, privately', async () => {
    expect(await run('quiet')).toBe('You have no quiet hours: alerts come at any time. /papers quiet 22:00-08:00 Europe/Berlin sets some.');
    const set = await h.commands.runText('quiet 22:00-08:00 Europe/Berlin', h.ctx({ canManageChannel: false }));
    expect(set.visibility).toBe('private');
    expect(textOf(set)).toBe('Quiet hours set: 22:00–08:00 Europe/Berlin. Alerts found in those hours wait, and come in one message at 08:00. /papers quiet off removes them.');
    expect((await h.storage.preferences(ada)).quiet).toEqual({ start: '22:00', end: '08:00', timezone: 'Europe/Berlin' });
    expect(await run('quiet')).toMatch(/^Your quiet hours: 22:00–08:00 Europe\/Berlin; alerts wait until they end\./);
    // The zone stays when only the hours change; forgiving forms of a range.
    expect(await run('quiet 23-7')).toMatch(/^Quiet hours changed to 23:00–07:00 Europe\/Berlin\./);
    expect(await run('quiet 21.30 to 6.45 new york')).toMatch(/^Quiet hours changed to 21:30–06:45 America\/New_York\./);
    expect(await run('quiet off')).toMatch(/^Quiet hours are off: alerts come at any time/);
    expect((await h.storage.preferences(ada)).quiet).toBeUndefined();
    expect(await run('quiet off')).toMatch(/^You have no quiet hours/);
  });

  it('assumes UTC only when nothing says otherwise, and says so', async () => {
    expect(await run('quiet 22:00-08:00')).toMatch(/That is 08:00 UTC; if you are elsewhere, add your time zone: \/papers quiet 22:00-08:00 Europe\/Berlin\./);
    await run('quiet off');
    await run('subscribe me 08:30 Asia/Tokyo');
    expect(await run('quiet 22:00-08:00')).toMatch(/^Quiet hours set: 22:00–08:00 Asia\/Tokyo\. Alerts found in those hours wait, and come in one message at 08:00\. \/papers quiet off/);
  });

  it('takes Discord’s options: hours and time zone, or off', async () => {
    await h.commands.run({ name: 'quiet', options: { hours: '22:00-08:00', timezone: 'Europe/Berlin' } }, h.ctx());
    expect((await h.storage.preferences(ada)).quiet?.timezone).toBe('Europe/Berlin');
    expect(textOf(await h.commands.run({ name: 'quiet', options: { hours: '23:00-07:00', off: 'yes' } }, h.ctx()))).toMatch(/^Give quiet hours or off, not both/);
    expect(textOf(await h.commands.run({ name: 'quiet', options: { timezone: 'Europe/Paris' } }, h.ctx()))).toMatch(/^Give the hours too: \/papers quiet 22:00-08:00 Europe\/Berlin\.$/);
    expect(textOf(await h.commands.run({ name: 'quiet', options: { off: 'yes' } }, h.ctx()))).toMatch(/^Quiet hours are off/);
    expect(textOf(await h.commands.run({ name: 'quiet', options: { off: 'no' } }, h.ctx()))).toMatch(/^off must be one of yes/);
  });

  it.each(
    titled([
      ['quiet 25:00-08:00', /^“25:00” is not a time of day; use 00:00 to 23:59/],
      ['quiet 22:00-08:60', /^“08:60” is not a time of day/],
      ['quiet 22:00-22:00 UTC', /^Quiet from 22:00 to 22:00 would hold alerts all day and night; .*\/papers unfollow all\.$/],
      ['quiet tonight', /^“tonight” is not a range of hours; give from-to in 24-hour time, e\.g\. \/papers quiet 22:00-08:00 Europe\/Berlin, or \/papers quiet off\.$/],
      ['quiet 22:00', /^“22:00” is not a range of hours/],
      ['quiet 22:00-08:00 Mars/Olympus', /^“Mars\/Olympus” is not a time zone/],
      ['quiet 22:00-08:00 PST', /^“PST” is an abbreviation/],
      ['quiet 22:00-08:00 Europe/Berln', /did you mean Europe\/Berlin\?/],
      ['quiet <!channel> @everyone', /^“<!channel>” is not a range of hours/],
      ['quiet <script>alert(1)</script>', /is not a range of hours/],
      ['quiet ２２:００-０８:００', /is not a range of hours/],
      ['quiet 22:00-08:00 🌙', /is not a time zone/],
      [`quiet ${'9'.repeat(60)}`, /^hours is 60 characters; keep it under 40\./],
      [`quiet ${'x'.repeat(5000)}`, /a command is at most 2000/],
    ] as const),
  )('refuses %s and sets nothing', async (_title, text, message) => {
    const reply = await h.commands.runText(text, h.ctx());
    expectHarmless(reply);
    expect(textOf(reply)).toMatch(message);
    expect((await h.storage.preferences(ada)).quiet).toBeUndefined();
  });
});

describe('subscribe me, unsubscribe me', () => {
  it('starts a personal digest without the channel permission, answers privately, and stores it for the person', async () => {
    const reply = await h.commands.runText('subscribe me 08:30 Europe/Berlin weekdays 5', h.ctx({ canManageChannel: false }));
    expect(reply.visibility).toBe('private');
    expect(textOf(reply)).toMatch(
      /^You will get a personal digest: 5 papers every weekday at 08:30 Europe\/Berlin, by direct message\. Next: Monday 30 November at 08:30 \(Europe\/Berlin\)\.\nIt starts with papers matching what you follow .* \/papers unsubscribe me stops it\. Only you see this\.$/,
    );
    expect(await h.storage.getSubscription(personalChannel(ada))).toMatchObject({ channel: 'user:U1', time: '08:30', timezone: 'Europe/Berlin', days: 'weekdays', count: 5, createdBy: 'U1' });
    // Nothing was done to the channel.
    expect(await h.storage.getSubscription(h.ctx())).toBeUndefined();
    expect(await run('subscribe me 09:15', { canManageChannel: false })).toMatch(/^Your personal digest is now 5 papers every weekday at 09:15 Europe\/Berlin, by direct message\./);
  });

  it('keeps a weekly personal digest beside the daily one, in the daily one’s zone', async () => {
    await run('subscribe me 08:30 Europe/Berlin');
    expect(await run('subscribe me weekly friday 17:00')).toMatch(
      /^You will get a personal weekly digest: 5 papers weekly on Friday at 17:00 Europe\/Berlin, by direct message\..*\/papers unsubscribe me weekly stops it/s,
    );
    expect(await run('unsubscribe me weekly')).toBe('Your personal weekly digest is stopped. /papers subscribe me 08:30 Europe/Berlin weekdays 5 starts one again.');
    expect(await run('unsubscribe me weekly')).toBe('You have no personal weekly digest; your daily one stops with /papers unsubscribe me.');
    expect(await run('unsubscribe me', { canManageChannel: false })).toMatch(/^Your personal daily digest is stopped\./);
    expect(await run('unsubscribe me')).toBe('You have no personal daily digest to stop. /papers subscribe me 08:30 Europe/Berlin weekdays 5 starts one.');
    expect(await h.storage.listSubscriptions()).toEqual([]);
  });

  it('takes Discord’s audience option, and still needs the permission without it', async () => {
    const mine = await h.commands.run({ name: 'subscribe', options: { time: '07:00', audience: 'me' } }, h.ctx({ canManageChannel: false }));
    expect(mine.visibility).toBe('private');
    expect(textOf(mine)).toMatch(/^You will get a personal digest: 5 papers every day at 07:00 UTC/);
    const channel = await h.commands.run({ name: 'subscribe', options: { time: '07:00' } }, h.ctx({ canManageChannel: false }));
    expect(textOf(channel)).toMatch(/^Only people who can manage this channel/);
    expect(textOf(await h.commands.run({ name: 'unsubscribe', options: { audience: 'me' } }, h.ctx({ canManageChannel: false })))).toMatch(/^Your personal daily digest is stopped/);
    expect(textOf(await h.commands.run({ name: 'subscribe', options: { time: '07:00', audience: 'you' } }, h.ctx()))).toMatch(/^audience must be one of me/);
  });

  it.each(
    titled([
      ['subscribe me 08:30 threads: on', /^A personal digest is one direct message, so it has no threads \(threads: on is for a channel’s digest\)\. Leave it out: \/papers subscribe me 08:30/],
      ['subscribe me 08:30 topic: model merging', /^A personal digest is made from what you follow and save, not one topic\. Follow the topic instead \(\/papers follow topic: model merging\)/],
      ['subscribe me 25:00', /^“25:00” is not a time; use HH:MM/],
      ['subscribe me 08:30 Mars/Olympus', /is not a time zone/],
      ['subscribe me 08:30 UTC 15', /count can be at most 10, not 15/],
      ['subscribe me', /^Give a time for the digest, e\.g\. \/papers subscribe me 09:00 Europe\/Berlin weekdays 5/],
      ['subscribe me 08:30 <!channel>', /^I do not understand "<!channel>" here\. The form is: subscribe me HH:MM/],
      ['subscribe me @everyone 08:30', /^I do not understand "@everyone" here/],
      ['subscribe me 08:30 topic: <script>alert(1)</script>', /^A personal digest is made from what you follow/],
      ['subscribe me 08:30 東京', /^I do not understand "東京" here/],
      [`subscribe me 08:30 ${'x'.repeat(5000)}`, /a command is at most 2000/],
    ] as const),
  )('refuses %s privately and subscribes nothing', async (_title, text, message) => {
    const reply = await h.commands.runText(text, h.ctx({ canManageChannel: false }));
    expectHarmless(reply);
    expect(textOf(reply)).toMatch(message);
    expect(await h.storage.listSubscriptions()).toEqual([]);
  });

  it.each(['unsubscribe me <!channel>', 'unsubscribe me everyone', 'unsubscribe me 🌙'])('refuses %j privately', async (text) => {
    await run('subscribe me 08:30');
    expectHarmless(await h.commands.runText(text, h.ctx({ canManageChannel: false })));
    expect(await h.storage.listSubscriptions()).toHaveLength(1);
  });
});

describe('/papers subscriptions and personal digests', () => {
  it('never shows anyone else’s personal digest, and shows the asker’s own as theirs', async () => {
    await run('subscribe 09:00 UTC topic: model merging');
    await run('subscribe 10:00 UTC', { channel: 'C2' });
    await run('subscribe me 08:30 Europe/Berlin weekdays 3');
    await run('subscribe me 06:00 Asia/Tokyo', bo);
    const adas = textOf(await h.commands.runText('subscriptions', h.ctx()));
    expect(adas).toMatch(
      /^Digests in this workspace \(3\)\nThis channel: 5 papers every day at 09:00 UTC on “model merging” · next .*\nYour personal digest \(by direct message\): 3 papers every weekday at 08:30 Europe\/Berlin · next .*\n#C2: 5 papers every day at 10:00 UTC · next/,
    );
    expect(adas).not.toMatch(/U2|Tokyo|06:00|user:/);
    const bos = textOf(await h.commands.runText('subscriptions', h.ctx(bo)));
    expect(bos).toMatch(/^Digests in this workspace \(3\)\nThis channel: .*\nYour personal digest \(by direct message\): 5 papers every day at 06:00 Asia\/Tokyo/);
    expect(bos).not.toMatch(/U1|Berlin|08:30|user:/);
    const carol = textOf(await h.commands.runText('subscriptions', h.ctx({ user: { id: 'U3', name: 'Carol' } })));
    expect(carol).toMatch(/^Digests in this workspace \(2\)\n/);
    expect(carol).not.toMatch(/personal|user:|Tokyo|Berlin/);
  });

  it('says there are none when the only digests are other people’s', async () => {
    await run('subscribe me 08:30', bo);
    expect(await run('subscriptions')).toMatch(/^No channel in this workspace has a digest yet\..*\/papers subscribe me 08:30 Europe\/Berlin gets you your own\.$/);
  });
});

describe('forget me', () => {
  it('deletes what paperboy stores about the asker, says how much in words, and leaves others alone', async () => {
    await run('follow topic: diffusion');
    await run('follow topic: mixture of experts');
    await run(`save ${NOPROP}`);
    await h.commands.run({ name: 'upvote', options: { paper: NOPROP } }, h.ctx());
    await run('quiet 22:00-08:00 Europe/Berlin');
    await run('subscribe me 08:30 Europe/Berlin');
    await run('subscribe 09:00 UTC');
    await run('follow topic: diffusion', bo);
    await run(`save ${NOPROP}`, bo);

    const reply = await h.commands.runText('forget me', h.ctx());
    expect(reply.visibility).toBe('private');
    expect(textOf(reply)).toMatch(
      /^paperboy forgot you in this workspace: 7 records in all\. Deleted 2 follows, 2 saves and 👍, 1 personal digest and 1 settings record \(quiet hours, delivery state\)\. 1 channel digest you set up keeps going for its channel, with your id removed from it\.\nMessages already posted in channels/,
    );
    expect(await run('following')).toMatch(/^You follow nothing yet\n.*\nQuiet hours: none.*\nPersonal digest: none/s);
    expect(await run('saved')).toMatch(/no saved papers yet/);
    expect(await h.storage.getSubscription(personalChannel(ada))).toBeUndefined();
    expect(await h.storage.getSubscription(h.ctx())).toMatchObject({ time: '09:00', createdBy: '(forgotten)' });
    // Bo is untouched.
    expect(await run('following', bo)).toMatch(/1\. topic “diffusion”/);
    expect(await run('saved', bo)).toMatch(/Your saved papers \(1\)/);
    // Asked again, there is nothing left.
    expect(await run('forget me')).toBe('paperboy had nothing stored about you in this workspace (no follows, saves, 👍, personal digests, alerts or settings), so nothing was deleted.');
  });

  it('counts the post log of a personal digest', async () => {
    await run('subscribe me 08:30 UTC');
    const claim = (await h.storage.claimSlot('slack:T1:user:U1', '2026-11-27', 'test', Date.parse('2026-11-27T08:30:00Z'), Date.parse('2026-11-27T08:40:00Z')))!;
    await h.storage.completeSlot(claim, 'm1', [NOPROP, 'theoretical-guarantees-of-learning'], Date.parse('2026-11-27T08:30:01Z'));
    const text = await run('forget me');
    expect(text).toMatch(/^paperboy forgot you in this workspace: (\d+) records in all\. Deleted 1 personal digest and (\d+) post log entries of your digests\./);
    const [, total, log] = /: (\d+) records in all.* and (\d+) post log/.exec(text)!;
    expect(Number(total)).toBe(1 + Number(log));
    expect(Number(log)).toBeGreaterThanOrEqual(1);
    expect(await h.storage.postedPaperIds('slack:T1:user:U1')).toEqual(new Set());
  });

  it.each(
    titled([
      ['forget', /^To delete everything paperboy stores about you/],
      ['forget <@U2>', /^paperboy forgets only the person who asks/],
      ['forget @everyone', /^paperboy forgets only the person who asks/],
      ['forget <!channel>', /^paperboy forgets only the person who asks/],
      ['forget Bo', /^paperboy forgets only the person who asks/],
      ['forget 我', /^paperboy forgets only the person who asks/],
      [`forget ${'me '.repeat(2000)}`, /a command is at most 2000/],
    ] as const),
  )('refuses %s and deletes nothing', async (_title, text, message) => {
    await run('follow topic: diffusion');
    const reply = await h.commands.runText(text, h.ctx());
    expectHarmless(reply);
    expect(textOf(reply)).toMatch(message);
    expect(await h.storage.listFollows(ada)).toHaveLength(1);
  });

  it('takes Discord’s only choice, me, and nothing else', async () => {
    await run('follow topic: diffusion');
    expect(textOf(await h.commands.run({ name: 'forget', options: { who: 'U2' } }, h.ctx()))).toMatch(/^who must be one of me/);
    expect(textOf(await h.commands.run({ name: 'forget', options: {} }, h.ctx()))).toMatch(/^who is missing\. Usage: \/papers forget me/);
    expect(await h.storage.listFollows(ada)).toHaveLength(1);
    expect(textOf(await h.commands.run({ name: 'forget', options: { who: 'me' } }, h.ctx()))).toMatch(/^paperboy forgot you in this workspace: 1 record in all\. Deleted 1 follow\./);
  });
});

describe('told next time: direct messages that failed', () => {
  const REASON = 'you do not accept direct messages from this app';

  it('says so once, in the next private reply, with what to do; paperboy then tries again', async () => {
    await h.storage.markUnreachable(ada, REASON, Date.parse('2026-11-26T10:00:00Z'));
    const first = await h.commands.runText('saved', h.ctx());
    expect(textOf(first)).toMatch(/no saved papers yet/);
    const note = first.blocks.at(-1)!;
    expect(note).toEqual({
      type: 'note',
      text: `paperboy could not send you a direct message (${REASON}), so your alerts and personal digest have been waiting. In Slack, open paperboy under Apps in the sidebar and check that its Messages tab lets you message it; paperboy tries again from now on.`,
    });
    expect(first.fallback).toMatch(/could not send you a direct message/);
    expect((await h.storage.preferences(ada)).unreachable).toBeUndefined();
    expect(textOf(await h.commands.runText('saved', h.ctx()))).not.toMatch(/direct message/);
  });

  it('is not said in a public reply, which leaves it for the next private one', async () => {
    await h.storage.markUnreachable(ada, REASON, 1);
    const announced = await h.commands.runText('subscribe 09:00 UTC', h.ctx());
    expect(announced.visibility).toBe('channel');
    expect(textOf(announced)).not.toMatch(/direct message/);
    expect((await h.storage.preferences(ada)).unreachable?.reason).toBe(REASON);
    // Even a refusal is a private reply: it carries the note.
    expect(textOf(await h.commands.runText('quiet tonight', h.ctx()))).toMatch(/is not a range of hours.*\npaperboy could not send you a direct message/s);
  });

  it('tells only the person it is about, and in their platform’s words', async () => {
    const discordAda: PersonRef = { platform: 'discord', workspace: 'G1', user: 'U1' };
    await h.storage.markUnreachable(discordAda, 'Cannot send messages to this user', 1);
    expect(await run('following')).not.toMatch(/could not send/);
    expect(await run('following', bo)).not.toMatch(/could not send/);
    const told = await run('following', { platform: 'discord', workspace: 'G1' });
    expect(told).toMatch(/paperboy could not send you a direct message \(Cannot send messages to this user\).*In Discord, allow direct messages from members of this server/);
    // Text that could not even be parsed is a command too.
    await h.storage.markUnreachable(ada, REASON, 2);
    expect(await run('forget everyone')).toMatch(/^paperboy forgets only the person who asks.*\npaperboy could not send you a direct message/s);
  });

  it('never fails the command when storage cannot clear the mark: the reply goes out, the failure is logged', async () => {
    const failing = commandHarness({
      storage: (real: Storage) =>
        new Proxy(real, {
          get: (target, key) => {
            if (key === 'clearUnreachable') return () => Promise.reject(new Error('database is locked'));
            const value = Reflect.get(target, key);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
    });
    try {
      const reply = await failing.commands.runText('following', failing.ctx());
      expect(textOf(reply)).toMatch(/^You follow nothing yet/);
      expect(failing.logged).toContainEqual(
        expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ person: 'slack:T1:U1', error: expect.objectContaining({ message: 'database is locked' }) }) }),
      );
    } finally {
      await failing.close();
    }
  });
});
