import { describe, expect, it } from 'vitest';
import { titleSlug } from '../../../src/ids/slug.js';
import { parseDailyPage, PaperCollection } from '../../../src/index.js';
import { shippedCollection, shippedPageBytes } from '../../helpers/shipped-corpus.js';

describe('PaperCollection', () => {
  it('merges the same page loaded twice instead of duplicating it', () => {
    const collection = shippedCollection();
    const again = collection.addAll(parseDailyPage(shippedPageBytes(), { feedDate: '2026-11-26' }).papers);
    expect(again).toEqual({ added: 0, updated: 0, unchanged: 231, renamed: [] });
    expect(collection.size).toBe(231);
  });

  it('adds a second trending day as a new appearance, not a new paper', () => {
    const collection = shippedCollection();
    const nextDay = collection.addAll(parseDailyPage(shippedPageBytes(), { feedDate: '2026-11-27' }).papers);
    expect(nextDay).toEqual({ added: 0, updated: 231, unchanged: 0, renamed: [] });
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
    const a = 'Towards Understanding the Role of Over-Parametrization in Generalization';
    const b = 'Towards Understanding the Role of Over-Parametrization: A Survey';
    expect(titleSlug(a)).toBe(titleSlug(b));
    const load = (): string[] => {
      const collection = new PaperCollection();
      return [a, b, a].map((title) => collection.add({ title }).paper.id);
    };
    const ids = load();
    expect(ids[0]).toBe(titleSlug(a));
    expect(ids[1]).toMatch(new RegExp(`^${titleSlug(a)}-[0-9a-f]{6}$`));
    expect(ids[2]).toBe(ids[0]);
    expect(load()).toEqual(ids);
  });

  it("does not let an export's id overwrite a different paper that holds it, and reports the rename", () => {
    const team1 = new PaperCollection();
    team1.add({ title: 'Towards Understanding the Role of Over-Parametrization in Generalization' });
    const team2 = new PaperCollection();
    const survey = team2.add({ title: 'Towards Understanding the Role of Over-Parametrization: A Survey' }).paper;
    expect(survey.id).toBe([...team1.all()][0]!.id);
    const summary = team1.addAll([survey]);
    expect(team1.size).toBe(2);
    expect(summary.renamed).toEqual([{ from: survey.id, to: expect.stringMatching(new RegExp(`^${survey.id}-`)), title: survey.title }]);
    expect([...team1.all()].map((p) => p.title)).toContain('Towards Understanding the Role of Over-Parametrization in Generalization');
  });

  it('never lets two papers share an arXiv id, and keeps a merged record\'s own id findable', () => {
    const collection = new PaperCollection();
    collection.add({ id: 'a', title: 'Sparse Experts', arxivId: '2401.01234' });
    const other = collection.add({ id: 'b', title: 'Sparse Experts (v2 title)', arxivId: '2401.01234v2' });
    expect(other).toMatchObject({ status: 'updated', paper: { id: 'a' } });
    expect(collection.get('b')?.id).toBe('a');
    collection.add({ id: 'x1', title: 'Something Else' });
    collection.add({ title: '!', arxivId: '2402.00001' });
    collection.add({ id: 'x1', title: 'Something Else', arxivId: '2402.00001' });
    const arxivIds = [...collection.all()].map((p) => p.arxivId).filter(Boolean);
    expect(new Set(arxivIds).size).toBe(arxivIds.length);
  });

  it('finds a paper by its id in any case', () => {
    expect(shippedCollection().get('NoProp-Training-Neural-Networks-Without')?.id).toBe('noprop-training-neural-networks-without');
  });
});
