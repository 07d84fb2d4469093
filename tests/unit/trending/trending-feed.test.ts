import { describe, expect, it } from 'vitest';
import { PaperCollection, trendingFeed, trendingScore, type PaperInput, type TrendingEntry } from '../../../src/index.js';

/** The feed description of trending entries: ids, links and dates a feed reader can rely on. */
const SERVICE = 'https://papers.example.org';
const TODAY = '2026-11-26';

function entries(...inputs: PaperInput[]): TrendingEntry[] {
  const collection = new PaperCollection();
  return inputs.map((input) => {
    const paper = collection.add(input).paper;
    return { paper, trend: trendingScore(paper, TODAY) };
  });
}

describe('trendingFeed', () => {
  it('dates an entry by the latest listing trending counted, never by a later one or the clock', () => {
    const feed = trendingFeed(
      entries(
        {
          id: 'hep-th/9901001',
          title: 'Old-Style Id',
          appearances: [
            { source: 'hf', date: '2026-11-24', rank: 3 },
            { source: 'hf', date: '2026-11-25', rank: 1 },
            { source: 'hf', date: '2026-11-30', rank: 1 }, // after the day asked about: not counted
          ],
        },
        { id: 'never-listed', title: 'Only Imported', addedAt: '2026-10-01T12:30:00Z' },
      ),
      { serviceUrl: SERVICE, today: TODAY },
    );
    expect(feed.entries.map((e) => [e.id, e.updated])).toEqual([
      [`${SERVICE}/papers/hep-th%2F9901001`, '2026-11-25T00:00:00.000Z'],
      [`${SERVICE}/papers/never-listed`, '2026-10-01T12:30:00.000Z'],
    ]);
    expect(feed.updated).toBe('2026-11-25T00:00:00.000Z'); // the newest entry's, not the corpus's day
    expect(feed.entries[0]!.link).toBe(`${SERVICE}/papers/hep-th%2F9901001`); // no page of its own
  });

  it('names the feed by service and topic only: the count is in the self link, not the id', () => {
    const one = trendingFeed([], { serviceUrl: SERVICE, topic: ' model   merging ', count: 5, today: TODAY });
    const other = trendingFeed([], { serviceUrl: SERVICE, topic: 'model merging' });
    expect(one.id).toBe(`${SERVICE}/trending.atom?topic=model+merging`);
    expect(other.id).toBe(one.id);
    expect(one.selfLink).toBe(`${SERVICE}/trending.atom?topic=model+merging&count=5`);
    expect(one.title).toBe('paperboy: trending on “model merging”');
    // Empty: dated by the corpus's latest day when known, else a fixed date (never "now").
    expect(one.updated).toBe(`${TODAY}T00:00:00.000Z`);
    expect(other.updated).toBe('1970-01-01T00:00:00.000Z');
    expect(trendingFeed([], { serviceUrl: SERVICE, topic: '   ' }).id).toBe(`${SERVICE}/trending.atom`);
  });

  it('gives the paper’s page, code, reasons, summary, publication date and authors, cleaned', () => {
    const [entry] = trendingFeed(
      entries({
        id: '2611.00001',
        title: 'Bidi\u202e trick\u0000 title',
        url: 'https://arxiv.org/abs/2611.00001',
        codeUrls: ['https://github.com/example/code'],
        abstract: 'First sentence here. Second one follows. Third is dropped because the summary keeps it short enough for a card, and this goes on for a while to make sure.',
        authors: ['Ada\u0007 Lovelace', 'Alan Turing'],
        publishedAt: '2026-11-20',
        appearances: [{ source: 'hf-trending', date: TODAY, rank: 2, upvotes: 42 }],
      }),
      { serviceUrl: SERVICE },
    ).entries;
    expect(entry).toEqual({
      id: `${SERVICE}/papers/2611.00001`,
      title: 'Bidi trick title',
      link: 'https://arxiv.org/abs/2611.00001',
      codeLink: 'https://github.com/example/code',
      why: '#2 on hf-trending 2026-11-26 · 42 upvotes',
      summary: 'First sentence here. Second one follows.',
      authors: ['Ada Lovelace', 'Alan Turing'],
      updated: `${TODAY}T00:00:00.000Z`,
      published: '2026-11-20T00:00:00.000Z',
    });
  });
});
