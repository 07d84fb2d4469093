import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authorFollow, paperFollow, topicFollow } from '../../../src/follows/follow-input.js';
import type { Follow, FollowInput } from '../../../src/follows/follow.js';
import { createFollowMatcher, feedNews, type FeedNews } from '../../../src/follows/follow-matcher.js';
import { ingestLoaded, PaperCollection, parseArxivApiFeed, parseHfDailyPapers, type Paper, type PaperDraft } from '../../../src/index.js';
import type { Result } from '../../../src/result.js';
import { AUTHOR_FIXTURES } from '../../helpers/fixture-papers.js';
import { shippedCollection } from '../../helpers/shipped-corpus.js';

let nextId = 1;
function follow(user: string, input: Result<FollowInput> | FollowInput, workspace = 'T1'): Follow {
  const value = 'ok' in input ? (input.ok ? input.value : undefined) : input;
  if (value === undefined) throw new Error(`not a follow: ${JSON.stringify(input)}`);
  return { platform: 'slack', workspace, user, id: nextId++, createdAt: 0, ...value };
}

/** Fixture drafts as corpus papers (ids, defaults), the way a feed read's report hands them over. */
function papersOf(drafts: readonly PaperDraft[]): Paper[] {
  const collection = new PaperCollection();
  return [...ingestLoaded(collection, { papers: [...drafts], problems: [] }).added];
}

const news = (added: readonly Paper[], newVersions: readonly Paper[] = []): FeedNews => ({ added, newVersions });
const shipped = (): Paper[] => [...shippedCollection().all()];
const textOf = (p: Paper) => `${p.title} ${p.abstract}`;

describe('follow matcher: authors, on the feed fixtures', () => {
  const papers = papersOf([...AUTHOR_FIXTURES['real/arxiv-api-two.xml'](), ...AUTHOR_FIXTURES['arxiv-rss-cs-lg.xml'](), ...AUTHOR_FIXTURES['hf-2026-11-26.json']()]);
  const fairFed = papers.find((p) => p.title.startsWith('FairFed'))!;
  const measuring = papers.find((p) => p.title.startsWith('Measuring Disparate'))!;

  it('alerts each follower of an author of a new paper, saying which name matched', () => {
    const alerts = createFollowMatcher([
      follow('U1', authorFollow('Avestimehr, Salman')),
      follow('U2', authorFollow('S. Avestimehr')),
      follow('U3', authorFollow('Yahya Ezzeldin')),
      follow('U4', authorFollow('M. Avestimehr')),
      follow('U5', authorFollow('Tomo Lazovich')),
    ]).match(news(papers));
    expect(alerts).toEqual([
      { platform: 'slack', workspace: 'T1', user: 'U5', paperId: measuring.id, reasons: ['author Tomo Lazovich'] },
      { platform: 'slack', workspace: 'T1', user: 'U1', paperId: fairFed.id, reasons: ['author Salman Avestimehr'] },
      { platform: 'slack', workspace: 'T1', user: 'U2', paperId: fairFed.id, reasons: ['author S. Avestimehr (as “Salman Avestimehr”)'] },
      { platform: 'slack', workspace: 'T1', user: 'U3', paperId: fairFed.id, reasons: ['author Yahya Ezzeldin (as “Yahya H. Ezzeldin”)'] },
    ]);
  });

  it('reads arXiv TeX accents and suffixes in the feed: a follow of "Hannah Mueller" finds `Hannah M\\"uller`', () => {
    const alerts = createFollowMatcher([follow('U1', authorFollow('Hannah Mueller')), follow('U2', authorFollow('R. Smith'))]).match(news(papers));
    expect(alerts.map((a) => [a.user, a.reasons])).toEqual([
      ['U2', ['author R. Smith (as “Robert Smith”)']],
      ['U1', ['author Hannah Mueller (as “Hannah Müller”)']],
    ]);
  });

  it('survives a hostile payload (500 authors, mentions in names) without a false match', () => {
    const hostile = papersOf(parseHfDailyPapers(readFileSync(new URL('../../fixtures/feeds/hf-hostile.json', import.meta.url), 'utf8')).papers);
    const alerts = createFollowMatcher([follow('U1', authorFollow('Eve Mallory')), follow('U2', authorFollow('A. Number'))]).match(news(hostile));
    expect(alerts.filter((a) => a.user === 'U1').length).toBeGreaterThan(0);
    // "Author Number 17": the digits are no name, so "Author Number" stays a two-word name with the given name Author.
    expect(alerts.filter((a) => a.user === 'U2').every((a) => a.reasons.every((r) => r.startsWith('author A. Number (as “Author Number”)')))).toBe(true);
  });
});

