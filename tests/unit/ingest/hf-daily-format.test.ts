import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PaperCollection } from '../../../src/corpus/paper-collection.js';
import type { LoadResult, PaperDraft } from '../../../src/corpus/load-result.js';
import { parseArxivId } from '../../../src/ids/arxiv-id.js';
import { HF_SOURCE, parseHfDailyItems, parseHfDailyPapers } from '../../../src/ingest/hf-daily-format.js';
import { MAX_ABSTRACT_LENGTH, MAX_AUTHORS, MAX_TITLE_LENGTH, PaperInputSchema } from '../../../src/model/paper.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const items = (name: string): Array<Record<string, any>> => JSON.parse(fixture(name)) as Array<Record<string, any>>;
const byId = (result: LoadResult): Map<string, PaperDraft> => new Map(result.papers.map((p) => [p.id!, p]));
const errors = (result: LoadResult) => result.problems.filter((p) => p.severity === 'error');
const warnings = (result: LoadResult) => result.problems.filter((p) => p.severity === 'warning');

/** A minimal item as HF sends it; `paper` fields override the defaults. */
function item(id: string, paper: Record<string, unknown> = {}, wrapper: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    paper: { id, title: `Paper ${id}`, summary: `About ${id}.`, authors: [{ _id: 'a1', name: 'Ada Lovelace', hidden: false }], upvotes: 5, publishedAt: '2026-11-20T10:00:00.000Z', ...paper },
    publishedAt: '2026-11-26T04:00:00.000Z',
    ...wrapper,
  };
}

