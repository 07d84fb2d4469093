import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PaperCollection, type PaperDraft } from '../../../src/index.js';
import { ARXIV_ANNOUNCE_SOURCE, parseArxivAnnouncements, parseArxivApiFeed, type ArxivAnnouncementOutcome, type ArxivFeedOutcome } from '../../../src/ingest/arxiv-feed.js';

const shared = (name: string): string => readFileSync(new URL(`../../fixtures/feeds/real/${name}`, import.meta.url), 'utf8');
const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');

type Announced = Extract<ArxivAnnouncementOutcome, { kind: 'papers' }>;

function announced(outcome: ArxivAnnouncementOutcome): Announced {
  if (outcome.kind !== 'papers') throw new Error(`expected papers, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome;
}

/** An RSS 2.0 feed in rss.arxiv.org's shape around the given items. */
function rssFeed(items: string[], pubDate = 'Tue, 02 Sep 2025 00:00:00 -0400'): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel>
  <title>cs.CL updates on arXiv.org</title><link>http://rss.arxiv.org/rss/cs.CL</link><pubDate>${pubDate}</pubDate>
  ${items.join('\n')}
</channel></rss>`;
}

function rssItem(id: string, type: string, fields: { title?: string; creator?: string; abstract?: string; guid?: string } = {}): string {
  return `<item><title>${fields.title ?? 'An Ordinary Title'}</title><link>https://arxiv.org/abs/${id.replace(/v\d+$/, '')}</link>
    <description>arXiv:${id} Announce Type: ${type} 
Abstract: ${fields.abstract ?? 'An abstract.'}</description>
    ${fields.guid ?? `<guid isPermaLink="false">oai:arXiv.org:${id}</guid>`}<pubDate>Tue, 02 Sep 2025 00:00:00 -0400</pubDate>
    <arxiv:announce_type>${type}</arxiv:announce_type><dc:creator>${fields.creator ?? 'Ada Lovelace'}</dc:creator></item>`;
}

const ranks = (papers: readonly PaperDraft[]): Array<[string | undefined, number | undefined]> => papers.map((p) => [p.arxivId, p.appearances?.[0]?.rank]);

describe('arXiv announcements: the real Atom feed', () => {
  it('GIVEN the cs.AI Atom announcement feed THEN every entry is a ranked appearance and the types are counted', () => {
    const outcome = announced(parseArxivAnnouncements(shared('arxiv-rss-example.xml')));
    expect(outcome.announceTypes).toEqual({ cross: 5, new: 2 });
    expect(outcome.replacements).toEqual([]);
    expect(outcome.source).toBe('arxiv:cs.AI');
    expect(outcome.announcedOn).toBe('2025-08-20');
    expect(outcome.result.problems).toEqual([]);
    const papers = outcome.result.papers;
    expect(papers).toHaveLength(7);
    expect(ranks(papers).map(([, rank]) => rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(papers[0]).toMatchObject({
      arxivId: '2508.13426',
      arxivVersion: 1,
      title: 'ALIGN: Word Association Learning for Cross-Cultural Generalization in Large Language Models',
      authors: ['Chunhua Liu', 'Kabir Manandhar Shrestha', 'Sukai Huang'],
      url: 'https://arxiv.org/abs/2508.13426',
      appearances: [{ source: 'arxiv:cs.AI', date: '2025-08-20', rank: 1 }],
    });
    // The "arXiv:… Announce Type: … Abstract:" preamble is not part of the abstract.
    expect(papers[0]!.abstract).toMatch(/^As large language models \(LLMs\) increasingly mediate/);
    expect(papers[2]!.authors).toEqual(["Paulo Andr\\'e Lima de Castro"]);
    // No v1 date in announcement feeds; the appearance carries the day instead.
    expect(papers[0]).not.toHaveProperty('publishedAt');
  });

  it('GIVEN a category option THEN it names the appearance source', () => {
    const outcome = announced(parseArxivAnnouncements(shared('arxiv-rss-example.xml'), { category: 'cs.LG' }));
    expect(outcome.result.papers[0]!.appearances).toEqual([{ source: 'arxiv:cs.LG', date: '2025-08-20', rank: 1 }]);
  });

  it('fits wherever an ArxivFeedOutcome is expected', () => {
    const outcome: ArxivFeedOutcome = parseArxivAnnouncements(shared('arxiv-rss-example.xml'));
    expect(outcome.kind).toBe('papers');
  });
});

describe('arXiv announcements: RSS 2.0', () => {
  const outcome = announced(parseArxivAnnouncements(fixture('arxiv-rss-cs-lg.xml')));
  const papers = outcome.result.papers;

  it('GIVEN new, cross, replace and replace-cross items THEN each type is counted', () => {
    expect(outcome.announceTypes).toEqual({ new: 2, cross: 1, replace: 1, 'replace-cross': 1 });
    expect(outcome.result.problems).toEqual([]);
    expect(outcome).toMatchObject({ source: 'arxiv:cs.LG', announcedOn: '2025-09-02' });
  });

  it('GIVEN new and cross items THEN they are papers with appearances ranked by feed position', () => {
    expect(ranks(papers)).toEqual([
      ['2509.00101', 1],
      ['2509.00107', 2],
      ['2509.00233', 3],
      ['2406.11111', undefined],
      ['2501.04321', undefined],
    ]);
    expect(papers[2]!.appearances).toEqual([{ source: 'arxiv:cs.LG', date: '2025-09-02', rank: 3 }]);
  });

  it('GIVEN replace and replace-cross items THEN they are papers with their new version, listed as replacements', () => {
    expect(outcome.replacements).toEqual(['2406.11111', '2501.04321']);
    expect(papers.filter((p) => outcome.replacements.includes(p.arxivId!)).map((p) => [p.arxivVersion, p.appearances])).toEqual([
      [3, []],
      [2, []],
    ]);
  });

  it('reads dc:creator, character references and abstract links', () => {
    expect(papers[0]).toMatchObject({
      authors: ['Mei Tanaka', 'José Álvarez', 'Robert Smith, Jr.', 'Priya Natarajan'],
      codeUrls: ['https://github.com/example/curriculum-distill'],
      title: 'Curriculum Distillation for Small Language Models',
    });
    expect(papers[1]!.title).toBe('On the Sample Complexity of Offline RL with $\\ell_\\infty$ Coverage');
    expect(papers[1]!.abstract).toContain('closed form & avoids');
    expect(papers[1]!.abstract).toMatch(/^We prove/);
  });

  it('GIVEN a replacement for a paper the corpus holds THEN applying it updates that paper', () => {
    const collection = new PaperCollection();
    const v1 = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2406.11111v1</id>
      <title>Scaling Laws for Mixture-of-Experts Routing</title><summary>Old abstract.</summary></entry></feed>`;
    const api = parseArxivApiFeed(v1);
    expect(collection.addAll(api.kind === 'papers' ? api.result.papers : [])).toMatchObject({ added: 1 });
    const updates = papers.filter((p) => outcome.replacements.includes(p.arxivId!) && collection.get(p.arxivId!) !== undefined);
    expect(collection.addAll(updates)).toMatchObject({ added: 0, updated: 1 });
    expect(collection.get('2406.11111')).toMatchObject({ arxivVersion: 3, abstract: expect.stringMatching(/^We fit scaling laws/) });
  });

  it('GIVEN items whose id is only in the description, or nowhere THEN the first is read and the second skipped with a reason', () => {
    const parsed = announced(parseArxivAnnouncements(rssFeed([rssItem('2509.00999v2', 'new', { guid: '' }), '<item><title>Lost</title><description>No id here.</description></item>'])));
    expect(parsed.result.papers.map((p) => [p.arxivId, p.arxivVersion])).toEqual([['2509.00999', 2]]);
    expect(parsed.result.problems).toEqual([{ line: 2, severity: 'error', message: expect.stringMatching(/^skipped entry 2: no arXiv id/) }]);
    expect(parsed.announceTypes).toEqual({ new: 1, unknown: 1 });
  });

  it('GIVEN hostile text THEN it passes through as plain text within caps', () => {
    const title = '&lt;!here&gt; @everyone &lt;img src=x onerror=alert(1)&gt; \u202Egnp.exe\u202C ﷽ 🤖';
    const creator = Array.from({ length: 700 }, (_, i) => `Member ${i}`).join(', ');
    const parsed = announced(parseArxivAnnouncements(rssFeed([rssItem('2509.00001v1', 'new', { title, creator, abstract: '&lt;b&gt;x&lt;/b&gt; '.repeat(3000) })])));
    const [paper] = parsed.result.papers;
    expect(paper!.title).toBe('<!here> @everyone <img src=x onerror=alert(1)> gnp.exe ﷽ 🤖');
    expect(paper!.authors).toHaveLength(500);
    expect(paper!.abstract?.length).toBeLessThanOrEqual(20_000);
    expect(paper!.abstract).toMatch(/^<b>x<\/b> <b>x<\/b>/);
    expect(parsed.result.problems.map((p) => p.severity)).toEqual(['warning', 'warning']);
  });

  it('GIVEN an unknown announce type THEN the paper is kept without an appearance and a warning names the type', () => {
    const parsed = announced(parseArxivAnnouncements(rssFeed([rssItem('2509.00002v1', 'withdrawn')])));
    expect(parsed.result.papers[0]!.appearances).toEqual([]);
    expect(parsed.result.problems[0]!.message).toMatch(/announce type "withdrawn"/);
    expect(parsed.source).toBe('arxiv:cs.CL');
  });

  it('GIVEN a feed whose category cannot be told THEN the generic announcement source is used', () => {
    const parsed = announced(parseArxivAnnouncements(rssFeed([rssItem('2509.00003v1', 'new')]).replace('rss/cs.CL', 'somewhere/else')));
    expect(parsed.source).toBe(ARXIV_ANNOUNCE_SOURCE);
  });
});

describe('arXiv announcements: empty, broken and hostile feeds', () => {
  it('GIVEN a Saturday feed with no items THEN it is empty and says arXiv does not announce on weekends', () => {
    expect(parseArxivAnnouncements(fixture('arxiv-rss-weekend.xml'))).toEqual({
      kind: 'empty',
      noAnnouncement: true,
      announcedOn: '2025-09-06',
      note: expect.stringMatching(/does not announce on weekends.*cs\.LG.*Saturday 2025-09-06/),
    });
  });

  it('GIVEN a weekday feed with no items THEN the note suggests a holiday or a feed not yet refreshed', () => {
    const outcome = parseArxivAnnouncements(rssFeed([], 'Thu, 25 Dec 2025 00:00:00 -0500'));
    expect(outcome).toMatchObject({ kind: 'empty', noAnnouncement: true, announcedOn: '2025-12-25' });
    expect(outcome.kind === 'empty' && outcome.note).toMatch(/holiday/);
  });

  it.each(['2025-02-30', 'Error 42', 'Mon, 31 Feb 2025 00:00:00 -0500', ''])('GIVEN an impossible feed date (%j) THEN the day is left out, not guessed', (date) => {
    const outcome = parseArxivAnnouncements(rssFeed([], date));
    expect(outcome).toMatchObject({ kind: 'empty', noAnnouncement: true });
    expect(outcome).not.toHaveProperty('announcedOn');
  });

  it.each([
    ['an unclosed tag', fixture('arxiv-malformed.xml'), /closing tag 'name'/],
    ['a truncated real feed', shared('arxiv-rss-example.xml').slice(0, 5000), /still open \(a truncated/],
    ['an HTML page', '<!DOCTYPE html><html><body>Service Unavailable</body></html>', /root element is <html>/],
    ['an <rss> with no channel', '<rss version="2.0"></rss>', /no <channel>/],
    ['not XML at all', '{"papers": []}', /malformed XML/],
  ])('GIVEN %s THEN the outcome is an error naming the problem', (_name, xml, reason) => {
    const outcome = parseArxivAnnouncements(xml);
    expect(outcome.kind).toBe('error');
    expect(outcome.kind === 'error' && outcome.message).toMatch(reason);
  });

  it('GIVEN an entity bomb in an RSS feed THEN it stays small and fast', () => {
    const levels = ['<!ENTITY a0 "ha">'];
    for (let i = 1; i <= 12; i += 1) levels.push(`<!ENTITY a${i} "${`&a${i - 1};`.repeat(12)}">`);
    const feed = rssFeed([rssItem('2509.00004v1', 'new', { title: 'Boom &a12;' })]).replace('<rss ', `<!DOCTYPE rss [${levels.join('')}]><rss `);
    const started = performance.now();
    const outcome = parseArxivAnnouncements(feed);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(JSON.stringify(outcome).length).toBeLessThan(5000);
  });

  it('GIVEN any string at all THEN parsing never throws', () => {
    const feed = fixture('arxiv-rss-cs-lg.xml');
    const mangled = fc.tuple(fc.nat({ max: feed.length }), fc.nat({ max: feed.length }), fc.string()).map(([a, b, s]) => feed.slice(0, Math.min(a, b)) + s + feed.slice(Math.max(a, b)));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), mangled), fc.option(fc.string(), { nil: undefined }), (xml, category) => {
        const outcome = parseArxivAnnouncements(xml, category === undefined ? {} : { category });
        expect(['papers', 'empty', 'error']).toContain(outcome.kind);
      }),
      { numRuns: 300 },
    );
  });
});
