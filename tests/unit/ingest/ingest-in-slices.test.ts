import { describe, expect, it } from 'vitest';
import { createPaperboy, PaperCollection, type PaperDraft } from '../../../src/index.js';
import { ingestInSlices } from '../../../src/ingest/feed-schedule.js';

/** A big feed day goes into the live index a slice at a time, so commands keep being answered. */
const paper = (i: number, over: Partial<PaperDraft> = {}): PaperDraft => ({
  title: `Paper ${i} on sparse routing number ${i}`,
  abstract: `Abstract ${i}.`,
  arxivId: `2611.${String(10000 + i)}`,
  appearances: [{ source: 'hf-daily', date: '2026-11-27', rank: i + 1 }],
  ...over,
});

describe('ingestInSlices', () => {
  it('yields to the event loop between slices and reports the whole feed as one', async () => {
    const paperboy = createPaperboy({ papers: new PaperCollection() });
    const papers = Array.from({ length: 200 }, (_, i) => paper(i));
    // The same paper again near the end, with a new version: still one new paper, in its newest form.
    papers.push(paper(3, { arxivVersion: 2, abstract: 'Revised abstract.' }));
    let turns = 0;
    let done = false;
    const spin = (): void => {
      if (done) return;
      turns += 1;
      setImmediate(spin);
    };
    setImmediate(spin);
    const report = await ingestInSlices(paperboy, { papers, problems: [{ line: 7, severity: 'error', message: 'item 7: skipped: x' }] }, undefined);
    done = true;
    expect(turns).toBeGreaterThanOrEqual(4);
    expect(report.added).toHaveLength(200);
    expect(report.added.find((p) => p.arxivId === '2611.10003')?.arxivVersion).toBe(2);
    expect(report.updated).toEqual([]);
    expect(report.skipped).toEqual([{ position: 7, reason: 'item 7: skipped: x' }]);
    const found = await paperboy.search({ query: 'revised' });
    expect(found.ok && found.value.hits.map((h) => h.paper.arxivId)).toEqual(['2611.10003']);
  });
});
