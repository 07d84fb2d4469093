import { describe, expect, it } from 'vitest';
import { parseBeirCorpus, parseDailyPage, parsePaperJsonLines, type LoadResult } from '../../../src/index.js';

/**
 * The same damage, thrown at every loader: each must keep every good record, report each
 * bad one by line, and never throw.
 */
const ABSTRACT = 'A long enough abstract about sparse experts and routing in large models. It has two sentences.';

interface Loader {
  readonly name: string;
  readonly parse: (input: string | Uint8Array) => LoadResult;
  /** A file holding these titles, one record each. */
  readonly file: (titles: readonly string[]) => string;
}

const loaders: Loader[] = [
  {
    name: 'daily page',
    parse: (input) => parseDailyPage(input, { feedDate: '2026-11-26' }),
    file: (titles) => titles.map((t) => `${t}\n${ABSTRACT}`).join('\n'),
  },
  {
    name: 'papers JSON Lines',
    parse: parsePaperJsonLines,
    file: (titles) => titles.map((t) => JSON.stringify({ title: t, abstract: ABSTRACT })).join('\n'),
  },
  {
    name: 'BEIR corpus',
    parse: parseBeirCorpus,
    file: (titles) => titles.map((t, i) => JSON.stringify({ _id: `d${i}`, title: t, text: ABSTRACT })).join('\n'),
  },
];

describe.each(loaders)('$name loader', (loader) => {
  const titles = ['Sparse Experts', 'Routing at Scale', 'Über Gating 🚀'];

  it('reads an empty input as nothing, quietly', () => {
    expect(loader.parse('')).toEqual({ papers: [], problems: [] });
    expect(loader.parse(new Uint8Array())).toEqual({ papers: [], problems: [] });
  });

  it('reads CRLF, CR, a BOM and blank lines like plain LF', () => {
    const plain = loader.parse(loader.file(titles));
    expect(plain.papers.map((p) => p.title)).toEqual(titles);
    const messy = `\ufeff\n${loader.file(titles).replace(/\n/g, '\r\n\r\n')}\r\n\r\n`;
    expect(loader.parse(messy).papers.map((p) => p.title)).toEqual(titles);
    expect(loader.parse(loader.file(titles).replace(/\n/g, '\r')).papers.map((p) => p.title)).toEqual(titles);
  });

  it('keeps the good records around a truncated last one', () => {
    const text = loader.file(titles);
    const truncated = text.slice(0, text.length - ABSTRACT.length - 4);
    const { papers, problems } = loader.parse(truncated);
    expect(papers.map((p) => p.title)).toEqual(titles.slice(0, 2));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.severity).toBe('error');
  });

  it('keeps a record with invalid UTF-8, repaired, and names its line', () => {
    const bytes = Buffer.from(loader.file(['Bad § Bytes Here', ...titles]), 'utf8');
    const at = bytes.indexOf(0xc2); // the first byte of "§"
    expect(at).toBeGreaterThan(0);
    bytes[at] = 0xff;
    const { papers, problems } = loader.parse(bytes);
    expect(papers.map((p) => p.title)).toEqual(['Bad \ufffd\ufffd Bytes Here', ...titles]);
    expect(problems).toEqual([expect.objectContaining({ line: 1, severity: 'warning', message: expect.stringContaining('UTF-8') })]);
  });

  it('survives a 10,000-character line', () => {
    const long = loader.file([`${'Long '.repeat(2000)}Title`, ...titles]);
    const { papers, problems } = loader.parse(long);
    expect(papers.map((p) => p.title)).toEqual(expect.arrayContaining(titles));
    expect(problems.every((p) => p.line >= 1 && p.message.length > 0)).toBe(true);
  });

  it('removes invisible characters inside words (soft hyphens, zero-width spaces from PDFs)', () => {
    const { papers } = loader.parse(loader.file(['Trans\u00adformers for Every\u200bthing']));
    expect(papers[0]!.title).toBe('Transformers for Everything');
  });

  it('reads UTF-16 with a byte-order mark, and refuses UTF-16 without one in a single problem', () => {
    const text = loader.file(titles);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(loader.parse(le).papers.map((p) => p.title)).toEqual(titles);
    const bare = loader.parse(Buffer.from(text, 'utf16le'));
    expect(bare.papers).toEqual([]);
    expect(bare.problems).toEqual([{ line: 1, severity: 'error', message: expect.stringContaining('save it as UTF-8') }]);
  });

  it('keeps mentions and markup as plain text', () => {
    const { papers } = loader.parse(loader.file(['<!channel> @everyone <@U123> **bold** <b>x</b>']));
    expect(papers[0]!.title).toBe('<!channel> @everyone <@U123> **bold** <b>x</b>');
  });
});