describe('a normal day (hf-2026-11-26.json)', () => {
  const result = parseHfDailyPapers(fixture('hf-2026-11-26.json'), { date: '2026-11-26' });
  const papers = byId(result);

  it('brings every paper through, in page order, without problems', () => {
    expect(result.problems).toEqual([]);
    expect(result.papers.map((p) => p.id)).toEqual(['2611.18231', '2611.17702', '2611.18004', '2611.16550', '2611.18390']);
    expect(result.papers.map((p) => p.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keys each paper by its arXiv id and links its HF page and PDF', () => {
    const paper = papers.get('2611.18231')!;
    expect(paper).toMatchObject({
      id: '2611.18231',
      arxivId: '2611.18231',
      url: 'https://huggingface.co/papers/2611.18231',
      pdfUrl: 'https://arxiv.org/pdf/2611.18231',
    });
    expect(paper.arxivVersion).toBeUndefined();
  });

  it('records the featured day, rank and upvotes, apart from the arXiv date', () => {
    expect(result.papers.map((p) => p.appearances)).toEqual([
      [{ source: HF_SOURCE, date: '2026-11-26', rank: 1, upvotes: 87 }],
      [{ source: HF_SOURCE, date: '2026-11-26', rank: 2, upvotes: 45 }],
      [{ source: HF_SOURCE, date: '2026-11-26', rank: 3, upvotes: 23 }],
      [{ source: HF_SOURCE, date: '2026-11-26', rank: 4, upvotes: 19 }],
      [{ source: HF_SOURCE, date: '2026-11-26', rank: 5, upvotes: 11 }],
    ]);
    expect(papers.get('2611.18231')!.publishedAt).toBe('2026-11-24T18:59:51.000Z');
    // The featured day comes from the response itself, not only from the day asked for.
    expect(parseHfDailyPapers(fixture('hf-2026-11-26.json')).papers.map((p) => p.appearances)).toEqual(result.papers.map((p) => p.appearances));
  });

  it('keeps every author, including one whose HF account is hidden', () => {
    expect(papers.get('2611.18231')!.authors).toEqual(['Mei Lin', 'Tomás Ferreira', 'Aditya Rao', 'Sofia Brandt']);
  });

  it('links code and project pages only where the paper has them', () => {
    expect(papers.get('2611.18231')!.codeUrls).toEqual(['https://github.com/meilin/capacity-routing']);
    expect(papers.get('2611.18004')).toMatchObject({
      codeUrls: ['https://github.com/openworld-bench/openworld-bench'],
      links: ['https://openworld-bench.github.io/'],
    });
    expect(papers.get('2611.18390')).toMatchObject({ codeUrls: [], links: [] });
  });

  it('folds hard-wrapped titles and abstracts and keeps TeX as written', () => {
    expect(papers.get('2611.17702')!.title).toBe('Faster Attention in $O(n \\log n)$: Revisiting Sub-Quadratic Transformers');
    expect(papers.get('2611.17702')!.abstract).toMatch(/^Standard attention costs \$O\(n\^2\)\$ time and memory in the sequence length \$n\$\. We revisit/);
    for (const paper of result.papers) expect(`${paper.title} ${paper.abstract}`).not.toMatch(/\n| {2}/);
  });

  it('prefers the normalised wrapper title and falls back to the paper title', () => {
    const [a, b] = parseHfDailyItems([item('2611.00001', { title: 'Raw\n  Title' }, { title: 'Wrapper Title' }), item('2611.00002', { title: 'Raw\n  Title' })]).papers;
    expect([a!.title, b!.title]).toEqual(['Wrapper Title', 'Raw Title']);
  });
});

describe('items as 2024 data has them (hf-missing-fields.json)', () => {
  const result = parseHfDailyPapers(fixture('hf-missing-fields.json'));
  const papers = byId(result);

  it('loads every item although optional fields are missing', () => {
    expect(result.problems).toEqual([]);
    expect([...papers.keys()]).toEqual(['2403.09611', '2403.09347', '2403.09629', 'hep-th/9901001']);
    expect(result.papers.every((p) => p.codeUrls!.length === 0 && p.abstract !== '')).toBe(true);
  });

  it('leaves upvotes out of the appearance when the item has none', () => {
    expect(papers.get('2403.09347')!.appearances).toEqual([{ source: HF_SOURCE, date: '2024-03-15', rank: 2 }]);
  });

  it('stores a versioned id unversioned, with the version beside it', () => {
    expect(papers.get('2403.09629')).toMatchObject({ id: '2403.09629', arxivId: '2403.09629', arxivVersion: 2, pdfUrl: 'https://arxiv.org/pdf/2403.09629' });
  });

  it('keeps an old-style id whole, archive included', () => {
    expect(papers.get('hep-th/9901001')).toMatchObject({
      arxivId: 'hep-th/9901001',
      pdfUrl: 'https://arxiv.org/pdf/hep-th/9901001',
      publishedAt: '1998-02-02T18:02:36.000Z',
      appearances: [{ source: HF_SOURCE, date: '2024-03-15', rank: 4, upvotes: 3 }],
    });
  });
});

describe('whole-response failures', () => {
  it('reads an empty day as nothing, quietly', () => {
    expect(parseHfDailyPapers(fixture('hf-empty.json'))).toEqual({ papers: [], problems: [] });
    expect(parseHfDailyItems([])).toEqual({ papers: [], problems: [] });
  });

  it('reports an empty body as one error, not as an empty day', () => {
    for (const body of ['', '  \n', '\ufeff']) {
      expect(parseHfDailyPapers(body)).toEqual({ papers: [], problems: [{ line: 0, severity: 'error', message: expect.stringContaining('empty') }] });
    }
  });

  it('reports a truncated response as one clear error with its position', () => {
    const text = fixture('hf-truncated.json');
    const { papers, problems } = parseHfDailyPapers(text);
    expect(papers).toEqual([]);
    expect(problems).toEqual([{ line: 0, severity: 'error', message: `truncated or invalid JSON at position ${text.length}: Unterminated string` }]);
    // Cut between tokens, V8 names no position; the end of the text is where the JSON ran out.
    expect(parseHfDailyPapers('[{"paper": {"id": ').problems[0]!.message).toBe('truncated or invalid JSON at position 18: Unexpected end of JSON input');
    expect(parseHfDailyPapers('[{"paper": }]').problems).toEqual([{ line: 0, severity: 'error', message: expect.stringMatching(/^truncated or invalid JSON: Unexpected token/) }]);
  });

  it('surfaces the error text of an error object, clipped', () => {
    expect(parseHfDailyPapers('{"error": "Invalid date: 2026-13-01"}').problems).toEqual([
      { line: 0, severity: 'error', message: 'Hugging Face answered with an error instead of papers: Invalid date: 2026-13-01' },
    ]);
    const long = parseHfDailyItems({ error: `Rate limited ${'x'.repeat(5000)}` }).problems[0]!.message;
    expect(long.length).toBeLessThan(300);
  });

  it('names what came instead of an array', () => {
    expect(parseHfDailyItems({ papers: [] }).problems[0]!.message).toBe('expected a JSON array of daily papers, got an object with keys "papers"');
    expect(parseHfDailyPapers('42').problems[0]!.message).toBe('expected a JSON array of daily papers, got a number');
    expect(parseHfDailyItems(null).problems[0]!.message).toBe('expected a JSON array of daily papers, got null');
  });

  it('reads a file saved with a byte-order mark', () => {
    expect(parseHfDailyPapers(`\ufeff${JSON.stringify([item('2611.00001')])}`).papers).toHaveLength(1);
  });
});

describe('item by item', () => {
  it('numbers pages from the rank offset', () => {
    const page2 = parseHfDailyPapers(fixture('hf-2026-11-26.json'), { date: '2026-11-26', rankOffset: 50 });
    expect(page2.papers.map((p) => p.appearances![0]!.rank)).toEqual([51, 52, 53, 54, 55]);
  });

  it('keeps the first of two items with the same paper and warns on the other', () => {
    const result = parseHfDailyItems([item('2611.00001'), item('2611.00002'), item('2611.00001v2', { title: 'Second Copy' })]);
    expect(result.papers.map((p) => [p.id, p.title])).toEqual([
      ['2611.00001', 'Paper 2611.00001'],
      ['2611.00002', 'Paper 2611.00002'],
    ]);
    expect(result.problems).toEqual([{ line: 3, severity: 'warning', message: 'item 3 (2611.00001): dropped: the same paper as item 1, which is kept' }]);
  });

  it('does not count a skipped item as the first of a pair', () => {
    const result = parseHfDailyItems([item('2611.00001', { title: '' }), item('2611.00001')]);
    expect(result.papers.map((p) => p.line)).toEqual([2]);
    expect(result.problems.map((p) => p.severity)).toEqual(['error']);
  });

  it('keeps a paper without a summary, with an empty abstract and a warning', () => {
    const result = parseHfDailyItems([item('2611.00001', { summary: undefined })]);
    expect(result.papers[0]!.abstract).toBe('');
    expect(result.problems).toEqual([{ line: 1, severity: 'warning', message: 'item 1 (2611.00001): paper.summary is missing: kept with an empty abstract' }]);
  });

  it('finds the featured day in the wrapper, then submittedOnDailyAt, then the day asked for', () => {
    const [wrapper, submitted, asked] = parseHfDailyItems(
      [
        item('2611.00001', { submittedOnDailyAt: '2026-11-25T08:00:00.000Z' }, { publishedAt: '2026-11-26T23:30:00-05:00' }),
        item('2611.00002', { submittedOnDailyAt: '2026-11-25T08:00:00.000Z' }, { publishedAt: undefined }),
        item('2611.00003', {}, { publishedAt: undefined }),
      ],
      { date: '2026-11-24' },
    ).papers;
    // The day is taken in UTC: 23:30 at UTC-5 is already the next day.
    expect(wrapper!.appearances![0]!.date).toBe('2026-11-27');
    expect(submitted!.appearances![0]!.date).toBe('2026-11-25');
    expect(asked!.appearances![0]!.date).toBe('2026-11-24');
  });

  it('loads an item with no featured day at all, without an appearance, and says so', () => {
    const result = parseHfDailyItems([item('2611.00001', {}, { publishedAt: 'yesterday' })]);
    expect(result.papers[0]!.appearances).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'item 1 (2611.00001): ignored publishedAt "yesterday": not an ISO timestamp',
      'item 1 (2611.00001): no feed appearance: the item has no featured date and no day was asked for',
    ]);
  });

  it('drops upvotes and dates that are not what they claim, with a warning each', () => {
    for (const upvotes of [-1, 2.5, '7', 1e300]) {
      const result = parseHfDailyItems([item('2611.00001', { upvotes })]);
      expect(result.papers[0]!.appearances![0]!.upvotes).toBeUndefined();
      expect(warnings(result)).toHaveLength(1);
    }
    const result = parseHfDailyItems([item('2611.00001', { publishedAt: '24 Nov 2026' })]);
    expect(result.papers[0]!.publishedAt).toBeUndefined();
    expect(result.problems[0]!.message).toBe('item 1 (2611.00001): ignored paper.publishedAt "24 Nov 2026": not an ISO date');
  });

  it('refuses malformed options: they are a caller bug', () => {
    expect(() => parseHfDailyPapers('[]', { date: '26/11/2026' })).toThrow(RangeError);
    expect(() => parseHfDailyItems([], { rankOffset: -50 })).toThrow(/rankOffset/);
    expect(() => parseHfDailyItems([], { rankOffset: 1.5 })).toThrow(RangeError);
  });
});

