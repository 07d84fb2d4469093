import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryReceipt } from '../../adapters/chat-adapter.js';
import type { ActionKind, ChannelRef, Message } from '../../src/index.js';
import { parseOneEntry } from '../helpers/bibtex-parse.js';
import { alertActions, alertMessage, card } from '../helpers/message-fixtures.js';

/**
 * The behaviour every chat adapter owes its users, whatever the platform: run it with a
 * harness that drives the adapter the way its platform would (console: typed lines; Slack:
 * signed HTTP requests to Bolt; Discord: gateway interactions) and reads back what the
 * platform received.
 */
export interface ContractHarness {
  /** Two channels of one workspace that commands can come from and digests go to. */
  readonly channels: readonly [ChannelRef, ChannelRef];
  /** How soon the platform needs a first answer (Slack and Discord: 3 s). */
  readonly deadlineMs: number;
  /** Sends `text` as a user in `channel` the way the platform delivers it; resolves with the reply as plain text. */
  command(text: string, channel: ChannelRef): Promise<string>;
  /** Moves the clock to `iso` and lets the scheduler run once, as its per-minute tick would. */
  tickAt(iso: string): Promise<void>;
  /** The plain text of every digest the platform received in `channel` (top-level messages, not thread replies), oldest first. */
  digests(channel: ChannelRef): Promise<string[]>;
  /**
   * Presses the `kind` button of the `paperIndex`-th paper (from 0) of the latest digest in
   * `channel`, as a user would click it; resolves with the private reply as plain text. For a
   * `threads: on` digest the paper's buttons are on its card in the digest's thread.
   */
  clickDigestButton(channel: ChannelRef, kind: ActionKind, paperIndex: number): Promise<string>;
  /** The plain text of every message paperboy posted in threads in `channel` (the papers' cards), oldest first. */
  threadMessages(channel: ChannelRef): Promise<string[]>;
  /** A person (not the bot) replies at the end of the thread on the latest digest in `channel`, the way the platform reports it. */
  replyInThread(channel: ChannelRef): Promise<void>;
  /** The plain text of every direct message paperboy sent to the user `command` runs as (alerts, personal digests), oldest first. Optional until every harness has it (issue 13). */
  directMessages?(): Promise<string[]>;
  /** Sends `message` to the user `command` runs as through the adapter's `postDirect`, as an alert or personal digest would go. Optional until every harness has it (issue 13). */
  sendDirect?(message: Message): Promise<DeliveryReceipt>;
  close(): Promise<void>;
}

