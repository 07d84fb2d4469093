import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RANKING, evaluate, parseBeirCorpus, parseBeirQueries, parseDailyPage, parseQrels, type Paperboy, type PaperDraft, type RankingSettings } from '../../src/index.js';
import { errorOf, okValue } from '../helpers/results.js';
import { shippedPageBytes } from '../helpers/shipped-corpus.js';
import { SMALL_CORPUS } from '../helpers/small-corpus.js';

/**
 * The search port's one contract: every engine (MiniSearch in memory, SQLite FTS5 on disk,
 * in this thread or behind worker threads) answers the query language, ranking, related,
 * topics, live upserts and evaluation alike. Run it with `searchEngineContract(name, open)`.
 */
export interface EngineUnderTest {
  readonly paperboy: Paperboy;
  close(): Promise<void>;
}

export type OpenEngine = (drafts: readonly PaperDraft[], options?: { readonly ranking?: RankingSettings }) => Promise<EngineUnderTest>;

const BEIR_MINI = fileURLToPath(new URL('../fixtures/beir-mini', import.meta.url));
const NO_ACRONYMS: RankingSettings = { ...DEFAULT_RANKING, mineAcronyms: false };

const shippedDrafts = (): PaperDraft[] => parseDailyPage(shippedPageBytes(), { feedDate: '2026-11-26' }).papers;

const fresh = (over: Partial<PaperDraft> = {}): PaperDraft => ({
  title: 'Zipper Merging of Quokka Adapters',
  abstract: 'We merge adapters with a platypus zipper.',
  arxivId: '2611.07777',
  arxivVersion: 1,
  appearances: [{ source: 'hf-daily', date: '2026-11-27', rank: 1, upvotes: 5 }],
  ...over,
});