describe('hostile input (hf-hostile.json)', () => {
  const raw = items('hf-hostile.json');
  const result = parseHfDailyPapers(fixture('hf-hostile.json'), { date: '2026-11-26' });
  const papers = byId(result);

  it('skips exactly the invalid items, each with its reason and position', () => {
    expect(result.papers.map((p) => p.line)).toEqual([1, 2, 3, 6, 9]);
    expect(errors(result)).toEqual([
      { line: 4, severity: 'error', message: 'item 4: skipped: paper.id "not-an-id" is not an arXiv id' },
      { line: 5, severity: 'error', message: 'item 5 (2611.20005): skipped: paper.title is missing' },
      { line: 7, severity: 'error', message: 'item 7: skipped: expected an object with a "paper", got null' },
      { line: 8, severity: 'error', message: 'item 8: skipped: expected an object with a "paper", got a string' },
    ]);
  });

  it("keeps chat mentions and markdown as plain text: escaping is the renderer's job", () => {
    expect(papers.get('2611.20001')!.title).toBe('@everyone <!channel> read this now <@123>');
    expect(papers.get('2611.20001')!.abstract).toContain('<!here> and @here and <@U024BE7LH>');
    expect(papers.get('2611.20002')!.title).toBe('# Heading *italic* _under_ ~~strike~~ > quote');
  });

  it('keeps a long abstract under the cap whole, and cuts one over it with a warning', () => {
    expect(papers.get('2611.20002')!.abstract).toBe(raw[1]!.paper.summary);
    expect(papers.get('2611.20002')!.abstract).toHaveLength(10_000);
    const huge = parseHfDailyItems([item('2611.00001', { summary: 'word '.repeat(6000) })]);
    expect(huge.papers[0]!.abstract!.length).toBeLessThanOrEqual(MAX_ABSTRACT_LENGTH);
    expect(huge.problems).toEqual([{ line: 1, severity: 'warning', message: expect.stringMatching(/^item 1 \(2611\.00001\): abstract cut from 29999/) }]);
  });

  it('cuts an overlong title rather than losing the paper', () => {
    const result = parseHfDailyItems([item('2611.00001', { title: 'Long '.repeat(200) })]);
    expect(result.papers[0]!.title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(result.problems[0]!.message).toBe(`item 1 (2611.00001): title cut from 999 to ${MAX_TITLE_LENGTH} characters`);
  });

  it('keeps other scripts and emoji, and removes invisible and reordering characters', () => {
    const { title, abstract } = papers.get('2611.20003')!;
    expect(title).toContain('大規模言語モデルの推論');
    expect(title).toContain('تعلم الآلة');
    expect(title).toContain('🚀🔥');
    expect(abstract).toContain('👩‍🔬');
    expect(`${title}${abstract}`).not.toMatch(/[\u200b\u202a-\u202e\u2060]/);
  });

  it('never turns a script URL into a code or project link', () => {
    expect(papers.get('2611.20006')).toMatchObject({ codeUrls: [], links: [] });
    expect(
      warnings(result)
        .filter((p) => p.line === 6)
        .map((p) => p.message),
    ).toEqual([
      'item 6 (2611.20006): dropped paper.githubRepo "javascript:alert(document.cookie)": not an http(s) URL',
      'item 6 (2611.20006): dropped paper.projectPage "data:text/html,<script>alert(1)</script>": not an http(s) URL',
    ]);
  });

  it('caps a huge author list', () => {
    expect(papers.get('2611.20009')!.authors).toHaveLength(MAX_AUTHORS);
    expect(papers.get('2611.20009')!.authors![0]).toBe('Author Number 1');
    expect(result.problems).toContainEqual({ line: 9, severity: 'warning', message: `item 9 (2611.20009): kept the first ${MAX_AUTHORS} of 600 authors` });
  });

  it('hands on only papers that pass the paper schema', () => {
    for (const paper of result.papers) expect(PaperInputSchema.safeParse(paper).success).toBe(true);
  });
});

describe('arbitrary input', () => {
  /** Every item ends as a paper, an error, or a warned duplicate; every paper is valid. */
  function checkAccounting(input: unknown[], result: LoadResult): void {
    const dropped = result.problems.filter((p) => p.message.includes('dropped: the same paper')).length;
    expect(result.papers.length + errors(result).length + dropped).toBe(input.length);
    const ids = result.papers.map((p) => p.id!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const paper of result.papers) {
      expect(PaperInputSchema.safeParse(paper).success).toBe(true);
      expect(parseArxivId(paper.id!)?.id).toBe(paper.id);
    }
    for (const problem of result.problems) expect(problem.message).toMatch(/^item \d+( \([^)]+\))?: /);
  }

  it('never throws on any text, and returns only valid papers', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.json()), (text) => {
        const result = parseHfDailyPapers(text);
        for (const paper of result.papers) expect(PaperInputSchema.safeParse(paper).success).toBe(true);
      }),
    );
  });

  it('accounts for every item of arbitrary JSON arrays', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), (input) => {
        checkAccounting(input, parseHfDailyItems(input));
      }),
    );
  });

  it('accounts for every item of HF-shaped items with hostile values', () => {
    const value = fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.constant(null), fc.boolean());
    const id = fc.oneof(fc.constantFrom('2611.00001', '2611.00001v3', '2611.00002', 'hep-th/9901001', 'arXiv:2401.01234', '0704.0001'), value);
    const timestamp = fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      value,
    );
    const url = fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'https://', 'http://x'), value);
    const author = fc.oneof(fc.record({ name: value, hidden: fc.boolean() }, { requiredKeys: [] }), value);
    const paper = fc.record(
      {
        id,
        title: value,
        summary: value,
        authors: fc.oneof(fc.array(author, { maxLength: 5 }), value),
        upvotes: value,
        publishedAt: timestamp,
        submittedOnDailyAt: timestamp,
        githubRepo: url,
        projectPage: url,
      },
      { requiredKeys: ['id'] },
    );
    const wrapped = fc.record({ paper: fc.oneof(paper, value), title: value, publishedAt: timestamp }, { requiredKeys: ['paper'] });
    fc.assert(
      fc.property(fc.array(fc.oneof(wrapped, fc.jsonValue()), { maxLength: 8 }), fc.nat(10_000), (input, rankOffset) => {
        const result = parseHfDailyItems(input, { rankOffset, date: '2026-11-26' });
        checkAccounting(input, result);
        for (const paper of result.papers) expect(paper.appearances![0]!.rank).toBe(rankOffset + paper.line!);
      }),
    );
  });
});

describe('feeding the corpus', () => {
  it('updates a paper seen again with a new version and more upvotes, never adds it twice', () => {
    const collection = new PaperCollection();
    const first = collection.addAll(parseHfDailyPapers(fixture('hf-2026-11-26.json')).papers);
    expect(first).toMatchObject({ added: 5, updated: 0, unchanged: 0 });

    const later = items('hf-2026-11-26.json');
    later[0]!.paper.id = '2611.18231v2';
    later[0]!.paper.upvotes = 140;
    const second = collection.addAll(parseHfDailyItems(later).papers);
    expect(second).toMatchObject({ added: 0, updated: 1, unchanged: 4 });
    expect(collection.size).toBe(5);
    const paper = collection.get('2611.18231')!;
    expect(paper.arxivVersion).toBe(2);
    expect(paper.appearances).toEqual([{ source: HF_SOURCE, date: '2026-11-26', rank: 1, upvotes: 140 }]);
  });
});
