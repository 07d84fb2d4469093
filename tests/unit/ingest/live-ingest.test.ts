import { describe, expect, it } from 'vitest';
import { createPaperboy, PaperCollection, type PaperDraft } from '../../../src/index.js';
import { smallPaperboy } from '../../helpers/small-corpus.js';

/** Papers ingested into a running paperboy are searchable at once, and updates replace what search finds. */
const merging = (over: Partial<PaperDraft> = {}): PaperDraft => ({
  title: 'Zipper Merging of Quokka Adapters',
  abstract: 'We merge adapters with a platypus zipper.',
  arxivId: '2611.07777',
  arxivVersion: 1,
  appearances: [{ source: 'hf-daily', date: '2026-11-27', rank: 1, upvotes: 5 }],
  ...over,
});

describe('Paperboy.ingest', () => {
  it('makes new papers searchable without a rebuild', () => {
    const paperboy = smallPaperboy();
    const before = paperboy.search({ query: 'quokka' });
    expect(before.ok && before.value.total).toBe(0);
    const report = paperboy.ingest({ papers: [merging()], problems: [] });
    expect(report.added.map((p) => p.id)).toEqual(['2611.07777']);
    const after = paperboy.search({ query: 'quokka zipper' });
    expect(after.ok && after.value.hits.map((h) => h.paper.id)).toEqual(['2611.07777']);
    expect(paperboy.show('2611.07777v1').ok).toBe(true);
  });

  it('re-indexes an updated paper: its old words stop matching, its new ones match', () => {
    const paperboy = createPaperboy({ papers: new PaperCollection() });
    paperboy.ingest({ papers: [merging()], problems: [] });
    paperboy.ingest({ papers: [merging({ arxivVersion: 2, abstract: 'We merge wombat adapters with a zipper.' })], problems: [] });
    const wombat = paperboy.search({ query: 'wombat' });
    expect(wombat.ok && wombat.value.hits.map((h) => h.paper.arxivVersion)).toEqual([2]);
    const platypus = paperboy.search({ query: 'platypus' });
    expect(platypus.ok && platypus.value.total).toBe(0);
    expect(paperboy.papers.size).toBe(1);
  });
});
