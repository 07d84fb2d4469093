import { describe, expect, it } from 'vitest';
import { parseBeirCorpus, parseBeirQueries, parseQrels } from '../../../src/index.js';

describe('BEIR collections', () => {
  it('keeps document ids exactly, since judgments refer to them', () => {
    const { papers, problems } = parseBeirCorpus(
      ['{"_id": "4983", "title": "White matter", "text": "Diffusion tensor imaging."}', '{"_id": 12, "title": "Numeric id", "text": ""}'].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(papers.map((p) => [p.id, p.title, p.abstract])).toEqual([
      ['4983', 'White matter', 'Diffusion tensor imaging.'],
      ['12', 'Numeric id', ''],
    ]);
  });

  it('reports documents without an id or any text and keeps the rest', () => {
    const { papers, problems } = parseBeirCorpus(
      ['{"title": "no id", "text": "x"}', '{"_id": "2", "title": "", "text": ""}', '{"_id": "3", "title": "ok", "text": "fine"}', 'nonsense'].join('\n'),
    );
    expect(papers.map((p) => p.id)).toEqual(['3']);
    expect(problems.map((p) => p.line)).toEqual([1, 2, 4]);
  });

  it('gives untitled documents (FiQA, Quora) the start of their text as a title', () => {
    const { papers, problems } = parseBeirCorpus(
      `{"_id": "7", "title": "", "text": "${'Index funds beat most active managers over long horizons after fees. '.repeat(3)}"}`,
    );
    expect(problems).toEqual([]);
    expect(papers[0]!.title).toMatch(/^Index funds beat most active managers over long horizons after fees\. Index…$/);
    expect(papers[0]!.title.length).toBeLessThanOrEqual(80);
  });

  it('reads queries, skipping those without text', () => {
    const { queries, problems } = parseBeirQueries('{"_id": "0", "text": "0-dimensional biomaterials lack inductive properties."}\n{"_id": "1", "text": "  "}\n');
    expect(queries).toEqual([{ id: '0', text: '0-dimensional biomaterials lack inductive properties.' }]);
    expect(problems).toHaveLength(1);
  });

  it('reads BEIR and TREC judgment files, with or without a header', () => {
    const beir = parseQrels('query-id\tcorpus-id\tscore\n0\t31715818\t1\n0\t42\t0\n2\t13734012\t1\n');
    expect(beir.problems).toEqual([]);
    expect(beir.qrels.get('0')).toEqual(new Map([['31715818', 1], ['42', 0]]));
    const trec = parseQrels('7 0 doc-1 2\n7 0 doc-2 1\n');
    expect(trec.qrels.get('7')).toEqual(new Map([['doc-1', 2], ['doc-2', 1]]));
  });

  it('reports judgment lines it cannot read', () => {
    const { qrels, problems } = parseQrels('0\t1\n0\t2\tgood\n0\t3\t1\n');
    expect([...qrels.get('0')!.keys()]).toEqual(['3']);
    expect(problems.map((p) => p.line)).toEqual([1, 2]);
  });
});
