import { describe, expect, it } from 'vitest';
import { errorOf, valueOf } from '../../helpers/results.js';
import { smallPaperboy } from '../../helpers/small-corpus.js';

const pb = smallPaperboy();
const titles = (query: string): string[] => valueOf(pb.search({ query, limit: 20 })).hits.map((h) => h.paper.title);

describe('query syntax against a small corpus', () => {
  it('requires an exact phrase', () => {
    expect(titles('"image classification"')).toEqual(['Image Classification with Deep Convolutional Networks']);
    expect(titles('"classification image"')).toEqual([]);
  });

  it('leaves out excluded words and phrases', () => {
    expect(titles('experts')).toContain('Survey of Expert Routing');
    expect(titles('experts -survey')).not.toContain('Survey of Expert Routing');
    expect(titles('experts -"load balancing"')).not.toContain('Survey of Expert Routing');
    expect(titles('experts -"balancing load"')).toContain('Survey of Expert Routing');
  });

  it('filters by author, accents and initials aside', () => {
    expect(titles('author:hinton')).toEqual(['Sparse Mixture of Experts Routing', 'Image Classification with Deep Convolutional Networks']);
    expect(titles('author:schmidhuber')).toEqual(['Survey of Expert Routing']);
    expect(titles('author:"jurgen schmid"')).toEqual(['Survey of Expert Routing']);
    expect(titles('routing author:"geoffrey hinton"')).toEqual(['Sparse Mixture of Experts Routing']);
    expect(titles('author:nobody')).toEqual([]);
  });

  it('filters by date and by code, and lists filter-only queries newest first', () => {
    expect(titles('since:2021-06-17')).toEqual(['Low-Rank Adaptation of Large Language Models', 'Adapters Everywhere', 'Survey of Expert Routing']);
    expect(titles('has:code')).toEqual(['Low-Rank Adaptation of Large Language Models']);
    expect(titles('lora has:code')).toEqual(['Low-Rank Adaptation of Large Language Models']);
  });

  it('finds the acronym from its expansion and the expansion from its acronym, mined from this corpus', () => {
    expect(titles('MoE')).toEqual(expect.arrayContaining(['Sparse Mixture of Experts Routing', 'Survey of Expert Routing']));
    const topic = valueOf(pb.trending({ limit: 10, topic: 'low rank adaptation' })).map((e) => e.paper.title);
    expect(topic.sort()).toEqual(['Adapters Everywhere', 'Low-Rank Adaptation of Large Language Models']);
  });

  it('filters by title words in any inflection', () => {
    expect(titles('title:routing')).toEqual(['Sparse Mixture of Experts Routing', 'Survey of Expert Routing']);
    expect(titles('title:"routes of experts"')).toEqual(['Sparse Mixture of Experts Routing', 'Survey of Expert Routing']);
    expect(titles('title:"survey expert"')).toEqual(['Survey of Expert Routing']);
    expect(titles('experts title:survey')).toEqual(['Survey of Expert Routing']);
  });

  it('matches authors by initial', () => {
    expect(titles('author:"g hinton"')).toEqual(titles('author:hinton'));
    expect(titles('author:"g. e. hinton"')).toEqual(['Sparse Mixture of Experts Routing']);
  });

  it('shows a paper first when the query is its id or arXiv link', () => {
    expect(titles('https://arxiv.org/abs/2106.09685v2')[0]).toBe('Low-Rank Adaptation of Large Language Models');
    expect(titles('1701.06538')[0]).toBe('Sparse Mixture of Experts Routing');
  });

  it('marks the matched words in the snippet', () => {
    const hit = valueOf(pb.search({ query: 'trainable decomposition', limit: 1 })).hits[0]!;
    const marked = hit.snippet.marks.map(([s, e]) => hit.snippet.text.slice(s, e));
    expect(marked).toEqual(['trainable', 'decomposition']);
  });
});

describe('show', () => {
  it('finds a paper by id, arXiv id, title or title words', () => {
    expect(valueOf(pb.show('https://huggingface.co/papers/2106.09685')).title).toBe('Low-Rank Adaptation of Large Language Models');
    expect(valueOf(pb.show('2106.09685')).title).toBe('Low-Rank Adaptation of Large Language Models');
    expect(valueOf(pb.show('arXiv:2106.09685v1')).title).toBe('Low-Rank Adaptation of Large Language Models');
    expect(valueOf(pb.show('adapters everywhere')).title).toBe('Adapters Everywhere');
    expect(valueOf(pb.show('Everywhere')).title).toBe('Adapters Everywhere');
  });

  it('asks for an id when title words fit several papers', () => {
    const error = errorOf(pb.show('routing'));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/could be several papers: .*1701\.06538.*Use the id/);
    expect(errorOf(pb.show('routing networks')).message).toMatch(/No paper title has all of "routing networks"\. Closest: /);
  });

  it('answers huge, hostile and unicode references with a message, not a crash', () => {
    expect(errorOf(pb.show('x'.repeat(5000))).message).toMatch(/5000 characters; give a paper id/);
    expect(errorOf(pb.show('<!channel> @everyone')).code).toBe('not_found');
    expect(errorOf(pb.show('模型 🚀')).code).toBe('not_found');
    expect(errorOf(pb.related('"')).code).toBe('not_found');
  });

  it('says plainly when nothing matches, or nothing was given', () => {
    expect(errorOf(pb.show('quantum gravity')).message).toMatch(/No paper matches "quantum gravity"/);
    expect(errorOf(pb.show('  ')).code).toBe('bad_argument');
  });
});

describe('related', () => {
  it('finds papers sharing distinctive words, never the paper itself, and says which words', () => {
    const page = valueOf(pb.related('1701.06538'));
    expect(page.hits.map((h) => h.paper.id)).not.toContain('1701.06538');
    expect(page.hits[0]!.paper.title).toBe('Survey of Expert Routing');
    expect(page.hits[0]!.sharedWords.map((w) => w.toLowerCase())).toEqual(expect.arrayContaining(['experts', 'routing']));
  });

  it('counts shared authors', () => {
    const page = valueOf(pb.related('image classification with deep convolutional networks'));
    expect(page.hits.map((h) => h.paper.title)).toContain('Sparse Mixture of Experts Routing');
  });

  it('refuses an unknown paper', () => {
    expect(errorOf(pb.related('no-such-paper-anywhere')).code).toBe('not_found');
  });
});
