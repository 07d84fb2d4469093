import { describe, expect, it } from 'vitest';
import { PaperCollection, type PaperDraft } from '../../../src/index.js';
import { ingestLoaded } from '../../../src/ingest/ingest-report.js';

/** What `paperboy ingest` reports: new papers, updates with their reasons, skips with theirs. */
const draft = (over: Partial<PaperDraft> = {}): PaperDraft => ({
  title: 'Model Merging at Scale',
  abstract: 'We merge models.',
  arxivId: '2611.01234',
  arxivVersion: 1,
  appearances: [{ source: 'hf-daily', date: '2026-11-26', rank: 3, upvotes: 12 }],
  ...over,
});

describe('ingestLoaded', () => {
  it('adds a new paper once, then reports a new version and new upvotes as updates, never as new', () => {
    const corpus = new PaperCollection();
    const first = ingestLoaded(corpus, { papers: [draft()], problems: [] });
    expect(first.added.map((p) => p.id)).toEqual(['2611.01234']);
    const again = ingestLoaded(corpus, { papers: [draft()], problems: [] });
    expect(again).toMatchObject({ added: [], updated: [], unchanged: 1 });
    const bumped = ingestLoaded(corpus, {
      papers: [
        draft({
          arxivVersion: 2,
          abstract: 'We merge models, better.',
          appearances: [
            { source: 'hf-daily', date: '2026-11-26', rank: 3, upvotes: 40 },
            { source: 'arxiv:cs.LG', date: '2026-11-27', rank: 9 },
          ],
        }),
      ],
      problems: [],
    });
    expect(bumped.added).toEqual([]);
    expect(bumped.updated).toHaveLength(1);
    expect(bumped.updated[0]!.why).toEqual(['new version v2 (was v1)', 'upvotes 12 → 40 on hf-daily 2026-11-26', 'seen on arxiv:cs.LG 2026-11-27 at #9', 'abstract changed']);
    expect(corpus.size).toBe(1);
  });

  it('never rolls a paper back to an older version that arrives late, but still counts its feed day', () => {
    const corpus = new PaperCollection();
    ingestLoaded(corpus, { papers: [draft({ arxivVersion: 3, abstract: 'Version three.' })], problems: [] });
    const late = ingestLoaded(corpus, { papers: [draft({ arxivVersion: 1, abstract: 'Version one.', appearances: [{ source: 'arxiv:cs.LG', date: '2026-11-27', rank: 2 }] })], problems: [] });
    expect(late.updated.map((u) => u.why)).toEqual([['seen on arxiv:cs.LG 2026-11-27 at #2']]);
    expect(corpus.get('2611.01234')).toMatchObject({ abstract: 'Version three.', arxivVersion: 3 });
  });

  it('lets Hugging Face and arXiv take turns without rolling text back or reporting an update every time', () => {
    const corpus = new PaperCollection();
    const hf = (upvotes: number) =>
      draft({
        arxivVersion: undefined,
        abstract: 'HF copy of v1.',
        url: 'https://huggingface.co/papers/2611.01234',
        pdfUrl: 'https://arxiv.org/pdf/2611.01234',
        publishedAt: '2026-11-20T00:00:00.000Z',
        appearances: [{ source: 'hf-daily', date: '2026-11-26', rank: 3, upvotes }],
      });
    const arxiv = draft({
      arxivVersion: 2,
      abstract: 'Version two.',
      url: 'https://arxiv.org/abs/2611.01234',
      pdfUrl: 'https://arxiv.org/pdf/2611.01234v2',
      publishedAt: '2026-11-20T00:00:00Z',
      appearances: [],
    });
    ingestLoaded(corpus, { papers: [hf(12)], problems: [] });
    expect(ingestLoaded(corpus, { papers: [arxiv], problems: [] }).updated[0]!.why[0]).toBe('new version v2');
    const again = ingestLoaded(corpus, { papers: [hf(12), arxiv, hf(12)], problems: [] });
    expect(again).toMatchObject({ updated: [], unchanged: 3 });
    expect(corpus.get('2611.01234')).toMatchObject({ abstract: 'Version two.', arxivVersion: 2, pdfUrl: 'https://arxiv.org/pdf/2611.01234v2', url: 'https://huggingface.co/papers/2611.01234' });
    expect(ingestLoaded(corpus, { papers: [hf(40)], problems: [] }).updated[0]!.why).toEqual(['upvotes 12 → 40 on hf-daily 2026-11-26']);
  });

  it('keeps a paper that is new in this batch as added, however often the batch repeats it', () => {
    const corpus = new PaperCollection();
    const report = ingestLoaded(corpus, { papers: [draft(), draft({ arxivVersion: 2 })], problems: [] });
    expect(report.added).toHaveLength(1);
    expect(report.added[0]!.arxivVersion).toBe(2);
    expect(report.updated).toEqual([]);
  });

  it('passes on every skipped record and repair with its reason and position', () => {
    const report = ingestLoaded(new PaperCollection(), {
      papers: [draft()],
      problems: [
        { line: 2, severity: 'error', message: 'item 2: skipped: paper.title is missing' },
        { line: 3, severity: 'warning', message: 'item 3 (2611.00002): abstract clipped to 20000 characters' },
      ],
    });
    expect(report.skipped).toEqual([{ position: 2, reason: 'item 2: skipped: paper.title is missing' }]);
    expect(report.warnings).toEqual([{ position: 3, reason: 'item 3 (2611.00002): abstract clipped to 20000 characters' }]);
  });

  it('lets a replacement announcement update a known paper, but never add an unknown one', () => {
    const corpus = new PaperCollection();
    ingestLoaded(corpus, { papers: [draft()], problems: [] });
    const replaced = ingestLoaded(
      corpus,
      { papers: [draft({ arxivVersion: 3 }), draft({ arxivId: '2301.00001', title: 'An Old Paper', line: 2 })], problems: [] },
      { updatesOnly: new Set(['2611.01234', '2301.00001']) },
    );
    expect(replaced.updated.map((u) => u.why[0])).toEqual(['new version v3 (was v1)']);
    expect(replaced.added).toEqual([]);
    expect(replaced.skipped).toEqual([{ position: 2, reason: '2301.00001: skipped: a new version of a paper not in the corpus (announced as a replacement, so not new)' }]);
    expect(corpus.size).toBe(1);
  });

  it('tells progress every thousand records and at the end', () => {
    const seen: Array<[number, number]> = [];
    const papers = Array.from({ length: 2500 }, (_, i) => draft({ arxivId: `2611.${String(10000 + i)}`, title: `Paper number ${i}` }));
    ingestLoaded(new PaperCollection(), { papers, problems: [] }, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([
      [1000, 2500],
      [2000, 2500],
      [2500, 2500],
    ]);
  });
});
