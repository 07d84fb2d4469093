import { describe, expect, it } from 'vitest';
import { parsePaperJsonLines, PaperCollection, toPaperJsonLines } from '../../../src/index.js';
import { shippedCollection } from '../../helpers/shipped-corpus.js';

const record = (fields: Record<string, unknown>): string => JSON.stringify(fields);

describe('papers as JSON Lines', () => {
  it('round-trips the shipped corpus: write, read back, same papers and ids', () => {
    const original = [...shippedCollection().all()];
    const { papers, problems } = parsePaperJsonLines(toPaperJsonLines(original));
    expect(problems).toEqual([]);
    const reloaded = new PaperCollection();
    reloaded.addAll(papers);
    expect([...reloaded.all()]).toEqual(original);
  });

  it('reads a full record and derives links from the arXiv id', () => {
    const { papers, problems } = parsePaperJsonLines(
      record({
        title: 'Mixture of Experts at Scale',
        abstract: 'We scale MoE. Code: https://github.com/example/moe.',
        authors: ['Ada Lovelace', '  Alan Turing '],
        arxivId: 'arXiv:2401.01234v2',
        appearances: [{ source: 'hf-daily', date: '2026-11-20', rank: 3, upvotes: 41 }],
        publishedAt: '2026-11-19',
        unknownField: 'ignored',
      }),
    );
    expect(problems).toEqual([]);
    expect(papers[0]).toMatchObject({
      title: 'Mixture of Experts at Scale',
      authors: ['Ada Lovelace', 'Alan Turing'],
      arxivId: '2401.01234',
      url: 'https://arxiv.org/abs/2401.01234',
      pdfUrl: 'https://arxiv.org/pdf/2401.01234',
      codeUrls: ['https://github.com/example/moe'],
    });
    expect(papers[0]).not.toHaveProperty('unknownField');
  });

  it('skips bad records with a line-numbered reason and keeps every good one', () => {
    const text = [
      record({ title: 'Good One' }),
      '{"title": "broken',
      '[1, 2, 3]',
      record({ abstract: 'no title here' }),
      record({ title: '   ' }),
      record({ title: 'Bad Date', publishedAt: 'yesterday' }),
      '',
      record({ title: 'Good Two', appearances: [{ source: 'hf', date: '2026-02-30' }] }),
      record({ title: 'Good Three' }),
    ].join('\n');
    const { papers, problems } = parsePaperJsonLines(text);
    expect(papers.map((p) => p.title)).toEqual(['Good One', 'Good Three']);
    expect(problems.map((p) => [p.line, p.severity])).toEqual([
      [2, 'error'],
      [3, 'error'],
      [4, 'error'],
      [5, 'error'],
      [6, 'error'],
      [8, 'error'],
    ]);
    expect(problems[0]!.message).toMatch(/not valid JSON/);
    expect(problems[1]!.message).toMatch(/expected a JSON object/);
    expect(problems[2]!.message).toMatch(/title: is required/);
    expect(problems[3]!.message).toMatch(/title: must not be empty/);
    expect(problems[4]!.message).toMatch(/publishedAt/);
  });

  it('drops a bad link but keeps the paper, with a warning', () => {
    const { papers, problems } = parsePaperJsonLines(record({ title: 'Links', url: 'javascript:alert(1)', codeUrls: ['ftp://x', 'https://github.com/a/b'] }));
    expect(papers[0]!.codeUrls).toEqual(['https://github.com/a/b']);
    expect(papers[0]).not.toHaveProperty('url');
    expect(problems.every((p) => p.severity === 'warning')).toBe(true);
    expect(problems).toHaveLength(2);
  });

  it('refuses a line over a megabyte without parsing it', () => {
    const { papers, problems } = parsePaperJsonLines(`${record({ title: 'x'.repeat(1_100_000) })}\n${record({ title: 'Fine' })}`);
    expect(papers.map((p) => p.title)).toEqual(['Fine']);
    expect(problems[0]).toMatchObject({ line: 1, severity: 'error', message: expect.stringContaining('limit') });
  });

  it('reads an empty file as no papers and no problems', () => {
    expect(parsePaperJsonLines('')).toEqual({ papers: [], problems: [] });
    expect(parsePaperJsonLines('\n\n')).toEqual({ papers: [], problems: [] });
  });

  it('keeps unicode and hostile text as data', () => {
    const { papers } = parsePaperJsonLines(record({ title: '<!here> Ünïcödé 模型 🚀', abstract: '@everyone <script>alert(1)</script>' }));
    expect(papers[0]).toMatchObject({ title: '<!here> Ünïcödé 模型 🚀', abstract: '@everyone <script>alert(1)</script>' });
  });
});
