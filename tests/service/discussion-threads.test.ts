import { afterEach, describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import { DeliveryError, type CommandContext, type Message, type Storage } from '../../src/index.js';
import { textOf } from '../helpers/command-harness.js';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness.js';

/** Discussion threads through the whole service: a `threads: on` digest, Discuss, and replies felt in trending. */
let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ctx = (now = '2026-11-27T06:00:00Z'): CommandContext => ({ platform: 'slack', workspace: 'T1', channel: 'C1', user: { id: 'U1', name: 'Ada' }, now: new Date(now), canManageChannel: true });
const cardsOf = (m: Message) => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));

async function threadedDigest(slack: RecordingAdapter, wrap?: (storage: Storage) => Storage): Promise<ServiceHarness> {
  const harness = await startServiceHarness({ adapters: () => [slack], ...(wrap ? { storage: wrap } : {}) });
  expect(textOf(await harness.service.commands.runText('subscribe 09:00 UTC daily 3 threads: on', ctx()))).toMatch(/each in its own thread reply/);
  for (const at of ['2026-11-27T09:00:00Z', '2026-11-27T09:01:00Z', '2026-11-27T14:00:00Z']) {
    harness.at(at);
    await harness.tick();
  }
  return harness;
}

describe('threads: on digests', () => {
  it('post a header once and each paper’s card in its thread, recorded so replies count', async () => {
    const slack = new RecordingAdapter({ id: 'slack' });
    h = await threadedDigest(slack);
    const [header, ...more] = slack.postsTo('C1');
    expect(more).toEqual([]);
    expect(cardsOf(header!.message).every((c) => c.actions.length === 0)).toBe(true);
    const cards = slack.threadPostsIn('C1');
    expect(cards.map((c) => c.threadId)).toEqual([header!.messageId, header!.messageId, header!.messageId]);
    const paperIds = cardsOf(header!.message).map((c) => c.paperId);
    expect(cards.map((c) => cardsOf(c.message)[0]!.paperId)).toEqual(paperIds);
    expect(await h.service.storage.getSlot('slack:T1:C1', '2026-11-27')).toMatchObject({ status: 'posted', messageId: header!.messageId });
    expect(await h.service.storage.threadOnMessage(ctx(), header!.messageId)).toMatchObject({
      threadId: header!.messageId,
      cards: paperIds.map((paperId, i) => ({ paperId, messageId: cards[i]!.messageId })),
    });
  });

  it('count replies for the paper whose card they follow, and trending shows it', async () => {
    let slack: RecordingAdapter | undefined;
    h = await startServiceHarness({ adapters: ({ commands }) => [(slack = new RecordingAdapter({ id: 'slack', commands }))] });
    expect(textOf(await h.service.commands.runText('subscribe 09:00 UTC daily 3 threads: on', ctx()))).toMatch(/thread reply/);
    h.at('2026-11-27T09:00:00Z');
    await h.tick();
    const adapter = slack!;
    const header = adapter.postsTo('C1')[0]!;
    const before = cardsOf(await h.service.commands.runText('trending 5', ctx('2026-11-27T10:00:00Z')));
    const third = cardsOf(header.message)[2]!.paperId;
    const rankBefore = before.findIndex((c) => c.paperId === third);
    expect(rankBefore).toBe(2);
    // Five replies after the third card (the last in the thread).
    for (let i = 0; i < 5; i += 1) await adapter.replyInThread(ctx(), header.messageId, Date.parse('2026-11-27T10:00:00Z'));
    const after = cardsOf(await h.service.commands.runText('trending 5', ctx('2026-11-27T10:00:00Z')));
    expect(after.findIndex((c) => c.paperId === third)).toBeLessThan(rankBefore);
    expect(after.find((c) => c.paperId === third)!.why).toMatch(/discussed 5 times/);
    // Discuss on that card answers with the thread, and posts nothing more.
    const cards = adapter.threadPostsIn('C1');
    expect(textOf(await adapter.press(cards[2]!.messageId, 'discuss', 0, ctx()))).toMatch(/^Discussion of “[^”]+” is in this thread: https:/);
    expect(adapter.threadPostsIn('C1')).toHaveLength(3);
  });

  it('still count as posted when the thread cannot be written, once, with a warning', async () => {
    const slack = new RecordingAdapter({ id: 'slack' });
    slack.failThreads(new DeliveryError('paperboy may not reply in threads here; give it the permission', { permanent: true }));
    h = await threadedDigest(slack);
    expect(slack.postsTo('C1')).toHaveLength(1);
    expect(slack.threadPostsIn('C1')).toEqual([]);
    expect(await h.service.storage.getSlot('slack:T1:C1', '2026-11-27')).toMatchObject({ status: 'posted', attempts: 1 });
    expect(h.logged).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'digest posted, but not all of its cards went into its thread',
        fields: expect.objectContaining({ error: expect.stringMatching(/may not reply in threads/) }),
      }),
    );
    expect(await h.service.storage.threadOnMessage(ctx(), slack.posts[0]!.messageId)).toBeUndefined();
  });

  it('still count as posted when the thread cannot be recorded', async () => {
    const slack = new RecordingAdapter({ id: 'slack' });
    const failing = (storage: Storage): Storage =>
      new Proxy(storage, {
        get(target, property) {
          if (property === 'saveDiscussionThread') return () => Promise.reject(new Error('database gone'));
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    h = await threadedDigest(slack, failing);
    expect(slack.postsTo('C1')).toHaveLength(1);
    expect(slack.threadPostsIn('C1')).toHaveLength(3);
    expect(await h.service.storage.getSlot('slack:T1:C1', '2026-11-27')).toMatchObject({ status: 'posted' });
    expect(h.logged).toContainEqual(expect.objectContaining({ level: 'warn', message: 'the digest’s thread could not be recorded; replies in it will not count' }));
  });
});

describe('Discuss on a daily digest', () => {
  it('answers the platform’s refusal clearly and records nothing; works once the permission is back', async () => {
    let slack: RecordingAdapter | undefined;
    h = await startServiceHarness({ adapters: ({ commands }) => [(slack = new RecordingAdapter({ id: 'slack', commands }))] });
    await h.service.commands.runText('subscribe 09:00 UTC daily 3', ctx());
    h.at('2026-11-27T09:00:00Z');
    await h.tick();
    const digest = slack!.postsTo('C1')[0]!;
    expect(cardsOf(digest.message).map((c) => c.actions.map((a) => a.kind))).toEqual([
      ['save', 'upvote', 'discuss', 'cite'],
      ['save', 'upvote', 'discuss', 'cite'],
      ['save', 'upvote', 'discuss', 'cite'],
    ]);
    slack!.failThreads(new DeliveryError('that message was deleted, so it can have no thread', { permanent: true }));
    expect(textOf(await slack!.press(digest.messageId, 'discuss', 1, ctx()))).toMatch(/^Could not open a discussion of “[^”]+”: that message was deleted, so it can have no thread$/);
    expect(await h.service.storage.threadOnMessage(ctx(), digest.messageId)).toBeUndefined();
    slack!.failThreads(undefined);
    expect(textOf(await slack!.press(digest.messageId, 'discuss', 1, ctx()))).toMatch(/^Opened a thread for “[^”]+”: https:/);
    expect(slack!.threadPostsIn('C1')).toHaveLength(1);
  });
});