export function searchEngineContract(name: string, open: OpenEngine): void {
  describe(`search engine contract: ${name}`, () => {
    const opened: EngineUnderTest[] = [];
    const openTracked = async (drafts: readonly PaperDraft[], options?: { ranking?: RankingSettings }): Promise<Paperboy> => {
      const engine = await open(drafts, options);
      opened.push(engine);
      return engine.paperboy;
    };
    let small: Paperboy;
    let shipped: Paperboy;
    let shippedNoAcronyms: Paperboy;
    beforeAll(async () => {
      small = await openTracked(SMALL_CORPUS);
      shipped = await openTracked(shippedDrafts());
      shippedNoAcronyms = await openTracked(shippedDrafts(), { ranking: NO_ACRONYMS });
    });
    afterAll(async () => {
      for (const engine of opened) await engine.close();
    });

    const titles = async (pb: Paperboy, query: string): Promise<string[]> => okValue(await pb.search({ query, limit: 20 })).hits.map((h) => h.paper.title);
    const ids = async (pb: Paperboy, query: string, limit = 10): Promise<string[]> => okValue(await pb.search({ query, limit })).hits.map((h) => h.paper.id);

    describe('the query language', () => {
      it('requires a phrase, in order, in any inflection', async () => {
        expect(await titles(small, '"image classification"')).toEqual(['Image Classification with Deep Convolutional Networks']);
        expect(await titles(small, '"classification image"')).toEqual([]);
        expect((await titles(small, '"mixtures of expert"')).sort()).toEqual(['Sparse Mixture of Experts Routing', 'Survey of Expert Routing']);
      });

      it('leaves out excluded words (any form) and phrases (that phrase only)', async () => {
        expect(await titles(small, 'experts')).toContain('Survey of Expert Routing');
        expect(await titles(small, 'experts -survey')).not.toContain('Survey of Expert Routing');
        expect(await titles(small, 'experts -surveys')).not.toContain('Survey of Expert Routing');
        expect(await titles(small, 'experts -"load balancing"')).not.toContain('Survey of Expert Routing');
        expect(await titles(small, 'experts -"balancing load"')).toContain('Survey of Expert Routing');
      });

      it('filters by author, accents and initials aside', async () => {
        expect(await titles(small, 'author:hinton')).toEqual(['Sparse Mixture of Experts Routing', 'Image Classification with Deep Convolutional Networks']);
        expect(await titles(small, 'author:schmidhuber')).toEqual(['Survey of Expert Routing']);
        expect(await titles(small, 'author:"jurgen schmid"')).toEqual(['Survey of Expert Routing']);
        expect(await titles(small, 'routing author:"geoffrey hinton"')).toEqual(['Sparse Mixture of Experts Routing']);
        expect(await titles(small, 'author:"g. e. hinton"')).toEqual(['Sparse Mixture of Experts Routing']);
        expect(await titles(small, 'author:"g hinton"')).toEqual(await titles(small, 'author:hinton'));
        expect(await titles(small, 'author:"hinton shazeer"')).toEqual([]);
        expect(await titles(small, 'author:nobody')).toEqual([]);
      });

      it('filters by date and by code, and lists filter-only queries newest first', async () => {
        expect(await titles(small, 'since:2021-06-17')).toEqual(['Low-Rank Adaptation of Large Language Models', 'Adapters Everywhere', 'Survey of Expert Routing']);
        expect(await titles(small, 'has:code')).toEqual(['Low-Rank Adaptation of Large Language Models']);
        expect(await titles(small, 'lora has:code')).toEqual(['Low-Rank Adaptation of Large Language Models']);
        expect(okValue(await small.search({ query: 'since:2021-06-17' })).total).toBe(3);
      });

      it('filters by title words in any inflection', async () => {
        expect(await titles(small, 'title:routing')).toEqual(['Sparse Mixture of Experts Routing', 'Survey of Expert Routing']);
        expect(await titles(small, 'title:"routes of experts"')).toEqual(['Sparse Mixture of Experts Routing', 'Survey of Expert Routing']);
        expect(await titles(small, 'title:"survey expert"')).toEqual(['Survey of Expert Routing']);
        expect(await titles(small, 'experts title:survey')).toEqual(['Survey of Expert Routing']);
        expect(errorOf(await small.search({ query: 'title:"the of"' })).message).toMatch(/too common/);
      });

      it('shows a paper first when the query is its id or arXiv link', async () => {
        expect((await titles(small, 'https://arxiv.org/abs/2106.09685v2'))[0]).toBe('Low-Rank Adaptation of Large Language Models');
        expect((await titles(small, '1701.06538'))[0]).toBe('Sparse Mixture of Experts Routing');
      });

      it('marks the matched words in the snippet', async () => {
        const hit = okValue(await small.search({ query: 'trainable decomposition', limit: 1 })).hits[0]!;
        expect(hit.snippet.marks.map(([s, e]) => hit.snippet.text.slice(s, e))).toEqual(['trainable', 'decomposition']);
      });

      it('refuses bad paging and explains empty queries', async () => {
        expect(errorOf(await shipped.search({ query: 'x', limit: 0 })).message).toMatch(/limit must be a whole number from 1/);
        expect(errorOf(await shipped.search({ query: 'x', offset: -1 })).message).toMatch(/offset/);
        expect(errorOf(await shipped.search({ query: 'the of and' })).message).toMatch(/too common/);
        for (const query of ['"', '-', '🚀🚀', '""']) expect(errorOf(await shipped.search({ query })).code).toBe('empty_query');
      });

      it('searches the words inside hostile markup, and answers unicode and huge words', async () => {
        expect(await ids(shipped, '<!channel> @everyone <@U123> *attention*', 50)).toEqual(await ids(shipped, 'channel everyone U123 attention', 50));
        expect(await ids(shipped, '<script>alert("merging")</script>', 50)).toEqual(await ids(shipped, 'script alert merging script', 50));
        expect(okValue(await shipped.search({ query: 'モデル統合 🚀' })).total).toBe(0);
        expect((await ids(shipped, 'Mamba\u2011ND'))[0]).toBe('mamba-nd-selective-state-space-modeling');
        expect(okValue(await shipped.search({ query: 'a'.repeat(499) })).total).toBe(0);
      });
    });

    describe('ranking on the shipped corpus', () => {
      it('finds NoProp and Mono-Forward in the top 3 for "training without backpropagation"', async () => {
        const top3 = await ids(shipped, 'training without backpropagation', 3);
        expect(top3).toContain('noprop-training-neural-networks-without');
        expect(top3).toContain('mono-forward-backpropagation-free');
      });

      it('puts the paper first when its name is the query', async () => {
        expect((await ids(shipped, 'NoProp'))[0]).toBe('noprop-training-neural-networks-without');
        expect((await ids(shipped, 'Mamba-ND'))[0]).toBe('mamba-nd-selective-state-space-modeling');
      });

      it('treats "back-propagation", "back propagation" and "backpropagation" alike', async () => {
        for (const query of ['back-propagation free', 'backpropagation free', 'back propagation free']) {
          expect(await ids(shipped, query, 3)).toContain('mono-forward-backpropagation-free');
        }
      });

      it.each([
        ['MoE', 'learning-factored-representations'], // writes only "mixture of experts"
        ['LoRA', 'low-rank-adapters-meet-neural'], // writes only "low-rank adapters/adaptation"
        ['SSM', 'mamba-nd-selective-state-space-modeling'], // writes only "state space"
      ])('finds papers that spell out %s, from acronyms mined from the corpus', async (acronym, id) => {
        expect(await ids(shipped, acronym, 50)).toContain(id);
        expect(await ids(shippedNoAcronyms, acronym, 50)).not.toContain(id);
      });

      it('counts a paper that only writes "LoRA" as being about "low-rank adaptation", and vice versa', async () => {
        const topic = async (pb: Paperboy, words: string): Promise<string[]> => okValue(await pb.trending({ limit: 50, topic: words })).map((e) => e.paper.id);
        expect(await topic(shipped, 'low-rank adaptation')).toContain('s-2-ft-efficient-scalable');
        expect(await topic(shippedNoAcronyms, 'low-rank adaptation')).not.toContain('s-2-ft-efficient-scalable');
        expect(await topic(shipped, 'LoRA')).toContain('low-rank-adapters-meet-neural');
        expect(await topic(shippedNoAcronyms, 'LoRA')).not.toContain('low-rank-adapters-meet-neural');
        expect(await topic(shipped, 'mixture-of-experts')).toEqual(await topic(shipped, 'mixture of experts'));
      });

      it('scores a paper that writes both "MoE" and "mixture of experts" as the acronym alone would', async () => {
        const score = async (pb: Paperboy): Promise<number | undefined> =>
          okValue(await pb.search({ query: 'MoE', limit: 50 })).hits.find((h) => h.paper.id === 'dmoerm-recipes-of-mixture-of-experts')?.score;
        const withAcronyms = (await score(shipped))!;
        const acronymAlone = (await score(shippedNoAcronyms))!;
        expect(withAcronyms).toBeGreaterThan(0);
        // Counted once: within a hair (engines that score all fields together see other papers' aliases in the average length).
        expect(Math.abs(withAcronyms - acronymAlone) / acronymAlone).toBeLessThan(0.001);
      });

      it('survives misspelled and clipped words, and says it used near spellings', async () => {
        expect(await ids(shipped, 'backpropogation', 3)).toContain('mono-forward-backpropagation-free');
        expect(await ids(shipped, 'knowledge distilation', 3)).toContain('distilling-the-knowledge-in-a-neural');
        const clipped = okValue(await shipped.search({ query: 'can networks learn without backprop', limit: 3 }));
        expect(clipped.respelled).toEqual(['backprop']);
      });

      it('puts the right paper in the top 3 for questions asked as a person asks them', async () => {
        const top3 = async (question: string): Promise<string[]> => ids(shipped, question, 3);
        expect(await top3('can networks learn without backprop')).toEqual(expect.arrayContaining(['noprop-training-neural-networks-without', 'mono-forward-backpropagation-free']));
        expect(await top3('which methods make attention cheaper for long documents')).toContain('tcnca-temporal-convolution-network');
        expect(await top3('does anyone know a paper on merging LoRA adapters?')).toContain('merging-loras-like-playing-lego-pushing');
      });

      it('does not blur a correctly spelled word with look-alikes', async () => {
        const hits = okValue(await shipped.search({ query: 'merging', limit: 50 })).hits;
        expect(hits.length).toBeGreaterThan(0);
        expect(hits.every((h) => h.matchedTerms.includes('merg'))).toBe(true);
        expect(okValue(await shipped.search({ query: 'merging' })).respelled).toEqual([]);
      });

      it('pages without gaps or repeats, and counts every match', async () => {
        const all = await ids(shipped, 'neural network training', 30);
        const paged: string[] = [];
        for (const offset of [0, 10, 20]) paged.push(...okValue(await shipped.search({ query: 'neural network training', offset, limit: 10 })).hits.map((h) => h.paper.id));
        expect(paged).toEqual(all);
        const past = okValue(await shipped.search({ query: 'neural network training', offset: 10_000, limit: 10 }));
        expect(past.hits).toEqual([]);
        expect(past.total).toBeGreaterThan(30);
      });
    });

    describe('show and related', () => {
      it('finds a paper by id, arXiv id, title or title words', async () => {
        expect(okValue(await small.show('https://huggingface.co/papers/2106.09685')).title).toBe('Low-Rank Adaptation of Large Language Models');
        expect(okValue(await small.show('arXiv:2106.09685v1')).title).toBe('Low-Rank Adaptation of Large Language Models');
        expect(okValue(await small.show('adapters everywhere')).title).toBe('Adapters Everywhere');
        expect(okValue(await small.show('Everywhere')).title).toBe('Adapters Everywhere');
      });

      it('asks for an id when title words fit several papers, and answers hostile references', async () => {
        expect(errorOf(await small.show('routing')).message).toMatch(/could be several papers: .*1701\.06538.*Use the id/);
        expect(errorOf(await small.show('routing networks')).message).toMatch(/No paper title has all of "routing networks"\. Closest: /);
        expect(errorOf(await small.show('x'.repeat(5000))).message).toMatch(/5000 characters; give a paper id/);
        expect(errorOf(await small.show('<!channel> @everyone')).code).toBe('not_found');
        expect(errorOf(await small.show('模型 🚀')).code).toBe('not_found');
        expect(errorOf(await small.show('  ')).code).toBe('bad_argument');
      });

      it('finds papers sharing distinctive words and authors, never the paper itself, and says which words', async () => {
        const page = okValue(await small.related('1701.06538'));
        expect(page.hits.map((h) => h.paper.id)).not.toContain('1701.06538');
        expect(page.hits[0]!.paper.title).toBe('Survey of Expert Routing');
        expect(page.hits[0]!.sharedWords.map((w) => w.toLowerCase())).toEqual(expect.arrayContaining(['experts', 'routing']));
        const byAuthor = okValue(await small.related('image classification with deep convolutional networks'));
        expect(byAuthor.hits.map((h) => h.paper.title)).toContain('Sparse Mixture of Experts Routing');
        expect(errorOf(await small.related('no-such-paper-anywhere')).code).toBe('not_found');
      });
    });

    describe('topics for trending and digests', () => {
      it('keeps to a topic, acronyms included, in trending order', async () => {
        const merging = okValue(await shipped.trending({ limit: 50, today: '2026-11-26', topic: 'model merging' }));
        expect(merging.length).toBeGreaterThan(2);
        const ranks = merging.map((e) => e.paper.appearances[0]!.rank!);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        expect(merging.every((e) => /merg/i.test(`${e.paper.title} ${e.paper.abstract}`) && /model/i.test(`${e.paper.title} ${e.paper.abstract}`))).toBe(true);
        const moe = okValue(await shipped.trending({ limit: 50, today: '2026-11-26', topic: 'MoE' })).map((e) => e.paper.id);
        expect(moe).toContain('learning-factored-representations');
        expect(
          okValue(await small.trending({ limit: 10, topic: 'low rank adaptation' }))
            .map((e) => e.paper.title)
            .sort(),
        ).toEqual(['Adapters Everywhere', 'Low-Rank Adaptation of Large Language Models']);
      });

      it('refuses topics with nothing to search, and checks them before a subscription saves one', async () => {
        expect(errorOf(await shipped.trending({ limit: 5, topic: '' })).code).toBe('empty_query');
        expect(errorOf(await shipped.checkTopic('the of')).message).toMatch(/too common/);
        expect(okValue(await shipped.checkTopic('model merging'))).toBe(true);
      });
    });

    describe('live upserts from feeds', () => {
      it('makes new papers searchable at once, and re-indexes updated ones in place', async () => {
        const pb = await openTracked(SMALL_CORPUS);
        expect(okValue(await pb.search({ query: 'quokka' })).total).toBe(0);
        const report = await pb.ingest({ papers: [fresh()], problems: [] });
        expect(report.added.map((p) => p.id)).toEqual(['2611.07777']);
        expect(okValue(await pb.search({ query: 'quokka zipper' })).hits.map((h) => h.paper.id)).toEqual(['2611.07777']);
        expect(okValue(await pb.show('2611.07777v1')).title).toBe('Zipper Merging of Quokka Adapters');
        await pb.ingest({ papers: [fresh({ arxivVersion: 2, abstract: 'We merge wombat adapters with a zipper.' })], problems: [] });
        expect(okValue(await pb.search({ query: 'wombat' })).hits.map((h) => h.paper.arxivVersion)).toEqual([2]);
        expect(okValue(await pb.search({ query: 'platypus' })).total).toBe(0);
        expect(pb.papers.size).toBe(SMALL_CORPUS.length + 1);
        const trendingNow = okValue(await pb.trending({ limit: 1 }));
        expect(trendingNow[0]!.paper.id).toBe('2611.07777');
      });
    });

    describe('evaluation', () => {
      it('scores a collection where every judged query has one obvious answer at 1.0', async () => {
        const corpus = parseBeirCorpus(readFileSync(`${BEIR_MINI}/corpus.jsonl`));
        const pb = await openTracked(corpus.papers);
        const { queries } = parseBeirQueries(readFileSync(`${BEIR_MINI}/queries.jsonl`));
        const { qrels } = parseQrels(readFileSync(`${BEIR_MINI}/qrels/train.tsv`));
        const { summary, runs } = await evaluate((request) => pb.search(request), queries, qrels);
        expect(summary).toMatchObject({ queries: 3, ndcg10: 1, recall100: 1, mrr10: 1 });
        expect(runs.map((r) => r.ranking[0]?.id)).toEqual(['d1', 'd3', 'd2']);
      });
    });
  });
}
