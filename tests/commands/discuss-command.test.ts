import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingThreads } from '../../adapters/recording/recording-threads.js';
import { threadName } from '../../src/commands/discuss-command.js';
import { DeliveryError, type DiscussionThreads, type Message } from '../../src/index.js';
import { commandHarness, textOf, type CommandHarness } from '../helpers/command-harness.js';

/** The Discuss button, pressed on a digest message (origin) with the platform's threads (a recording double of the port). */
let h: CommandHarness;
let threads: RecordingThreads;
let failure: DeliveryError | undefined;
let ids = 0;
const NOPROP = 'noprop-training-neural-networks-without';

beforeEach(() => {
  h = commandHarness();
  failure = undefined;
  ids = 100;
  threads = new RecordingThreads(
    'C1',
    () => String((ids += 1)),
    () => failure,
  );
});
afterEach(async () => {
  await h.close();
});

const discuss = (paper: string, origin: { messageId: string; threadId?: string } | undefined = { messageId: '50' }, over: { threads?: DiscussionThreads } = { threads }) =>
  h.commands.run({ name: 'discuss', options: { paper } }, h.ctx({ ...(origin ? { origin } : {}), ...over }));
const cardsOf = (m: Message) => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));
const otherPaper = async (): Promise<string> => {
  const hit = cardsOf(await h.commands.runText('search mixture of experts', h.ctx()))[0]!;
  return hit.paperId;
};

describe('discuss from a digest message', () => {
  it('opens the message’s thread, posts the paper’s full card there for the channel, and links to it privately', async () => {
    const reply = await discuss(NOPROP);
    expect(reply.visibility).toBe('private');
    expect(textOf(reply)).toMatch(/^Opened a thread for “NoProp[^”]*”: https:\/\/chat\.example\/C1\/50\/101$/);
    expect(threads.posts).toHaveLength(1);
    const posted = threads.posts[0]!;
    expect(posted).toMatchObject({ threadId: '50', messageId: '101' });
    expect(posted.message.visibility).toBe('channel');
    const card = cardsOf(posted.message)[0]!;
    expect(card.summary).toMatch(/^The canonical deep learning approach/);
    expect(card.actions.map((a) => a.kind)).toEqual(['save', 'upvote', 'cite']);
    expect(textOf(posted.message)).toMatch(/Reply in this thread to discuss/);
    expect(await h.storage.threadOnMessage(h.ctx(), '50')).toMatchObject({ threadId: '50', cards: [{ paperId: NOPROP, messageId: '101' }] });
    expect(threads.names.get('50')).toMatch(/^Discuss: NoProp/);
  });

  it('links to the card already there instead of posting it again', async () => {
    await discuss(NOPROP);
    expect(textOf(await discuss('NoProp'))).toMatch(/^Discussion of “NoProp[^”]*” is in the thread: https:\/\/chat\.example\/C1\/50\/101$/);
    expect(threads.posts).toHaveLength(1);
  });

  it('posts another paper of the same message into the same thread', async () => {
    await discuss(NOPROP);
    const other = await otherPaper();
    expect(textOf(await discuss(other))).toMatch(/^Posted “[^”]+” in the thread on that message: https:\/\/chat\.example\/C1\/50\/102$/);
    expect(threads.posts.map((p) => p.threadId)).toEqual(['50', '50']);
    expect((await h.storage.threadOnMessage(h.ctx(), '50'))?.cards).toEqual(
      expect.arrayContaining([
        { paperId: NOPROP, messageId: '101' },
        { paperId: other, messageId: '102' },
      ]),
    );
    // A different message gets its own thread.
    await discuss(NOPROP, { messageId: '60' });
    expect(threads.posts.map((p) => p.threadId)).toEqual(['50', '50', '60']);
  });

  it('on a card inside a thread (threads: on), answers with that thread and records the card it was on', async () => {
    const reply = await discuss(NOPROP, { messageId: '71', threadId: '70' });
    expect(textOf(reply)).toMatch(/^Discussion of “NoProp[^”]*” is in this thread: https:\/\/chat\.example\/C1\/70\/71$/);
    expect(threads.posts).toHaveLength(0);
    expect((await h.storage.discussionThread('slack', 'T1', '70'))?.cards).toEqual([{ paperId: NOPROP, messageId: '71' }]);
    expect(textOf(await discuss(NOPROP, { messageId: '71', threadId: '70' }))).toMatch(/is in this thread/);
  });
});

