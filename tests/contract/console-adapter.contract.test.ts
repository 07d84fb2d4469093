import { PassThrough } from 'node:stream';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { textOf } from '../helpers/command-harness.js';
import { startServiceHarness } from '../helpers/service-harness.js';
import { describeChatAdapterContract, describeDirectMessageContract, type DirectMessageHarness } from './chat-adapter.contract.js';

/** The console adapter, driven by typed lines, inside the real service. */
async function openConsole(): Promise<DirectMessageHarness> {
  const input = new PassThrough();
  let output = '';
  let console: ConsoleAdapter | undefined;
  const service = await startServiceHarness({
    adapters: ({ commands }) => {
      console = new ConsoleAdapter({
        commands,
        io: { input, output: { write: (t: string) => (output += t) }, color: false, prompt: false },
        clock: () => new Date('2026-11-27T06:00:00Z'),
        user: { id: 'ada', name: 'ada' },
      });
      return [console];
    },
  });
  const here = console!.channel;
  const other = { ...here, channel: 'elsewhere' };
  const sections = (channel: string): string[] =>
    output
      .split('\n── digest for #')
      .slice(1)
      .filter((s) => s.startsWith(`${channel} ──`))
      .map((s) => s.split('(posted in the channel)')[0]!);
  const latestDigest = (channel: string) => {
    const digest = console!.posts.filter((p) => p.kind === 'digest' && p.channel === channel).at(-1);
    if (!digest) throw new Error(`no digest was posted in #${channel}`);
    return digest;
  };
  return {
    channels: [here, other],
    deadlineMs: 3000,
    async command(text, channel) {
      // A console has one channel; the other channel only ever receives (or not) digests.
      if (channel.channel !== here.channel) throw new Error('the console types into its own channel only');
      const before = output.length;
      input.write(`${text}\n`);
      for (let i = 0; i < 200 && !/\((only you see this|posted in the channel)\)\n$/.test(output.slice(before)); i += 1) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      return output.slice(before);
    },
    async tickAt(iso) {
      service.at(iso);
      await service.tick();
    },
    async digests(channel) {
      return sections(channel.channel);
    },
    async clickDigestButton(channel, kind, paperIndex) {
      const digest = latestDigest(channel.channel);
      const thread = console!.threadOn(digest.messageId);
      // A threads: on digest's buttons are on the cards in its thread.
      const cards = console!.posts.filter((p) => p.kind === 'in-thread' && p.threadId === thread);
      const headerHasButtons = digest.message.blocks.some((b) => b.type === 'paper' && b.card.actions.length > 0);
      if (headerHasButtons || cards.length === 0) return console!.pressOn(digest.messageId, kind, paperIndex);
      return console!.pressOn(cards[paperIndex]!.messageId, kind, 0);
    },
    async threadMessages(channel) {
      return console!.posts.filter((p) => p.kind === 'in-thread' && p.channel === channel.channel).map((p) => textOf(p.message));
    },
    async replyInThread(channel) {
      const thread = console!.threadOn(latestDigest(channel.channel).messageId);
      if (thread === undefined) throw new Error(`the latest digest in #${channel.channel} has no thread`);
      await console!.replyInThread(thread);
    },
    sendDirect: (message) => console!.postDirect(console!.person, message),
    async directMessages() {
      // Each printed under its heading line, down to its "(only you see this)".
      return output
        .split('\n── direct message to ')
        .slice(1)
        .map((s) => s.slice(s.indexOf('\n') + 1).split('(only you see this)')[0]!);
    },
    async close() {
      input.end();
      await service.close();
    },
  };
}

describeChatAdapterContract('console', openConsole);
describeDirectMessageContract('console', openConsole);
