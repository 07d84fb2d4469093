import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandHarness, textOf, type CommandHarness } from '../helpers/command-harness.js';

/** `threads: on` on subscribe: stored with the subscription, said in the confirmation and in /papers subscriptions. */
let h: CommandHarness;
beforeEach(() => {
  h = commandHarness();
});
afterEach(async () => {
  await h.close();
});

describe('subscribe threads: on|off', () => {
  it('turns threads on, says so to the channel and in the list', async () => {
    const reply = await h.commands.runText('subscribe 09:00 Europe/Berlin 3 threads: on', h.ctx());
    expect(reply.visibility).toBe('channel');
    expect(textOf(reply)).toMatch(/^Ada subscribed this channel to 3 papers every day at 09:00 Europe\/Berlin, each in its own thread reply\. Next digest:/);
    expect(await h.storage.getSubscription(h.ctx())).toMatchObject({ threads: true, count: 3 });
    expect(textOf(await h.commands.runText('subscriptions', h.ctx()))).toMatch(/This channel: 3 papers every day at 09:00 Europe\/Berlin, each in its own thread reply · next/);
  });

  it('keeps threads when a later subscribe leaves them out, and threads: off turns them off', async () => {
    await h.commands.runText('subscribe 09:00 UTC threads: on', h.ctx());
    expect(textOf(await h.commands.runText('subscribe 10:00', h.ctx()))).toMatch(/changed this channel’s digest to 5 papers every day at 10:00 UTC, each in its own thread reply/);
    expect((await h.storage.getSubscription(h.ctx()))?.threads).toBe(true);
    const off = textOf(await h.commands.runText('subscribe 10:00 threads: off', h.ctx()));
    expect(off).toMatch(/changed this channel’s digest to 5 papers every day at 10:00 UTC\. Next/);
    expect(await h.storage.getSubscription(h.ctx())).not.toHaveProperty('threads');
  });

  it('is off by default', async () => {
    expect(textOf(await h.commands.runText('subscribe 09:00 UTC', h.ctx()))).not.toMatch(/thread/);
    expect(await h.storage.getSubscription(h.ctx())).not.toHaveProperty('threads');
  });

  it('takes threads from buttons and Discord options too, and refuses anything but on or off', async () => {
    expect(textOf(await h.commands.run({ name: 'subscribe', options: { time: '09:00', threads: 'on' } }, h.ctx()))).toMatch(/each in its own thread reply/);
    const bad = textOf(await h.commands.run({ name: 'subscribe', options: { time: '09:00', threads: '<!channel>' } }, h.ctx()));
    expect(bad).toMatch(/threads/);
    expect(bad).not.toMatch(/each in its own thread reply/);
    expect(textOf(await h.commands.runText('subscribe 09:00 threads: yes', h.ctx()))).toMatch(/threads: takes on or off, not “yes”/);
    expect((await h.storage.getSubscription(h.ctx()))?.threads).toBe(true);
  });

  it('lists threads: on in the help for subscribe', async () => {
    expect(textOf(await h.commands.runText('help subscribe', h.ctx()))).toMatch(/\[threads: on\|off\]/);
  });
});
