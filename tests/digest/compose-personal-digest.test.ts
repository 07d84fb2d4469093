import { describe, expect, it } from 'vitest';
import { composePersonalDigest, type PersonalDigestInput } from '../../src/digest/compose-personal-digest.js';
import type { Follow, FollowInput } from '../../src/follows/follow.js';
import { authorFollow, topicFollow } from '../../src/follows/follow-input.js';
import type { Message, PaperCard } from '../../src/messages/message.js';
import { createPaperboy, type Paperboy } from '../../src/paperboy.js';
import { personalChannel, type PersonRef } from '../../src/personal/person.js';
import type { Subscription } from '../../src/subscriptions/subscription.js';
import { errorOf, okValue } from '../helpers/results.js';
import { shippedCollection } from '../helpers/shipped-corpus.js';

/**
 * A person's own digest: their follows over the last seven days' papers first, then papers
 * like their saves, then the team's trending; never one they were sent or alerted about.
 */
const ada: PersonRef = { platform: 'slack', workspace: 'T1', user: 'U-ada' };
const NOPROP = 'noprop-training-neural-networks-without';

function corpus(): Paperboy {
  const papers = shippedCollection();
  papers.addAll([
    {
      arxivId: '2611.20001',
      title: 'Energy-Based World Models for Planning',
      abstract: 'World models trained with energy objectives.',
      authors: ['Y. LeCun', 'A. Bardes'],
      appearances: [{ source: 'arxiv:cs.LG', date: '2026-11-24' }],
    },
    {
      arxivId: '2611.20002',
      title: 'Diffusion Transformers Learn Physics',
      abstract: 'We probe what video diffusion transformers know.',
      authors: ['Mira Chen'],
      appearances: [{ source: 'hf-trending', date: '2026-11-25', rank: 12 }],
    },
    {
      arxivId: '2611.20003',
      title: 'Scalable Diffusion Transformers with Energy Objectives',
      abstract: 'Energy meets diffusion.',
      authors: ['Yann LeCun', 'Ana Ruiz'],
      appearances: [{ source: 'arxiv:cs.LG', date: '2026-11-22' }],
    },
    // Listed more than a week before: old news for a digest, though it matches both follows.
    { arxivId: '2611.10004', title: 'Diffusion Transformers, Revisited', abstract: 'An older look.', authors: ['Yann LeCun'], appearances: [{ source: 'arxiv:cs.LG', date: '2026-11-10' }] },
  ]);
  return createPaperboy({ papers });
}
const paperboy = corpus();

const follow = (input: FollowInput, id: number): Follow => ({ ...ada, ...input, id, createdAt: 0 });
const FOLLOWS = [follow(okValue(authorFollow('Yann LeCun')), 1), follow(okValue(topicFollow('diffusion transformers')), 2)];

const subscription = (over: Partial<Subscription> = {}): Subscription => ({
  ...personalChannel(ada),
  id: 'slack:T1:user:U-ada',
  kind: 'daily',
  time: '08:30',
  timezone: 'Europe/Berlin',
  days: 'weekdays',
  count: 8,
  createdBy: 'U-ada',
  enabled: true,
  createdAt: 0,
  updatedAt: 0,
  ...over,
});
const input = (over: Partial<PersonalDigestInput> = {}): PersonalDigestInput => ({
  paperboy,
  subscription: subscription(),
  day: '2026-11-26',
  follows: FOLLOWS,
  savedPaperIds: [NOPROP],
  postedPaperIds: new Set(),
  alertedPaperIds: new Set(),
  ...over,
});
const compose = async (over: Partial<PersonalDigestInput> = {}) => okValue(await composePersonalDigest(input(over)));
const cards = (m: Message): PaperCard[] => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));

