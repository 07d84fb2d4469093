import { describe, expect, it } from 'vitest';
import { createPaperboy, DEFAULT_RANKING, PaperCollection, type Paperboy } from '../../../src/index.js';
import { errorOf, valueOf } from '../../helpers/results.js';
import { shippedPaperboy } from '../../helpers/shipped-corpus.js';

/** Rankings on the shipped corpus: what a researcher typing these would see. */
const ids = (query: string, limit = 10): string[] => valueOf(shippedPaperboy().search({ query, limit })).hits.map((h) => h.paper.id);

describe('ranking on the shipped corpus', () => {
  it('finds NoProp and Mono-Forward in the top 3 for "training without backpropagation"', () => {
    const top3 = ids('training without backpropagation', 3);
    expect(top3).toContain('noprop-training-neural-networks-without');
    expect(top3).toContain('mono-forward-backpropagation-free');
  });

  it('puts the paper first when its name is the query', () => {
    expect(ids('NoProp')[0]).toBe('noprop-training-neural-networks-without');
    expect(ids('Mamba-ND')[0]).toBe('mamba-nd-selective-state-space-modeling');
  });

  it('treats "back-propagation", "back propagation" and "backpropagation" alike', () => {
    for (const query of ['back-propagation free', 'backpropagation free', 'back propagation free']) {
      expect(ids(query, 3)).toContain('mono-forward-backpropagation-free');
    }
  });

  it.each([
    ['MoE', 'learning-factored-representations'], // writes only "mixture of experts"
    ['LoRA', 'low-rank-adapters-meet-neural'], // writes only "low-rank adapters/adaptation"
    ['SSM', 'mamba-nd-selective-state-space-modeling'], // writes only "state space"
  ])('finds papers that spell out %s, after those that write it', (acronym, id) => {
    const found = ids(acronym, 50);
    expect(found).toContain(id);
    const noAcronyms = createPaperboy({ papers: shippedPaperboy().papers, ranking: { ...DEFAULT_RANKING, mineAcronyms: false } });
    expect(valueOf(noAcronyms.search({ query: acronym, limit: 50 })).hits.map((h) => h.paper.id)).not.toContain(id);
  });

  it('counts a paper that only writes "LoRA" as being about "low-rank adaptation", and vice versa', () => {
    // Topics need every word, so only the acronym table can let these papers in.
    const topic = (pb: Paperboy, words: string): string[] => valueOf(pb.trending({ limit: 50, topic: words })).map((e) => e.paper.id);
    const noAcronyms = createPaperboy({ papers: shippedPaperboy().papers, ranking: { ...DEFAULT_RANKING, mineAcronyms: false } });
    expect(topic(shippedPaperboy(), 'low-rank adaptation')).toContain('s-2-ft-efficient-scalable');
    expect(topic(noAcronyms, 'low-rank adaptation')).not.toContain('s-2-ft-efficient-scalable');
    expect(topic(shippedPaperboy(), 'LoRA')).toContain('low-rank-adapters-meet-neural');
    expect(topic(noAcronyms, 'LoRA')).not.toContain('low-rank-adapters-meet-neural');
    expect(topic(shippedPaperboy(), 'mixture-of-experts')).toEqual(topic(shippedPaperboy(), 'mixture of experts'));
  });

  it('scores a paper that writes both "MoE" and "mixture of experts" as the acronym alone would', () => {
    const withoutExpansion = createPaperboy({ papers: shippedPaperboy().papers, ranking: { ...DEFAULT_RANKING, mineAcronyms: false } });
    const score = (pb: Paperboy): number | undefined =>
      valueOf(pb.search({ query: 'MoE', limit: 50 })).hits.find((h) => h.paper.id === 'dmoerm-recipes-of-mixture-of-experts')?.score;
    expect(score(shippedPaperboy())).toBeGreaterThan(0);
    expect(score(shippedPaperboy())).toBe(score(withoutExpansion));
  });

  it('survives misspelled long words', () => {
    expect(ids('backpropogation', 3)).toContain('mono-forward-backpropagation-free');
    expect(ids('knowledge distilation', 3)).toContain('distilling-the-knowledge-in-a-neural');
  });

  it('does not blur a correctly spelled word with look-alikes', () => {
    const hits = valueOf(shippedPaperboy().search({ query: 'merging', limit: 50 })).hits;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.matchedTerms.includes('merg'))).toBe(true);
  });

  it('gives the same results in the same order whatever order the corpus was loaded in', () => {
    const reversed = new PaperCollection();
    reversed.addAll([...shippedPaperboy().papers.all()].reverse());
    const rebuilt = createPaperboy({ papers: reversed });
    for (const query of ['neural networks', 'mixture of experts', 'model merging']) {
      const again = valueOf(rebuilt.search({ query, limit: 50 })).hits.map((h) => h.paper.id);
      expect(again).toEqual(ids(query, 50));
    }
  });

  it('pages without gaps or repeats', () => {
    const all = ids('neural network training', 30);
    const paged = [0, 10, 20].flatMap((offset) => valueOf(shippedPaperboy().search({ query: 'neural network training', offset, limit: 10 })).hits.map((h) => h.paper.id));
    expect(paged).toEqual(all);
    const past = valueOf(shippedPaperboy().search({ query: 'neural network training', offset: 10_000, limit: 10 }));
    expect(past.hits).toEqual([]);
    expect(past.total).toBeGreaterThan(30);
  });

  it('refuses bad paging with a clear message', () => {
    expect(errorOf(shippedPaperboy().search({ query: 'x', limit: 0 })).message).toMatch(/limit must be a whole number from 1/);
    expect(errorOf(shippedPaperboy().search({ query: 'x', offset: -1 })).message).toMatch(/offset/);
  });

  it('explains a query of only common words', () => {
    expect(errorOf(shippedPaperboy().search({ query: 'the of and' })).message).toMatch(/too common/);
  });

  it('searches the words inside hostile markup and ignores the markup', () => {
    expect(ids('<!channel> @everyone <@U123> *attention*', 50)).toEqual(ids('channel everyone U123 attention', 50));
    expect(ids('<script>alert("merging")</script>', 50)).toEqual(ids('script alert merging script', 50));
  });

  it('answers unicode queries, and explains queries with nothing to search', () => {
    expect(valueOf(shippedPaperboy().search({ query: 'モデル統合 🚀' })).total).toBe(0);
    expect(ids('Mamba\u2011ND')[0]).toBe('mamba-nd-selective-state-space-modeling');
    for (const query of ['"', '-', '🚀🚀', '""']) expect(errorOf(shippedPaperboy().search({ query })).code).toBe('empty_query');
    expect(valueOf(shippedPaperboy().search({ query: 'a'.repeat(499) })).total).toBe(0);
  });
});
