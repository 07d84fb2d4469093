import { describe, expect, it } from 'vitest';
import { composeDigest, type DigestInput, type Message, type Subscription } from '../../src/index.js';
import { okValue } from '../helpers/results.js';
import { shippedPaperboy } from '../helpers/shipped-corpus.js';

/** `threads: on`: a short header the digest is whole in, and each paper's card for its thread. */
const subscription = (over: Partial<Subscription> = {}): Subscription => ({
  id: 'slack:T1:C1',
  platform: 'slack',
  workspace: 'T1',
  channel: 'C1',
  time: '09:00',
  timezone: 'UTC',
  days: 'daily',
  count: 3,
  createdBy: 'U1',
  enabled: true,
  createdAt: 0,
  updatedAt: 0,
  threads: true,
  ...over,
});
const compose = async (input: Partial<DigestInput> = {}) =>
  okValue(await composeDigest({ paperboy: shippedPaperboy(), subscription: subscription(), localDate: '2026-11-27', postedPaperIds: new Set(), ...input }));
const cards = (m: Message) => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));

describe('composeDigest with threads: on', () => {
  it('makes a header of the heading and numbered, linked titles, with nothing to press', async () => {
    const { message, paperIds, threadCards } = await compose();
    expect(message.visibility).toBe('channel');
    expect(message.blocks[0]).toEqual({ type: 'heading', text: 'Trending papers · Friday 27 November 2026' });
    const header = cards(message);
    expect(header.map((c) => [c.rank, c.paperId])).toEqual(paperIds.map((id, i) => [i + 1, id]));
    for (const card of header) {
      expect(card.actions).toEqual([]);
      expect(card.summary).toBeUndefined();
      expect(card.url).toBe(shippedPaperboy().papers.get(card.paperId)!.url);
    }
    expect(message.blocks.at(-1)).toMatchObject({
      type: 'note',
      text: expect.stringMatching(/^Each paper’s card is in this message’s thread: reply under a card to discuss it\. 3 of today's trending papers/),
    });
    expect(message.fallback).toMatch(/^Trending papers · Friday 27 November 2026: 1\. NoProp/);
    expect(threadCards).toHaveLength(3);
  });

  it('gives each paper, in order, its full digest card with Save, 👍 and Discuss, for the channel', async () => {
    const { paperIds, threadCards } = await compose();
    const { threads: _on, ...daily } = subscription();
    const plain = await compose({ subscription: daily });
    expect(threadCards!.map((c) => c.paperId)).toEqual(paperIds);
    expect(plain.paperIds).toEqual(paperIds);
    threadCards!.forEach((card, i) => {
      expect(card.message.visibility).toBe('channel');
      // The same card the channel would have got in the daily message.
      expect(cards(card.message)).toEqual([cards(plain.message)[i]]);
      expect(cards(card.message)[0]!.actions.map((a) => a.kind)).toEqual(['save', 'upvote', 'discuss']);
      expect(card.message.fallback).toBe(`${i + 1}. ${cards(card.message)[0]!.title}`);
    });
    expect(plain.threadCards).toBeUndefined();
  });

  it('posts one line and no thread when nothing new qualifies', async () => {
    const all = new Set([...shippedPaperboy().papers.all()].map((p) => p.id));
    const { message, threadCards, paperIds } = await compose({ postedPaperIds: all });
    expect(message.blocks).toEqual([{ type: 'text', text: 'No new trending papers today: everything trending has been posted here already.' }]);
    expect(threadCards).toBeUndefined();
    expect(paperIds).toEqual([]);
  });
});