describe('composePersonalDigest', () => {
  it('puts what the person follows first, then papers like their saves (at most half), then the team’s trending, each saying why', async () => {
    const { message, paperIds } = await compose();
    expect(message.blocks[0]).toEqual({ type: 'heading', text: 'Your papers · Thursday 26 November 2026' });
    const list = cards(message);
    expect(paperIds).toEqual(list.map((c) => c.paperId));
    expect(list).toHaveLength(8);
    // Both follows first, then the most recently listed.
    expect(list.slice(0, 3).map((c) => c.paperId)).toEqual(['2611.20003', '2611.20002', '2611.20001']);
    expect(list[0]!.why).toMatch(/^follows author Yann LeCun.* · follows topic: diffusion transformers$/);
    expect(list[1]!.why).toBe('follows topic: diffusion transformers');
    expect(list[2]!.why).toMatch(/^follows author Yann LeCun/);
    expect(list.slice(3, 7).map((c) => c.why)).toEqual(Array(4).fill('like your saved “NoProp: Training Neural Networks without Back-propagation…”'));
    expect(list[7]!.why).toMatch(/^#\d+ trending · #\d+ on hf-trending 2026-11-26/);
    expect(list.map((c) => c.paperId)).not.toContain('2611.10004');
    // A DM: private, and nothing to discuss with.
    expect(message.visibility).toBe('private');
    expect(list[0]!.actions.map((a) => a.kind)).toEqual(['save', 'upvote', 'cite']);
    expect(message.blocks.at(-1)).toMatchObject({ type: 'note', text: expect.stringContaining('/papers unsubscribe me to stop') });
  });

  it('ranks trending papers by their place in the team’s trending, skipping what the person saved', async () => {
    const list = cards((await compose({ follows: [], savedPaperIds: [NOPROP], subscription: subscription({ count: 2 }) })).message);
    // One save's related papers fill at most half; NoProp (#1, saved) is left out, so the next trending paper is #2.
    expect(list.map((c) => c.why!.split(' · ')[0])).toEqual(['like your saved “NoProp: Training Neural Networks without Back-propagation…”', '#2 trending']);
  });

  it('never repeats a paper this digest posted, one the person was alerted about, or one they saved', async () => {
    const first = await compose();
    const posted = new Set(first.paperIds.slice(0, 4));
    const alerted = new Set(first.paperIds.slice(4));
    const second = await compose({ postedPaperIds: posted, alertedPaperIds: alerted, day: '2026-11-27' });
    expect(second.paperIds).toHaveLength(8);
    for (const id of second.paperIds) {
      expect(posted.has(id) || alerted.has(id) || id === NOPROP).toBe(false);
    }
  });

  it('is the team’s trending alone for someone with no follows and no saves', async () => {
    const list = cards((await compose({ follows: [], savedPaperIds: [], subscription: subscription({ count: 3 }) })).message);
    expect(list.map((c) => c.why!.split(' · ')[0])).toEqual(['#1 trending', '#2 trending', '#3 trending']);
  });

  it('says in one line, with what to do, when nothing new is left', async () => {
    const everything = new Set([...paperboy.papers.all()].map((p) => p.id));
    const { message, paperIds } = await compose({ postedPaperIds: everything });
    expect(paperIds).toEqual([]);
    expect(message.visibility).toBe('private');
    expect(message.blocks).toEqual([
      { type: 'text', text: expect.stringMatching(/^Nothing new for you today: .* \/papers follow topic: … adds to what you follow; \/papers unsubscribe me stops this digest\.$/) },
    ]);
  });

  it('has a weekly form over the week’s trending', async () => {
    const { message } = await compose({ subscription: subscription({ days: 'friday', kind: 'weekly', id: 'slack:T1:user:U-ada:weekly' }), day: '2026-11-27' });
    expect(message.blocks[0]).toEqual({ type: 'heading', text: 'Your papers this week · Week 48 · 23 – 29 November 2026' });
    expect(message.blocks.at(-1)).toMatchObject({ type: 'note', text: expect.stringContaining('/papers unsubscribe me weekly to stop') });
  });

  it('answers not_ready while the index is being built, so the scheduler tries again', async () => {
    const building = createPaperboy({ papers: shippedCollection(), status: () => ({ state: 'indexing', done: 10, total: 231, reason: 'first build' }) });
    expect(errorOf(await composePersonalDigest(input({ paperboy: building }))).code).toBe('not_ready');
  });
});
