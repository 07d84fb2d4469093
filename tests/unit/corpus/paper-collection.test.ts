import { describe, expect, it } from 'vitest';
import { parseDailyPage, PaperCollection } from '../../../src/index.js';
import { shippedCollection, shippedPageBytes } from '../../helpers/shipped-corpus.js';

describe('PaperCollection', () => {
  it('merges the same page loaded twice instead of duplicating it', () => {
    const collection = shippedCollection();
    const again = collection.addAll(parseDailyPage(shippedPageBytes(), { feedDate: '2026-11-26' }).papers);
    expect(again).toEqual({ added: 0, updated: 0, unchanged: 231 });
    expect(collection.size).toBe(231);
  });

  it('adds a second trending day as a new appearance, not a new paper', () => {
    const collection = shippedCollection();
    const nextDay = collection.addAll(parseDailyPage(shippedPageBytes(), { feedDate: '2026-11-27' }).papers);
    expect(nextDay).toEqual({ added: 0, updated: 231, unchanged: 0 });
    const noprop = collection.get('noprop-training-neural-networks-without')!;
    expect(noprop.appearances.map((a) => a.date)).toEqual(['2026-11-26', '2026-11-27']);
    expect(noprop.addedAt).toBe('2026-11-26');
  });

  it('treats every version of an arXiv paper as one paper keyed by the unversioned id', () => {
    const collection = new PaperCollection();
    const v1 = collection.add({ title: 'Sparse Experts', arxivId: '2401.01234v1', abstract: 'old' });
    const v2 = collection.add({ title: 'Sparse Experts, Revisited', url: 'https://arxiv.org/abs/2401.01234v2', abstract: 'new' });
    expect(v1.paper.id).toBe('2401.01234');
    expect(v2).toMatchObject({ status: 'updated', paper: { id: '2401.01234', title: 'Sparse Experts, Revisited', abstract: 'new' } });
    expect(collection.size).toBe(1);
  });

  it('keeps old-style arXiv ids whole', () => {
    const collection = new PaperCollection();
    expect(collection.add({ title: 'Strings', arxivId: 'hep-th/9901001v2' }).paper.id).toBe('hep-th/9901001');
    expect(collection.get('https://arxiv.org/abs/hep-th/9901001')?.title).toBe('Strings');
  });

  it('gives a page paper its arXiv id when a feed later supplies it, keeping the readable id', () => {
    const collection = shippedCollection();
    const result = collection.add({
      title: 'NoProp: Training Neural Networks without Back-propagation or Forward-propagation',
      arxivId: '2503.24322',
      authors: ['Qinyu Li', 'Yee Whye Teh', 'Razvan Pascanu'],
    });
    expect(result.status).toBe('updated');
    expect(result.paper.id).toBe('noprop-training-neural-networks-without');
    expect(collection.get('arXiv:2503.24322v1')?.id).toBe('noprop-training-neural-networks-without');
    expect(collection.size).toBe(231);
  });

  it('finds papers by id, arXiv link or exact title, case and punctuation aside', () => {
    const collection = shippedCollection();
    expect(collection.get('NOPROP: training neural networks without back propagation or forward propagation')?.id).toBe(
      'noprop-training-neural-networks-without',
    );
    expect(collection.get('no such paper')).toBeUndefined();
  });

  it('respects explicit ids: two records with different ids stay two papers', () => {
    const collection = new PaperCollection();
    collection.add({ id: '1', title: 'Same Title' });
    collection.add({ id: '2', title: 'Same Title' });
    expect(collection.size).toBe(2);
  });

  it('gives two different titles with the same slug distinct, stable ids', () => {
    const load = (): string[] => {
      const collection = new PaperCollection();
      return ['Graph Networks: A Survey', 'Graph Networks — a survey?!', 'Graph Networks A Survey (Extended)'].map((title) => collection.add({ title }).paper.id);
    };
    const ids = load();
    expect(ids[0]).toBe('graph-networks-a-survey');
    expect(ids[1]).toBe('graph-networks-a-survey'); // same words: the same paper
    expect(ids[2]).toMatch(/^graph-networks-a-survey-extended$/);
    expect(load()).toEqual(ids);
  });
});
