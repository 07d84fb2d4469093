import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { composeDigest, type Subscription } from '../../src/index.js';
import { commandHarness, type CommandHarness } from '../helpers/command-harness.js';
import { okValue } from '../helpers/results.js';
import { shippedPaperboy } from '../helpers/shipped-corpus.js';

/** Discussion threads at the console: Discuss buttons by number, thread posts printed indented, replies counted. */
let h: CommandHarness;
let adapter: ConsoleAdapter;
let output: string;

beforeEach(() => {
  h = commandHarness();
  output = '';
  adapter = new ConsoleAdapter({
    commands: h.commands,
    io: { input: new PassThrough(), output: { write: (t: string) => (output += t) }, color: false, prompt: false },
    clock: () => new Date('2026-11-27T10:00:00Z'),
    user: { id: 'ada', name: 'ada' },
  });
});
afterEach(async () => {
  await adapter.stop();
  await h.close();
});

const subscription = (threads: boolean): Subscription => ({
  id: 'console:local:console',
  kind: 'daily',
  ...adapter.channel,
  time: '09:00',
  timezone: 'UTC',
  days: 'daily',
  count: 2,
  createdBy: 'ada',
  enabled: true,
  createdAt: 0,
  updatedAt: 0,
  ...(threads ? { threads: true } : {}),
});
const digest = async (threads: boolean) => okValue(await composeDigest({ paperboy: shippedPaperboy(), subscription: subscription(threads), localDate: '2026-11-27', postedPaperIds: new Set() }));

describe('console discussion threads', () => {
  it('Discuss by number on a digest card prints the paper’s card in the digest’s thread and counts replies there', async () => {
    const { message } = await digest(false);
    await adapter.postDigest(adapter.channel, message);
    expect(output).toMatch(/\[1\] Save {2}\[2\] 👍 {2}\[3\] Discuss {2}\[4\] Cite/);
    expect(output).toMatch(/\[5\] Save {2}\[6\] 👍 {2}\[7\] Discuss {2}\[8\] Cite/);
    const reply = await adapter.handleLine('7');
    expect(reply).toMatch(/^Opened a thread for “[^”]+”\.\n\(only you see this\)/);
    expect(output).toMatch(/ {2}── in thread thread-1 \(Discuss: [^)]+\) ──\n {4}\S[^\n]*\n {4} {3}id /);
    expect(output).toMatch(/ {4}Reply in this thread to discuss/);
    // The digest's buttons went with the private reply; the posted messages keep theirs.
    const posted = adapter.posts.find((p) => p.kind === 'digest')!;
    expect(await adapter.pressOn(posted.messageId, 'discuss', 1)).toMatch(/^Discussion of “[^”]+” is in the thread\./);
    expect(adapter.posts.filter((p) => p.kind === 'in-thread')).toHaveLength(1);
    await adapter.replyInThread('thread-1');
    expect(await adapter.handleLine('trending 10')).toMatch(/discussed 1 time\b/);
    await expect(adapter.replyInThread('thread-9')).rejects.toThrow(/no thread thread-9/);
  });

  it('prints a threads: on digest as its header and then each card in its thread, buttons numbered on', async () => {
    const { message, threadCards } = await digest(true);
    const receipt = await adapter.postDigest(adapter.channel, message, threadCards);
    expect(receipt.thread).toEqual({ threadId: 'thread-1', cards: threadCards!.map((c, i) => ({ paperId: c.paperId, messageId: `console-${i + 2}` })) });
    expect(output.match(/── in thread thread-1 \(Trending papers · Friday 27 November 2026\) ──/g)).toHaveLength(2);
    expect(output).toMatch(/\[1\] Save {2}\[2\] 👍 {2}\[3\] Discuss {2}\[4\] Cite/);
    expect(output).toMatch(/\[5\] Save {2}\[6\] 👍 {2}\[7\] Discuss {2}\[8\] Cite/);
    // The card in the thread knows where it is: Discuss answers with this thread.
    expect(await adapter.handleLine('7')).toMatch(/^Discussion of “[^”]+” is in this thread\./);
  });

  it('gives a shared card a Discuss button that opens a thread on it', async () => {
    await adapter.handleLine('search NoProp');
    expect(await adapter.handleLine('3')).toMatch(/ada shared:/);
    expect(output).toMatch(/\[1\] Save {2}\[2\] 👍 {2}\[3\] Discuss {2}\[4\] Cite\s+\(posted in the channel\)/);
    expect(await adapter.handleLine('3')).toMatch(/^Opened a thread for “NoProp/);
    expect(adapter.posts.map((p) => p.kind)).toEqual(['reply', 'in-thread']);
  });

  it('typed discuss says where the button is', async () => {
    expect(await adapter.handleLine('/papers discuss noprop')).toMatch(/press Discuss under it in a digest/);
    expect(adapter.posts).toEqual([]);
  });
});
