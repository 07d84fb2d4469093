import { describe, expect, it } from 'vitest';
import { createPaperboy, DEFAULT_RANKING, type Paperboy } from '../../../src/index.js';
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
  ])('finds papers that spell out %s', (acronym, id) => {
    expect(ids(acronym)).toContain(id);
  });

  it.each([
    ['mixture of experts', 'gg-moe-vs-mlp-on-tabular-data'],
    ['low-rank adaptation', 's-2-ft-efficient-scalable'], // writes only "LoRA"
  ])('finds papers that only use the acronym for "%s"', (query, id) => {
    expect(ids(query, 50)).toContain(id);
  });

  it('scores a paper that writes both "MoE" and "mixture of experts" as the acronym alone would', () => {
    const withoutExpansion = createPaperboy({ papers: shippedPaperboy().papers, ranking: { ...DEFAULT_RANKING, expansionWeight: 0 } });
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

  it('gives the same results in the same order every time', () => {
    expect(ids('neural networks', 50)).toEqual(ids('neural networks', 50));
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

  it('answers hostile and unicode queries without crashing', () => {
    for (const query of ['<!channel> attention', '@everyone <@U123> <script>', '*_~`> quote', 'モデル統合 🚀', '"', '-', 'a'.repeat(499)]) {
      const result = shippedPaperboy().search({ query });
      expect(result.ok || result.error.message.length > 0).toBe(true);
    }
  });
});
