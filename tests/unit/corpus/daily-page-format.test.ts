import { describe, expect, it } from 'vitest';
import { parseDailyPage } from '../../../src/index.js';
import { shippedPageBytes } from '../../helpers/shipped-corpus.js';

const BANNER = 'Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n';
const ABSTRACT_A =
  'We study how networks learn without a backward pass. Our method trains each layer locally and matches back-propagation on CIFAR-10. Code is at https://github.com/example/local-learning.';
const ABSTRACT_B =
  'A second abstract that is long enough to read like one. It describes a benchmark for retrieval and reports results on five datasets, with ablations and analysis of failure cases.';
const page = (...lines: string[]): string => `${BANNER}${lines.join('\n')}`;
const parse = (text: string | Uint8Array) => parseDailyPage(text, { feedDate: '2026-11-26' });

describe('the shipped trending page', () => {
  const { papers, problems } = parse(shippedPageBytes());

  it('yields all 231 papers, in trending order, without problems', () => {
    expect(problems).toEqual([]);
    expect(papers).toHaveLength(231);
    expect(papers.map((p) => p.appearances?.[0]?.rank)).toEqual(Array.from({ length: 231 }, (_, i) => i + 1));
  });

  it('removes the Subscribe button text glued to the first title', () => {
    expect(papers[0]!.title).toBe('NoProp: Training Neural Networks without Back-propagation or Forward-propagation');
  });

  it('records the feed day on every paper', () => {
    expect(new Set(papers.map((p) => JSON.stringify(p.appearances)))).toHaveLength(231);
    expect(papers.every((p) => p.appearances?.[0]?.date === '2026-11-26' && p.appearances[0].source === 'hf-trending')).toBe(true);
  });

  it('finds code links in abstracts, cleaned of LaTeX and punctuation debris', () => {
    const urls = papers.flatMap((p) => p.codeUrls ?? []);
    expect(urls).toContain('https://github.com/jhkim89/PyramidNet');
    expect(urls).toContain('https://github.com/Med-Process/Strip_MLP');
    expect(urls).toContain('https://github.com/sidak/otfusion');
    expect(urls.filter((u) => u.includes('Strip_MLP'))).toHaveLength(1);
    expect(urls.every((u) => !/[.)}\\]$/.test(u))).toBe(true);
    const links = papers.flatMap((p) => p.links ?? []);
    expect(links).toContain('https://dawn.cs.stanford.edu/benchmark/');
  });
});

