import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PaperCollection, type PaperDraft } from '../../../src/index.js';
import { MAX_ABSTRACT_LENGTH, MAX_AUTHORS, MAX_TITLE_LENGTH } from '../../../src/model/paper.js';
import { MAX_ARXIV_FEED_LENGTH, parseArxivApiFeed, type ArxivFeedOutcome } from '../../../src/ingest/arxiv-feed.js';

// Real payloads captured from arXiv (tests/fixtures/feeds/real, see tests/fixtures/README.md); ours beside the other feeds.
const shared = (name: string): string => readFileSync(new URL(`../../fixtures/feeds/real/${name}`, import.meta.url), 'utf8');
const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');

function papersOf(outcome: ArxivFeedOutcome): PaperDraft[] {
  if (outcome.kind !== 'papers') throw new Error(`expected papers, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.result.papers;
}

/** A minimal API page in the real shape, for cases no captured payload covers. */
function apiPage(entries: string[], total = entries.length, doctype = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${doctype}
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>http://arxiv.org/api/test</id>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  ${entries.join('\n')}
</feed>`;
}

function apiEntry(id: string, fields: { title?: string; summary?: string; authors?: string[]; extra?: string } = {}): string {
  const authors = (fields.authors ?? ['Ada Lovelace']).map((a) => `<author><name>${a}</name></author>`).join('');
  return `<entry><id>http://arxiv.org/abs/${id}</id><published>2024-03-02T18:20:11Z</published>
    <title>${fields.title ?? 'A Perfectly Ordinary Title'}</title><summary>${fields.summary ?? 'An abstract.'}</summary>${authors}${fields.extra ?? ''}</entry>`;
}

describe('arXiv API: real payloads', () => {
  it('GIVEN the one-entry page THEN it yields 2202.01615 v1 with authors, DOI and PDF', () => {
    const outcome = parseArxivApiFeed(shared('arxiv-api-one.xml'));
    expect(outcome).toMatchObject({ kind: 'papers', totalResults: 1, startIndex: 0, itemsPerPage: 10 });
    const [paper, ...rest] = papersOf(outcome);
    expect(rest).toEqual([]);
    expect(outcome.kind === 'papers' && outcome.result.problems).toEqual([]);
    expect(paper).toMatchObject({
      arxivId: '2202.01615',
      arxivVersion: 1,
      title: 'Measuring Disparate Outcomes of Content Recommendation Algorithms with Distributional Inequality Metrics',
      url: 'https://arxiv.org/abs/2202.01615',
      pdfUrl: 'https://arxiv.org/pdf/2202.01615v1',
      links: ['https://doi.org/10.1016/j.patter.2022.100568'],
      publishedAt: '2022-02-03T14:41:39Z',
      appearances: [],
      line: 1,
    });
    expect(paper!.authors).toHaveLength(8);
    expect(paper!.authors?.[0]).toBe('Tomo Lazovich');
    expect(paper!.authors?.at(-1)).toBe('Rumman Chowdhury');
    expect(paper!.abstract).toMatch(/^The harmful impacts of algorithmic decision systems have recently come into focus, with/);
    expect(paper!.abstract).not.toMatch(/\n|\s{2}/);
  });

  it('GIVEN the two-entry page THEN 2110.00857 keeps version 3 beside an unversioned id', () => {
    const papers = papersOf(parseArxivApiFeed(shared('arxiv-api-two.xml')));
    expect(papers.map((p) => [p.arxivId, p.arxivVersion])).toEqual([
      ['2202.01615', 1],
      ['2110.00857', 3],
    ]);
    expect(papers[1]).toMatchObject({ title: 'FairFed: Enabling Group Fairness in Federated Learning', url: 'https://arxiv.org/abs/2110.00857' });
    expect(papers[1]!.authors).toEqual(['Yahya H. Ezzeldin', 'Shen Yan', 'Chaoyang He', 'Emilio Ferrara', 'Salman Avestimehr']);
  });

  it("GIVEN arXiv's HTTP-200 error feed THEN the outcome is an error with arXiv's reason, not a paper", () => {
    expect(parseArxivApiFeed(shared('arxiv-api-error.xml'))).toEqual({ kind: 'error', message: 'incorrect id format for 2202.016' });
  });

  it('GIVEN a real page cut off anywhere THEN the outcome is an error, never fewer papers', () => {
    const page = shared('arxiv-api-two.xml');
    for (const cut of [40, 600, 1500, 3300, 5000, page.length - 10]) {
      const outcome = parseArxivApiFeed(page.slice(0, cut));
      expect(outcome.kind, `cut at ${cut}`).toBe('error');
    }
  });
});

describe('arXiv API: paging, throttling and empties', () => {
  it('GIVEN a total of 500, start 100 and no entries THEN it is throttling, not "no papers"', () => {
    const throttled = parseArxivApiFeed(fixture('arxiv-api-throttled.xml'));
    const empty = parseArxivApiFeed(fixture('arxiv-api-empty.xml'));
    expect(throttled).toEqual({ kind: 'throttled', totalResults: 500, startIndex: 100 });
    expect(empty).toMatchObject({ kind: 'empty', totalResults: 0, note: 'nothing matches the query' });
    expect(throttled.kind).not.toBe(empty.kind);
  });

  it('GIVEN a count-only query (max_results=0) THEN the empty page is the answer, not throttling', () => {
    const countOnly = fixture('arxiv-api-throttled.xml').replace('>100</opensearch:itemsPerPage>', '>0</opensearch:itemsPerPage>');
    expect(parseArxivApiFeed(countOnly)).toMatchObject({ kind: 'empty', totalResults: 500 });
  });

  it('GIVEN a page past the last result THEN it is genuinely empty', () => {
    const past = fixture('arxiv-api-throttled.xml').replace('>100</opensearch:startIndex>', '>500</opensearch:startIndex>');
    expect(parseArxivApiFeed(past)).toMatchObject({ kind: 'empty', totalResults: 500 });
  });
});

describe('arXiv API: versions and identifiers', () => {
  it('GIVEN v1 and v2 of one paper on a page THEN one paper with version 2 and a warning naming both', () => {
    const outcome = parseArxivApiFeed(fixture('arxiv-api-two-versions.xml'));
    const papers = papersOf(outcome);
    expect(papers.map((p) => [p.arxivId, p.arxivVersion])).toEqual([
      ['2403.01234', 2],
      ['hep-th/9901001', 3],
    ]);
    expect(papers[0]).toMatchObject({
      authors: ['Ada Lovelace', 'Charles Babbage', 'Mary Somerville'],
      codeUrls: ['https://github.com/example/learned-capacity'],
      pdfUrl: 'https://arxiv.org/pdf/2403.01234v2',
      line: 2,
    });
    expect(papers[1]).toMatchObject({ links: ['https://doi.org/10.1103/PhysRevD.59.000001'], url: 'https://arxiv.org/abs/hep-th/9901001' });
    const problems = outcome.kind === 'papers' ? outcome.result.problems : [];
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, severity: 'warning' });
    expect(problems[0]!.message).toContain('2403.01234v1');
    expect(problems[0]!.message).toContain('2403.01234v2');
    expect(problems[0]!.message).toContain('kept 2403.01234v2');
  });

  it('GIVEN the newer version first THEN the older one still loses', () => {
    const papers = papersOf(parseArxivApiFeed(apiPage([apiEntry('2403.01234v3'), apiEntry('2403.01234v1')])));
    expect(papers.map((p) => p.arxivVersion)).toEqual([3]);
  });

  it('GIVEN entries without a usable id THEN each is skipped with its position and id, the rest kept', () => {
    const outcome = parseArxivApiFeed(apiPage([apiEntry('2403.01234v1'), apiEntry('not-an-id'), '<entry><title>No id at all</title></entry>', apiEntry('2403.05555v1', { title: '' })]));
    expect(papersOf(outcome).map((p) => p.arxivId)).toEqual(['2403.01234']);
    const problems = outcome.kind === 'papers' ? outcome.result.problems : [];
    expect(problems.map((p) => [p.line, p.severity])).toEqual([
      [2, 'error'],
      [3, 'error'],
      [4, 'error'],
    ]);
    expect(problems[0]!.message).toMatch(/skipped entry 2: id "http:\/\/arxiv\.org\/abs\/not-an-id" is not an arXiv identifier/);
    expect(problems[1]!.message).toMatch(/skipped entry 3: it has no id/);
    expect(problems[2]!.message).toMatch(/skipped entry 4: 2403\.05555v1: title/);
  });

  it('GIVEN a v1 load then a v2 load THEN the collection updates the paper instead of adding it', () => {
    const collection = new PaperCollection();
    const first = collection.addAll(papersOf(parseArxivApiFeed(apiPage([apiEntry('2403.01234v1')]))));
    const second = collection.addAll(papersOf(parseArxivApiFeed(apiPage([apiEntry('2403.01234v2', { summary: 'A revised abstract.' })]))));
    expect(first).toMatchObject({ added: 1, updated: 0 });
    expect(second).toMatchObject({ added: 0, updated: 1 });
    expect(collection.size).toBe(1);
    expect(collection.get('2403.01234')).toMatchObject({ id: '2403.01234', arxivVersion: 2, abstract: 'A revised abstract.' });
  });
});