/** Reads until `pattern` shows (a counted reply reaches trending when the platform's event has been handled), or gives the last read to fail on. */
async function eventually(read: () => Promise<string>, pattern: RegExp): Promise<string> {
  let last = '';
  for (let i = 0; i < 250; i += 1) {
    last = await read();
    if (pattern.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return last;
}

export function describeChatAdapterContract(name: string, open: () => Promise<ContractHarness>): void {
  describe(`chat adapter contract: ${name}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('answers a command within the platform deadline', async () => {
      const started = performance.now();
      const reply = await h.command('/papers search training without backpropagation', h.channels[0]);
      // A deadline the platform enforces, not a benchmark: generous on purpose.
      expect(performance.now() - started).toBeLessThan(h.deadlineMs);
      expect(reply).toMatch(/Results 1–5 of \d+ for “training without backpropagation”/);
      expect(reply).toMatch(/NoProp/);
    });

    it('delivers a subscribed channel’s digest there, once, and nowhere else', async () => {
      const [here, there] = h.channels;
      expect(await h.command('/papers subscribe 09:00 UTC daily 3', here)).toMatch(/subscribed this channel to 3 papers every day at 09:00 UTC/);
      await h.tickAt('2026-11-27T08:59:00Z');
      expect(await h.digests(here)).toEqual([]);
      await h.tickAt('2026-11-27T09:00:00Z');
      await h.tickAt('2026-11-27T09:01:00Z');
      await h.tickAt('2026-11-27T14:00:00Z');
      const posted = await h.digests(here);
      expect(posted).toHaveLength(1);
      expect(posted[0]).toMatch(/Trending papers · Friday 27 November 2026/);
      expect(await h.digests(there)).toEqual([]);
      await h.tickAt('2026-11-28T09:00:00Z');
      expect(await h.digests(here)).toHaveLength(2);
    });

    it('discuss: a digest paper’s Discuss opens the digest’s thread, posts each card once, and replies there count in trending', async () => {
      const [here] = h.channels;
      await h.command('/papers subscribe 09:00 UTC daily 3', here);
      await h.tickAt('2026-11-27T09:00:00Z');
      expect(await h.digests(here)).toHaveLength(1);
      expect(await h.clickDigestButton(here, 'discuss', 0)).toMatch(/Opened a thread for “[^”]+”/);
      const first = await h.threadMessages(here);
      expect(first).toHaveLength(1);
      expect(first[0]).toMatch(/Reply in this thread to discuss/);
      // Again: the paper's card is there already, so the answer links to it and nothing is posted.
      expect(await h.clickDigestButton(here, 'discuss', 0)).toMatch(/Discussion of “[^”]+” is in the thread/);
      expect(await h.threadMessages(here)).toHaveLength(1);
      // Another paper of the same digest shares its thread (one thread per message).
      expect(await h.clickDigestButton(here, 'discuss', 1)).toMatch(/Posted “[^”]+” in the thread on that message/);
      expect(await h.threadMessages(here)).toHaveLength(2);
      await h.replyInThread(here);
      await h.replyInThread(here);
      expect(await eventually(() => h.command('/papers trending 10', here), /discussed 2 times/)).toMatch(/discussed 2 times/);
      // Typed, there is no message to hang a thread from: the answer says where the button is.
      expect(await h.command('/papers discuss noprop', here)).toMatch(/press Discuss under it/);
      expect(await h.digests(here)).toHaveLength(1);
    });

    it('discuss: threads: on posts a short header once and each paper’s card in its thread', async () => {
      const [here] = h.channels;
      expect(await h.command('/papers subscribe 09:00 UTC daily 3 threads: on', here)).toMatch(/3 papers every day at 09:00 UTC, each in its own thread reply/);
      await h.tickAt('2026-11-27T09:00:00Z');
      await h.tickAt('2026-11-27T09:01:00Z');
      const digests = await h.digests(here);
      expect(digests).toHaveLength(1);
      expect(digests[0]).toMatch(/Trending papers · Friday 27 November 2026/);
      const cards = await h.threadMessages(here);
      expect(cards).toHaveLength(3);
      expect(await h.clickDigestButton(here, 'discuss', 2)).toMatch(/Discussion of “[^”]+” is in this thread/);
      expect(await h.threadMessages(here)).toHaveLength(3);
      await h.replyInThread(here);
      expect(await eventually(() => h.command('/papers trending 10', here), /discussed 1 time\b/)).toMatch(/discussed 1 time\b/);
    });

    it('cites a paper as a BibTeX entry a parser reads, and suggests titles for an unknown one', async () => {
      const [here] = h.channels;
      const reply = await h.command('/papers cite noprop-training-neural-networks-without', here);
      const entry = /@misc\{[\s\S]*?\n\}/.exec(reply)?.[0];
      expect(entry, reply).toBeDefined();
      const parsed = parseOneEntry(entry!);
      expect(parsed.key).toBe('anon2026noprop');
      expect(parsed.fields.title).toBe('NoProp: Training Neural Networks without Back-propagation or Forward-propagation');
      expect(parsed.fields.year).toBe('2026');
      expect(await h.command('/papers cite nrt', here)).toMatch(/No paper matches "nrt"\. Closest titles: nrtr-a-no-recurrence-sequence/);
      // The Cite button on a digest card answers the same way.
      await h.command('/papers subscribe 09:00 UTC daily 3', here);
      await h.tickAt('2026-11-27T09:00:00Z');
      expect(await h.clickDigestButton(here, 'cite', 0)).toMatch(/@misc\{\w+2026\w+,/);
    });

    it('meets bad input with a clear reply, never silence', async () => {
      const [here] = h.channels;
      expect(await h.command('/papers', here)).toMatch(/\/papers search <query>/);
      expect(await h.command('/papers subscribe 25:00', here)).toMatch(/“25:00” is not a time; use HH:MM/);
      expect(await h.command(`/papers search ${'x'.repeat(5000)}`, here)).toMatch(/at most 2000|keep it under 500/);
      // The query comes back as the user typed it, as plain text for the platform to escape.
      expect(await h.command('/papers <!channel> @everyone <@U123>', here)).toMatch(/(for|No papers match) “<!channel> @everyone <@U123>”/);
      expect(await h.command('/papers モデル 🚀', here)).toMatch(/No papers match “モデル 🚀”/);
    });
  });
}

/** A harness that can send and read direct messages: what describeDirectMessageContract needs. */
export type DirectMessageHarness = ContractHarness & Required<Pick<ContractHarness, 'directMessages' | 'sendDirect'>>;

/**
 * Direct messages (issue 13), for every adapter whose harness can send and read them: kept
 * apart from describeChatAdapterContract so each harness file opts in with one call once its
 * adapter has postDirect (console, recording, Slack; Discord with its own helper's work).
 */
export function describeDirectMessageContract(name: string, open: () => Promise<DirectMessageHarness>): void {
  describe(`chat adapter contract, direct messages: ${name}`, () => {
    let h: DirectMessageHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('delivers a direct message to the person, in order, and never into a channel', async () => {
      expect(await h.directMessages()).toEqual([]);
      const noprop = card({
        paperId: 'noprop-training-neural-networks-without',
        title: 'NoProp: Training Neural Networks without Back-propagation',
        why: 'author Yann LeCun (as “Y. LeCun”)',
        actions: alertActions('noprop-training-neural-networks-without'),
      });
      const first = await h.sendDirect(alertMessage([noprop]));
      expect(first.messageId).not.toBe('');
      const [alert, ...rest] = await h.directMessages();
      expect(rest).toEqual([]);
      expect(alert).toMatch(/New papers for you[\s\S]*NoProp: Training Neural Networks without Back-propagation[\s\S]*author Yann LeCun \(as “Y\. LeCun”\)/);
      // Hostile and unicode text arrives as the words it is.
      const hostile = '<!channel> @everyone <script>x</script> モデル 🚀';
      const second = await h.sendDirect(alertMessage([card({ title: hostile, actions: alertActions('p1') })], 'Your daily papers'));
      expect(second.messageId).not.toBe(first.messageId);
      const both = await h.directMessages();
      expect(both).toHaveLength(2);
      expect(both[1]).toMatch(/^Your daily papers/);
      expect(both[1]).toContain(hostile);
      for (const channel of h.channels) expect(await h.digests(channel)).toEqual([]);
    });

    it('sends a person’s own digest by direct message, once a day, and to nobody else', async () => {
      const [here] = h.channels;
      expect(await h.command('/papers follow topic: back-propagation', here)).toMatch(/^Following topic “back-propagation”/);
      expect(await h.command('/papers subscribe me 09:00 UTC daily 3', here)).toMatch(/direct message/i);
      await h.tickAt('2026-11-27T08:59:00Z');
      expect(await h.directMessages()).toEqual([]);
      await h.tickAt('2026-11-27T09:00:00Z');
      await h.tickAt('2026-11-27T09:01:00Z');
      const dms = await h.directMessages();
      expect(dms).toHaveLength(1);
      expect(dms[0]).toMatch(/^Your papers · Friday 27 November 2026/);
      // A personal digest is nobody else's: no channel got anything.
      for (const channel of h.channels) expect(await h.digests(channel)).toEqual([]);
      expect(await h.command('/papers subscriptions', here)).toMatch(/your personal digest/i);
    });
  });
}
