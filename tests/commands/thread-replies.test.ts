import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandService, type Message, type Storage, type ThreadReply } from '../../src/index.js';
import { commandHarness, recordingLogger, textOf, type CommandHarness } from '../helpers/command-harness.js';
import { shippedPaperboy } from '../helpers/shipped-corpus.js';

/** Replies in a discussion thread: counted for the paper whose card they follow, and felt in trending. */
let h: CommandHarness;
beforeEach(async () => {
  h = commandHarness();
  // A digest message (ts 1764151200.000100) whose thread holds two papers' cards.
  await h.storage.saveDiscussionThread({ platform: 'slack', workspace: 'T1', channel: 'C1', parentMessageId: THREAD, threadId: THREAD }, 0);
  await h.storage.addDiscussionCard('slack', 'T1', THREAD, { paperId: 'first', messageId: '1764151260.000200' }, 0);
  await h.storage.addDiscussionCard('slack', 'T1', THREAD, { paperId: 'second', messageId: '1764151320.000300' }, 1);
});
afterEach(async () => {
  await h.close();
});

const THREAD = '1764151200.000100';
const AT = Date.parse('2026-11-27T10:00:00Z');
const reply = (messageId: string, over: Partial<ThreadReply> = {}): ThreadReply => ({ platform: 'slack', workspace: 'T1', channel: 'C1', threadId: THREAD, messageId, at: AT, ...over });
const discussions = async (storage: Storage = h.storage) => Object.fromEntries([...(await storage.teamSignals('slack', 'T1'))].map(([id, s]) => [id, s.discussions]));
const cards = (m: Message) => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));

describe('threadReply', () => {
  it('credits the paper whose card the reply follows', async () => {
    await h.commands.threadReply(reply('1764151290.000001'));
    await h.commands.threadReply(reply('1764151400.000001'));
    await h.commands.threadReply(reply('1764159999.000001'));
    // A longer id is a later one (compareMessageIds), not a smaller string.
    await h.commands.threadReply(reply('17641513000.000001'));
    expect(await discussions()).toEqual({ first: 1, second: 3 });
  });

  it('ignores a thread paperboy did not open, a reply before any card, the card itself and malformed reports', async () => {
    await h.commands.threadReply(reply('1764151290.000001', { threadId: '1700000000.000000' }));
    await h.commands.threadReply(reply('1764151290.000001', { workspace: 'T2' }));
    await h.commands.threadReply(reply('1764151290.000001', { platform: 'discord' }));
    await h.commands.threadReply(reply('1764151230.000001'));
    await h.commands.threadReply(reply('1764151260.000200'));
    await h.commands.threadReply(reply(''));
    await h.commands.threadReply(reply('1764151290.000001', { at: Number.NaN }));
    await h.commands.threadReply(reply('<!channel> @everyone', { threadId: '</script>' }));
    expect(await discussions()).toEqual({});
  });

  it('never rejects: a storage failure is logged', async () => {
    const logged: CommandHarness['logged'] = [];
    const broken = new Proxy(h.storage, {
      get: (target, property) => (property === 'discussionThread' ? () => Promise.reject(new Error('database gone')) : Reflect.get(target, property, target)),
    });
    const commands = createCommandService({ paperboy: shippedPaperboy(), storage: broken, logger: recordingLogger(logged) });
    await expect(commands.threadReply(reply('1764151290.000001'))).resolves.toBeUndefined();
    expect(logged).toEqual([expect.objectContaining({ level: 'error', message: 'a thread reply could not be counted' })]);
  });

  it('lifts a discussed paper in this team’s trending, with "discussed N times" as a reason', async () => {
    const before = cards(await h.commands.runText('trending 5', h.ctx()));
    const fifth = before[4]!.paperId;
    await h.storage.saveDiscussionThread({ platform: 'slack', workspace: 'T1', channel: 'C1', parentMessageId: '1764200000.000100', threadId: '1764200000.000100' }, 0);
    await h.storage.addDiscussionCard('slack', 'T1', '1764200000.000100', { paperId: fifth, messageId: '1764200001.000100' }, 0);
    for (let i = 0; i < 12; i += 1) await h.commands.threadReply(reply(`17642000${10 + i}.000100`, { threadId: '1764200000.000100' }));
    const after = cards(await h.commands.runText('trending 5', h.ctx()));
    expect(after.findIndex((c) => c.paperId === fifth)).toBeLessThan(4);
    expect(after.find((c) => c.paperId === fifth)!.why).toMatch(/discussed 12 times/);
    // Another workspace's discussion does not count here.
    expect(cards(await h.commands.runText('trending 5', h.ctx({ workspace: 'T2' })))[4]!.paperId).toBe(fifth);
    expect(textOf(await h.commands.runText('trending 5', h.ctx({ workspace: 'T2' })))).not.toMatch(/discussed/);
  });
});