describe('arXiv API: broken and hostile input', () => {
  it.each([
    ['an unclosed tag', fixture('arxiv-malformed.xml'), /line 16.*closing tag 'name'/],
    ['a truncated page', fixture('arxiv-truncated.xml'), /ends with <feed>, <entry>, <summary> still open \(a truncated/],
    ['an HTML error page', '<html><body><h1>503 Service Unavailable</h1></body></html>', /not an Atom feed: the root element is <html>/],
    ['an RSS document', fixture('arxiv-rss-cs-lg.xml'), /root element is <rss>/],
    ['plain text', 'Rate exceeded.', /malformed XML/],
    ['nothing', '', /empty/],
  ])('GIVEN %s THEN the outcome is an error naming the problem', (_name, xml, reason) => {
    const outcome = parseArxivApiFeed(xml);
    expect(outcome.kind).toBe('error');
    expect(outcome.kind === 'error' && outcome.message).toMatch(reason);
  });

  it('GIVEN a payload over the size cap THEN it is refused before parsing', () => {
    const outcome = parseArxivApiFeed(`<feed>${' '.repeat(MAX_ARXIV_FEED_LENGTH)}</feed>`);
    expect(outcome).toEqual({ kind: 'error', message: expect.stringMatching(/over the 20971520-character limit/) });
  });

  it('GIVEN a billion-laughs DOCTYPE THEN nothing expands and the parse is fast', () => {
    const levels = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i += 1) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const bomb = apiPage([apiEntry('2403.01234v1', { title: 'Laughs &lol9;', summary: '&lol9;&lol9;&lol9;' })], 1, `<!DOCTYPE feed [${levels.join('')}]>`);
    const started = performance.now();
    const outcome = parseArxivApiFeed(bomb);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(JSON.stringify(outcome).length).toBeLessThan(5000);
    if (outcome.kind === 'papers') expect(outcome.result.papers[0]?.title).toBe('Laughs &lol9;');
  });

  it('GIVEN a wide entity repeated many times, or an external entity THEN neither is expanded', () => {
    const wide = apiPage([apiEntry('2403.01234v1', { summary: '&wide;'.repeat(50_000) })], 1, `<!DOCTYPE feed [<!ENTITY wide "${'x'.repeat(5000)}">]>`);
    const wideOutcome = parseArxivApiFeed(wide);
    expect(JSON.stringify(wideOutcome)).not.toContain('x'.repeat(5000));
    const external = apiPage([apiEntry('2403.01234v1', { title: 'Secret &xxe;' })], 1, '<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>');
    expect(JSON.stringify(parseArxivApiFeed(external))).not.toContain('root:');
  });

  it('GIVEN mentions, escaped markup and tricky unicode THEN they pass through as plain text', () => {
    const title = '@everyone &lt;!channel&gt; &lt;script&gt;alert(1)&lt;/script&gt; <![CDATA[<b>bold</b>]]> \u202Eevil\u202C caf&#xE9; 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 数学';
    const [paper] = papersOf(parseArxivApiFeed(apiPage([apiEntry('2403.01234v1', { title, authors: ['&lt;@U123&gt; Eve', 'Zoë &amp; Co'] })])));
    // The parser trims each text run, so the space before the CDATA section goes; the text does not.
    expect(paper!.title).toBe('@everyone <!channel> <script>alert(1)</script><b>bold</b> evil café 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 数学');
    expect(paper!.authors).toEqual(['<@U123> Eve', 'Zoë & Co']);
  });

  it('GIVEN markup sent as real elements inside a title THEN its words are kept as text', () => {
    const [paper] = papersOf(parseArxivApiFeed(apiPage([apiEntry('2403.01234v1', { title: 'Hello <b>bold</b> world' })])));
    expect(paper!.title).toContain('bold');
    expect(paper!.title).not.toContain('<');
  });

  it('GIVEN oversized fields THEN they are cut to the model caps with warnings', () => {
    const authors = Array.from({ length: MAX_AUTHORS + 100 }, (_, i) => `Author ${i}`);
    const outcome = parseArxivApiFeed(apiPage([apiEntry('2403.01234v1', { title: 'word '.repeat(400), summary: 'sentence '.repeat(4000), authors })]));
    const [paper] = papersOf(outcome);
    expect(paper!.title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(paper!.abstract?.length).toBeLessThanOrEqual(MAX_ABSTRACT_LENGTH);
    expect(paper!.authors).toHaveLength(MAX_AUTHORS);
    const messages = outcome.kind === 'papers' ? outcome.result.problems.map((p) => p.message) : [];
    expect(messages.join('\n')).toMatch(/title cut[\s\S]*first 500 of 600 authors[\s\S]*abstract cut/);
  });

  it('GIVEN a PDF link to another paper THEN it is not trusted', () => {
    const extra = '<link title="pdf" href="https://evil.example/pdf/2403.01234v1" rel="related" type="application/pdf"/>';
    const [paper] = papersOf(parseArxivApiFeed(apiPage([apiEntry('2403.01234v1', { extra })])));
    expect(paper!.pdfUrl).toBe('https://arxiv.org/pdf/2403.01234');
  });

  it('GIVEN any string at all THEN parsing never throws and answers one of the four kinds', () => {
    const page = shared('arxiv-api-two.xml');
    const mangled = fc.tuple(fc.nat({ max: page.length }), fc.nat({ max: page.length }), fc.string()).map(([a, b, s]) => page.slice(0, Math.min(a, b)) + s + page.slice(Math.max(a, b)));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), mangled), (xml) => {
        const outcome = parseArxivApiFeed(xml);
        expect(['papers', 'empty', 'throttled', 'error']).toContain(outcome.kind);
      }),
      { numRuns: 300 },
    );
  });
});