describe('parseDailyPage on damaged or unusual input', () => {
  it('reads nothing from an empty file, or a banner alone, and says nothing is wrong', () => {
    expect(parse('')).toEqual({ papers: [], problems: [] });
    expect(parse(BANNER)).toEqual({ papers: [], problems: [] });
  });

  it('keeps a Subscribe-like word that is part of a real title', () => {
    const { papers } = parse(page('Subscriber Churn Prediction with Graphs', ABSTRACT_A));
    expect(papers[0]!.title).toBe('Subscriber Churn Prediction with Graphs');
  });

  it('reports a truncated final title and keeps every paper before it', () => {
    const { papers, problems } = parse(page('Local Learning Rules', ABSTRACT_A, 'Retrieval Benchmarks Revis'));
    expect(papers.map((p) => p.title)).toEqual(['Local Learning Rules']);
    expect(problems).toEqual([
      { line: 5, severity: 'error', message: expect.stringContaining('file ends after this title') },
    ]);
  });

  it('ignores blank lines between and inside pairs', () => {
    const { papers, problems } = parse(page('', 'Local Learning Rules', '', '', ABSTRACT_A, '', 'Retrieval Benchmarks', ABSTRACT_B, ''));
    expect(problems).toEqual([]);
    expect(papers.map((p) => p.title)).toEqual(['Local Learning Rules', 'Retrieval Benchmarks']);
  });

  it('reads CRLF and old Mac line endings like LF', () => {
    const lf = parse(page('Local Learning Rules', ABSTRACT_A, 'Retrieval Benchmarks', ABSTRACT_B));
    const crlf = parse(page('Local Learning Rules', ABSTRACT_A, 'Retrieval Benchmarks', ABSTRACT_B).replace(/\n/g, '\r\n'));
    const cr = parse(page('Local Learning Rules', ABSTRACT_A, 'Retrieval Benchmarks', ABSTRACT_B).replace(/\n/g, '\r'));
    expect(crlf).toEqual(lf);
    expect(cr).toEqual(lf);
    expect(lf.papers).toHaveLength(2);
  });

  it('loses only the paper whose abstract is missing, not the pairing after it', () => {
    const { papers, problems } = parse(page('Lost Abstract Paper', 'Local Learning Rules', ABSTRACT_A, 'Retrieval Benchmarks', ABSTRACT_B));
    expect(papers.map((p) => p.title)).toEqual(['Local Learning Rules', 'Retrieval Benchmarks']);
    expect(papers.map((p) => p.appearances?.[0]?.rank)).toEqual([2, 3]);
    expect(problems).toEqual([{ line: 3, severity: 'error', message: expect.stringContaining('no abstract follows') }]);
  });

  it('reports an abstract whose title is missing and keeps the next pair', () => {
    const { papers, problems } = parse(page(ABSTRACT_A.repeat(2), 'Retrieval Benchmarks', ABSTRACT_B));
    expect(papers.map((p) => p.title)).toEqual(['Retrieval Benchmarks']);
    expect(problems[0]).toMatchObject({ line: 3, severity: 'error', message: expect.stringContaining('no title before it') });
  });

  it('keeps a 10,000-character abstract whole and refuses a 10,000-character title', () => {
    const long = `${'word '.repeat(1999)}end.`;
    expect(long.length).toBeGreaterThanOrEqual(9999);
    const kept = parse(page('Very Long Abstract', long));
    expect(kept.problems).toEqual([]);
    expect(kept.papers[0]!.abstract).toHaveLength(long.length);
    const refused = parse(page('x'.repeat(10_000), ABSTRACT_A, 'Retrieval Benchmarks', ABSTRACT_B));
    expect(refused.papers.map((p) => p.title)).toEqual(['Retrieval Benchmarks']);
    expect(refused.problems.length).toBeGreaterThan(0);
  });

  it('caps a huge abstract and says so', () => {
    const huge = `${'token '.repeat(10_000)}end.`;
    const { papers, problems } = parse(page('Huge Abstract', huge));
    expect(papers[0]!.abstract?.length).toBeLessThanOrEqual(20_000);
    expect(problems).toEqual([{ line: 4, severity: 'warning', message: expect.stringContaining('abstract cut') }]);
  });

  it('replaces invalid UTF-8, keeps the paper, and names the line', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${BANNER}Caf`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(` Networks\n${ABSTRACT_A}\n`),
    ]);
    const { papers, problems } = parse(bytes);
    expect(papers).toHaveLength(1);
    expect(papers[0]!.title).toContain('\ufffd');
    expect(problems).toEqual([{ line: 3, severity: 'warning', message: expect.stringContaining('invalid UTF-8') }]);
  });

  it('keeps hostile text as inert text and strips control and bidi characters', () => {
    const title = 'Attention <!channel> @everyone <@U123> *bold* \u202Eevil\u001b[31m';
    const { papers } = parse(page(title, ABSTRACT_A));
    expect(papers[0]!.title).toBe('Attention <!channel> @everyone <@U123> *bold* evil [31m');
    expect(papers[0]!.title).not.toMatch(/[\u0000-\u001f\u202a-\u202e]/);
  });

  it('keeps unicode titles and abstracts intact', () => {
    const { papers } = parse(page('Diffusion für Sprache: 大規模言語モデル 🚀', ABSTRACT_A));
    expect(papers[0]!.title).toBe('Diffusion für Sprache: 大規模言語モデル 🚀');
  });
});