describe('discuss: bad input and platform refusals', () => {
  it('typed, with no message to hang a thread from, says where the button is', async () => {
    const reply = await h.commands.runText('/papers discuss noprop', h.ctx({ threads }));
    expect(textOf(reply)).toMatch(/^To discuss “NoProp[^”]*”, press Discuss under it in a digest/);
    expect(threads.posts).toHaveLength(0);
    expect(textOf(await h.commands.runText('discuss', h.ctx()))).toMatch(/paper/i);
    expect(textOf(await h.commands.runText(`discuss ${'x'.repeat(3000)}`, h.ctx()))).toMatch(/at most 2000/);
  });

  it('suggests the closest titles for an unknown paper, as show does, and posts nothing', async () => {
    const shown = textOf(await h.commands.runText('show quantum gravity on mars', h.ctx()));
    expect(textOf(await discuss('quantum gravity on mars'))).toBe(shown);
    expect(textOf(await discuss('<!channel> @everyone 論文 🚀'))).toMatch(/No paper|not/i);
    expect(threads.posts).toHaveLength(0);
  });

  it('says so where the platform has no threads', async () => {
    expect(textOf(await discuss(NOPROP, { messageId: '50' }, {}))).toMatch(/^Discussion threads are not available here/);
  });

  it.each([
    ['a missing permission', 'paperboy may not create threads here; give it Create Public Threads and Send Messages in Threads'],
    ['a deleted parent message', 'that message was deleted, so it can have no thread; press Discuss on a newer digest'],
    ['an archived channel', 'this channel is archived; unarchive it to discuss here'],
  ])('gives the platform’s advice for %s and records nothing', async (_what, advice) => {
    failure = new DeliveryError(advice, { permanent: true });
    expect(textOf(await discuss(NOPROP))).toBe(`Could not open a discussion of “${(await h.commands.runText('show noprop', h.ctx())).fallback}”: ${advice}`);
    expect(await h.storage.threadOnMessage(h.ctx(), '50')).toBeUndefined();
  });

  it('records nothing when the thread opened but the card could not be posted', async () => {
    const flaky: DiscussionThreads = {
      ...threads,
      open: async () => '50',
      post: async () => Promise.reject(new DeliveryError('the thread is archived; unarchive it', { permanent: true })),
      link: async () => undefined,
    };
    expect(textOf(await discuss(NOPROP, { messageId: '50' }, { threads: flaky }))).toMatch(/: the thread is archived; unarchive it$/);
    expect(await h.storage.threadOnMessage(h.ctx(), '50')).toBeUndefined();
  });

  it('still answers, without a link, when the platform cannot give one', async () => {
    const noLinks: DiscussionThreads = {
      open: (p, n) => threads.open(p, n),
      post: (t, m) => threads.post(t, m),
      link: async () => Promise.reject(new DeliveryError('rate limited', { permanent: false })),
    };
    expect(textOf(await discuss(NOPROP, { messageId: '50' }, { threads: noLinks }))).toMatch(/^Opened a thread for “NoProp[^”]*”\.$/);
    expect((await h.storage.threadOnMessage(h.ctx(), '50'))?.cards).toHaveLength(1);
  });

  it('apologises with a reference for a failure that is not the platform’s answer', async () => {
    const broken: DiscussionThreads = { open: async () => Promise.reject(new TypeError('boom')), post: async () => '1', link: async () => undefined };
    expect(textOf(await discuss(NOPROP, { messageId: '50' }, { threads: broken }))).toMatch(/^Sorry, that went wrong on our side \(reference [0-9a-f]{8}\)/);
    expect(h.logged.some((l) => l.level === 'error' && l.fields.command === 'discuss')).toBe(true);
  });

  it('is hidden from help like share and upvote', async () => {
    expect(textOf(await h.commands.runText('help', h.ctx()))).not.toMatch(/discuss/);
    expect(textOf(await h.commands.runText('help discuss', h.ctx()))).toMatch(/^There is no command “discuss”/);
  });
});

describe('threadName', () => {
  it('names the thread after the paper, one clean line of at most 100 characters', () => {
    expect(threadName('NoProp: Training Neural Networks')).toBe('Discuss: NoProp: Training Neural Networks');
    // Mentions and markup stay text for the platform to escape; control and direction characters go.
    expect(threadName('<!channel> @everyone <@U123> **bold** </script>')).toBe('Discuss: <!channel> @everyone <@U123> **bold** </script>');
    expect(threadName('evil\u202etxt.exe\nnew line\u0000')).toBe('Discuss: evil txt.exe new line');
    const long = threadName('word '.repeat(60));
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long).toMatch(/^Discuss: word word .*…$/);
    const emoji = threadName('🚀'.repeat(150));
    expect(emoji.length).toBeLessThanOrEqual(100);
    expect(emoji.endsWith('🚀…')).toBe(true); // never half an emoji
    expect(threadName('モデル統合の研究')).toBe('Discuss: モデル統合の研究');
    expect(threadName('   ')).toBe('Discuss: a paper');
  });
});
