import { describe, expect, it } from 'vitest';
import { composeDigest, summarize, type DigestInput, type Message, type Subscription } from '../../src/index.js';
import { okValue } from '../helpers/results.js';
import { shippedPaperboy } from '../helpers/shipped-corpus.js';

const subscription = (over: Partial<Subscription> = {}): Subscription => ({
  id: 'slack:T1:C1',
  kind: 'daily',
  platform: 'slack',
  workspace: 'T1',
  channel: 'C1',
  time: '09:00',
  timezone: 'Europe/Berlin',
  days: 'weekdays',
  count: 5,
  createdBy: 'U1',
  enabled: true,
  createdAt: 0,
  updatedAt: 0,
  ...over,
});
const compose = async (input: DigestInput) => okValue(await composeDigest(input));
const cards = (m: Message) => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));

describe('composeDigest', () => {
  it('posts the top trending papers with a dated heading, summaries, reasons and buttons', async () => {
    const { message, paperIds } = await compose({ paperboy: shippedPaperboy(), subscription: subscription(), localDate: '2026-11-27', postedPaperIds: new Set() });
    expect(message.visibility).toBe('channel');
    expect(message.blocks[0]).toEqual({ type: 'heading', text: 'Trending papers · Friday 27 November 2026' });
    const list = cards(message);
    expect(list.map((c) => c.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(paperIds).toEqual(list.map((c) => c.paperId));
    expect(list[0]).toMatchObject({ title: expect.stringMatching(/^NoProp/), why: '#1 on hf-trending 2026-11-26' });
    expect(list[0]!.actions.map((a) => a.kind)).toEqual(['save', 'upvote', 'discuss', 'cite']);
    for (const card of list) {
      expect(card.summary!.length).toBeLessThanOrEqual(300);
      expect(card.summary).toMatch(/[.!?…]$/);
    }
    expect(message.fallback).toMatch(/^Trending papers · Friday 27 November 2026: 1\. NoProp/);
  });

  it('never repeats a paper already posted to the channel', async () => {
    const first = await compose({ paperboy: shippedPaperboy(), subscription: subscription(), localDate: '2026-11-27', postedPaperIds: new Set() });
    const second = await compose({ paperboy: shippedPaperboy(), subscription: subscription(), localDate: '2026-11-28', postedPaperIds: new Set(first.paperIds) });
    expect(second.paperIds).toHaveLength(5);
    expect(second.paperIds.filter((id) => first.paperIds.includes(id))).toEqual([]);
  });

  it('keeps to the topic, and says in one line when nothing new qualifies', async () => {
    const sub = subscription({ topic: 'model merging', count: 10 });
    const first = await compose({ paperboy: shippedPaperboy(), subscription: sub, localDate: '2026-11-27', postedPaperIds: new Set() });
    expect(first.message.blocks[0]).toEqual({ type: 'heading', text: 'Trending papers on “model merging” · Friday 27 November 2026' });
    expect(cards(first.message).every((c) => /merg/i.test(`${c.title} ${shippedPaperboy().papers.get(c.paperId)!.abstract}`))).toBe(true);
    const posted = new Set<string>(first.paperIds);
    let next = await compose({ paperboy: shippedPaperboy(), subscription: sub, localDate: '2026-11-28', postedPaperIds: posted });
    while (next.paperIds.length > 0) {
      for (const id of next.paperIds) posted.add(id);
      next = await compose({ paperboy: shippedPaperboy(), subscription: sub, localDate: '2026-11-28', postedPaperIds: posted });
    }
    expect(next.message.blocks).toEqual([{ type: 'text', text: 'No new trending papers on “model merging” today.' }]);
  });

  it('says so when everything trending has been posted', async () => {
    const all = new Set([...shippedPaperboy().papers.all()].map((p) => p.id));
    const { message, paperIds } = await compose({ paperboy: shippedPaperboy(), subscription: subscription(), localDate: '2026-11-27', postedPaperIds: all });
    expect(paperIds).toEqual([]);
    expect(message.blocks).toEqual([{ type: 'text', text: 'No new trending papers today: everything trending has been posted here already.' }]);
  });

  it('lets the team’s saves lift a paper within what is trending, but not out of nowhere', async () => {
    const papers = [...shippedPaperboy().papers.all()];
    const sixth = papers[5]!;
    const last = papers.at(-1)!;
    const { paperIds, message } = await compose({
      paperboy: shippedPaperboy(),
      subscription: subscription({ count: 1 }),
      localDate: '2026-11-27',
      postedPaperIds: new Set(),
      signals: new Map([
        [sixth.id, { saves: 3, reactions: 0 }],
        [last.id, { saves: 3, reactions: 0 }],
      ]),
    });
    expect(paperIds).toEqual([sixth.id]);
    expect(cards(message)[0]!.why).toBe('#6 on hf-trending 2026-11-26 · saved by 3 teammates');
  });
});

/** `threads: on`: a short header the digest is whole in, and each paper's card for its thread. */
const threadedDigest = async (input: Partial<DigestInput> = {}) =>
  compose({ paperboy: shippedPaperboy(), subscription: subscription({ timezone: 'UTC', days: 'daily', count: 3, threads: true }), localDate: '2026-11-27', postedPaperIds: new Set(), ...input });

describe('composeDigest with threads: on', () => {
  it('makes a header of the heading and numbered, linked titles, with nothing to press', async () => {
    const { message, paperIds, threadCards } = await threadedDigest();
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

  it('gives each paper, in order, its full digest card with Save, 👍, Discuss and Cite, for the channel', async () => {
    const { paperIds, threadCards } = await threadedDigest();
    const { threads: _on, ...daily } = subscription({ timezone: 'UTC', days: 'daily', count: 3 });
    const plain = await threadedDigest({ subscription: daily });
    expect(threadCards!.map((c) => c.paperId)).toEqual(paperIds);
    expect(plain.paperIds).toEqual(paperIds);
    threadCards!.forEach((card, i) => {
      expect(card.message.visibility).toBe('channel');
      // The same card the channel would have got in the daily message.
      expect(cards(card.message)).toEqual([cards(plain.message)[i]]);
      expect(cards(card.message)[0]!.actions.map((a) => a.kind)).toEqual(['save', 'upvote', 'discuss', 'cite']);
      expect(card.message.fallback).toBe(`${i + 1}. ${cards(card.message)[0]!.title}`);
    });
    expect(plain.threadCards).toBeUndefined();
  });

  it('posts one line and no thread when nothing new qualifies', async () => {
    const all = new Set([...shippedPaperboy().papers.all()].map((p) => p.id));
    const { message, threadCards, paperIds } = await threadedDigest({ postedPaperIds: all });
    expect(message.blocks).toEqual([{ type: 'text', text: 'No new trending papers today: everything trending has been posted here already.' }]);
    expect(threadCards).toBeUndefined();
    expect(paperIds).toEqual([]);
  });
});

describe('summarize', () => {
  it('cuts at a sentence boundary, keeping a short first sentence company', async () => {
    expect(summarize('Short one. Then a second sentence that explains more. And a third.')).toBe('Short one. Then a second sentence that explains more.');
    expect(summarize('We follow Smith et al. in spirit, e.g. on CIFAR-10 with 3.5% error. More.')).toBe('We follow Smith et al. in spirit, e.g. on CIFAR-10 with 3.5% error. More.');
    const long = `${'A very long first sentence without end '.repeat(12)}finally.`;
    expect(summarize(long).length).toBeLessThanOrEqual(300);
    expect(summarize(long).endsWith('…')).toBe(true);
    expect(summarize('')).toBe('');
  });
});