describe('follow matcher: topics, on the shipped corpus', () => {
  const papers = shipped();
  const matched = (topic: string): Set<string> =>
    new Set(
      createFollowMatcher([follow('U1', topicFollow(topic))])
        .match(news(papers))
        .map((a) => a.paperId),
    );

  it('finds a word in any form the search analyser folds together ("transformer" finds "Transformers")', () => {
    const found = matched('transformer');
    const pluralOnly = papers.filter((p) => /\btransformers\b/i.test(textOf(p)) && !/\btransformer\b/i.test(textOf(p)));
    expect(pluralOnly.length).toBeGreaterThan(0);
    for (const paper of pluralOnly) expect(found.has(paper.id), paper.title).toBe(true);
    for (const paper of papers) if (!/transform/i.test(textOf(paper))) expect(found.has(paper.id)).toBe(false);
  });

  it('wants every word of the topic, in the title or the abstract', () => {
    const both = matched('mixture experts');
    expect(both.size).toBeGreaterThan(0);
    for (const paper of papers) {
      const text = textOf(paper);
      if (both.has(paper.id)) expect(/mixture/i.test(text) && /expert/i.test(text), paper.title).toBe(true);
      else expect(/mixtures?\b/i.test(text) && /\bexperts?\b/i.test(text), paper.title).toBe(false);
    }
  });

  it('finds a hyphenated compound by its joined form, as search does ("backpropagation" finds "Back-propagation")', () => {
    const noProp = papers.find((p) => p.title.startsWith('NoProp'))!;
    expect(noProp.title).toMatch(/Back-propagation/);
    expect(matched('backpropagation').has(noProp.id)).toBe(true);
  });

  it('matches nothing for words no new paper uses', () => {
    expect(matched('zymurgy fermentation').size).toBe(0);
  });
});

describe('follow matcher: one alert per person and paper, every reason', () => {
  const papers = papersOf(AUTHOR_FIXTURES['real/arxiv-api-two.xml']());
  const fairFed = papers.find((p) => p.title.startsWith('FairFed'))!;

  it('lists every follow that matched, in the order the person made them, once per follow', () => {
    const alerts = createFollowMatcher([
      follow('U1', topicFollow('federated fairness')),
      follow('U1', authorFollow('Salman Avestimehr')),
      follow('U1', authorFollow('Chaoyang He')),
      follow('U2', topicFollow('federated')),
    ]).match(news(papers));
    expect(alerts).toEqual([
      { platform: 'slack', workspace: 'T1', user: 'U1', paperId: fairFed.id, reasons: ['topic: federated fairness', 'author Salman Avestimehr', 'author Chaoyang He'] },
      { platform: 'slack', workspace: 'T1', user: 'U2', paperId: fairFed.id, reasons: ['topic: federated'] },
    ]);
  });

  it('keeps people apart by workspace and platform: the same user id elsewhere is someone else', () => {
    const alerts = createFollowMatcher([follow('U1', authorFollow('Chaoyang He'), 'T1'), follow('U1', authorFollow('Chaoyang He'), 'T2')]).match(news(papers));
    expect(alerts.map((a) => a.workspace)).toEqual(['T1', 'T2']);
  });

  it('gives nothing for no follows or no news', () => {
    expect(createFollowMatcher([]).match(news(papers))).toEqual([]);
    expect(createFollowMatcher([follow('U1', authorFollow('Chaoyang He'))]).match(news([]))).toEqual([]);
  });
});

describe('follow matcher: paper follows and new versions', () => {
  // The feed's newest version of 2403.01234 (v2), and the same paper as version 1 was, already in the corpus.
  const [v1, v2] = (() => {
    const outcome = parseArxivApiFeed(readFileSync(new URL('../../fixtures/feeds/arxiv-api-two-versions.xml', import.meta.url), 'utf8'));
    if (outcome.kind !== 'papers') throw new Error('fixture unreadable');
    const newest = outcome.result.papers.find((d) => d.arxivId === '2403.01234')!;
    expect(newest.arxivVersion).toBe(2);
    return [[{ ...newest, arxivVersion: 1 }], [newest]];
  })();

  it('alerts a paper follow when a feed read raises its arXiv version, and only then', () => {
    const collection = new PaperCollection();
    const first = ingestLoaded(collection, { papers: v1, problems: [] });
    const paper = first.added[0]!;
    const matcher = createFollowMatcher([follow('U1', paperFollow(paper)), follow('U2', authorFollow('Ada Lovelace')), follow('U3', topicFollow('mixture experts'))]);
    // The first read: new paper, so author and topic follows, not the paper follow.
    expect(matcher.match(feedNews(first)).map((a) => a.user)).toEqual(['U2', 'U3']);

    const second = ingestLoaded(collection, { papers: v2, problems: [] });
    expect(second.added).toEqual([]);
    const read = feedNews(second);
    expect(read.newVersions.map((p) => p.id)).toEqual([paper.id]);
    // A new version is news only to whoever follows the paper itself.
    expect(matcher.match(read)).toEqual([{ platform: 'slack', workspace: 'T1', user: 'U1', paperId: paper.id, version: 2, reasons: ['new version v2'] }]);

    // The same version read again is no news.
    expect(feedNews(ingestLoaded(collection, { papers: v2, problems: [] })).newVersions).toEqual([]);
  });
});
