import { request } from 'node:http';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAtom } from '../../adapters/service/trending-atom.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { cleanText, MAX_FEED_AUTHORS, type Paper, type TrendingFeed } from '../../src/index.js';
import { ephemeralWebSettings } from '../../adapters/web/web-settings.js';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness.js';
import { shippedCollection } from '../helpers/shipped-corpus.js';

/**
 * GET /trending.atom on the running service, read back with a real feed parser: the entries
 * are /trending's, in its order, with ids and times a reader can rely on, and hostile titles
 * stay text in a feed that stays well-formed XML.
 */
const HOST = 'papers.example.org';
const TODAY = '2026-11-27'; // the shipped corpus is the 26th; the papers below were listed a day later

const template = [...shippedCollection().all()][0]!;
const paper = (id: string, rank: number, fields: Partial<Paper>): Paper => ({
  ...template,
  id,
  arxivId: undefined,
  codeUrls: [],
  url: `https://example.org/${id}`,
  appearances: [{ source: 'hf-trending', date: TODAY, rank, upvotes: 5 }],
  ...fields,
});

/** Stored as they are (not through ingest, which cleans text): the feed must cope with anything storage holds. */
const HOSTILE: Paper[] = [
  paper('hostile-script', 1, { title: '</title><script>alert(1)</script>', authors: ['<b>Mallory</b> & Co', '@everyone'], abstract: 'Ends the CDATA ]]> early & <b>bolds</b> it.' }),
  paper('hostile-cdata', 2, { title: 'Breaking ]]> out & <![CDATA[ in again', url: undefined, codeUrls: ['https://github.com/example/x?a=1&b=<2>'] }),
  paper('hostile-controls', 3, { title: 'Control\u0000 chars\u001b[31m red\u0007 <!channel>', authors: ['Bell\u0007 Ringer', '\u0000'] }),
  paper('unicode-title', 4, { title: 'Überraschend schnelle Ränge: 日本語の論文 🚀 مرحبا', authors: ['Zoë Ñúñez', '李雷'] }),
  paper('many-authors', 5, { title: 'A Paper by Many', authors: Array.from({ length: 40 }, (_, i) => `Author ${i + 1}`) }),
];

const storeHostile = async (dataDir: string): Promise<void> => {
  const storage = SqliteStorage.open(join(dataDir, 'paperboy.sqlite'));
  await storage.savePapers(HOSTILE, 0);
  await storage.close();
};
const startWithHostile = () => startServiceHarness({ adapters: () => [], before: storeHostile });

let h: ServiceHarness;
beforeAll(async () => {
  h = await startWithHostile();
});
afterAll(async () => {
  await h?.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A GET with the Host header a reader (or the proxy in front) would send. */
function get(service: ServiceHarness, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, service.service.url);
  return new Promise((resolve, reject) => {
    // An empty host means none at all (as an HTTP/1.0 client would send).
    const host = headers.host ?? HOST;
    const req = request(url, { headers: { ...headers, ...(host ? { host } : {}) }, setHost: host !== '' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

// XML 1.0's Char production: anything else makes a strict parser (and many readers) stop.
const NOT_XML_CHAR = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/** The feed, checked well-formed XML 1.0, parsed as Atom. */
function atom(text: string) {
  expect(XMLValidator.validate(text)).toBe(true);
  expect(text).not.toMatch(NOT_XML_CHAR);
  const feed = parseFeed(text);
  expect(feed.meta).toEqual({ type: 'atom', version: '1.0' });
  return feed;
}

async function feedAt(path: string, service = h) {
  const res = await get(service, path);
  expect(res.status, res.text).toBe(200);
  expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
  return { res, feed: atom(res.text) };
}

/** The feed's own <id> (the parser exposes the element, not a property). */
const feedIdOf = (feed: ReturnType<typeof parseFeed>): string | undefined => feed.element.findElementWithName('id')?.textContentNormalized;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
/** HTML's escapes undone (the five the renderer writes): what a browser shows. */
const decodeEntities = (html: string): string => html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name]!);
const paperIdOf = (entryId: string | null): string => decodeURIComponent(String(entryId).replace(`http://${HOST}/papers/`, ''));

async function trendingJson(query: string) {
  const res = await fetch(`${h.service.url}/trending?${query}`);
  return (await res.json()) as { results: Array<{ id: string; reasons: string[]; title: string }> };
}

describe('GET /trending.atom', () => {
  it('is an Atom feed of /trending: the same papers in the same order, each saying why', async () => {
    const { feed } = await feedAt('/trending.atom?count=12');
    const json = await trendingJson('limit=12');
    expect(feed.items.map((item) => paperIdOf(item.id))).toEqual(json.results.map((r) => r.id));
    expect(feed.items).toHaveLength(12);
    for (const [i, item] of feed.items.entries()) expect(item.description).toContain(json.results[i]!.reasons[0]!);
    expect(feed.self).toBe(`http://${HOST}/trending.atom?count=12`);
    // Default size: the JSON route's default page.
    expect((await feedAt('/trending.atom')).feed.items.map((item) => paperIdOf(item.id))).toEqual((await trendingJson('')).results.map((r) => r.id));
  });

  it('links each entry to the paper, or to its record here when it has no page of its own', async () => {
    const { feed } = await feedAt('/trending.atom');
    const byId = new Map(feed.items.map((item) => [paperIdOf(item.id), item]));
    expect(byId.get('hostile-script')!.url).toBe('https://example.org/hostile-script');
    expect(byId.get('hostile-cdata')!.url).toBe(`http://${HOST}/papers/hostile-cdata`);
    const record = await fetch(`${h.service.url}/papers/hostile-cdata`);
    expect(record.status).toBe(200);
    expect(new Set(feed.items.map((item) => item.id)).size).toBe(feed.items.length);
  });

  it('is byte-identical between polls and after a restart over the same corpus, and answers 304 to a reader that has it', async () => {
    const first = await get(h, '/trending.atom');
    const second = await get(h, '/trending.atom');
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    const again = await startWithHostile();
    try {
      // A later clock changes nothing: the feed is dated by the papers' listings, not by the request.
      again.at('2026-12-03T18:00:00Z');
      expect((await get(again, '/trending.atom')).text).toBe(first.text);
    } finally {
      await again.close();
    }
    const etag = String(first.headers.etag);
    const unchanged = await get(h, '/trending.atom', { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
    expect(unchanged.headers.etag).toBe(etag);
    expect((await get(h, '/trending.atom', { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    expect((await get(h, '/trending.atom', { 'if-none-match': '"other"' })).status).toBe(200);
    // Another size is another document.
    expect((await get(h, '/trending.atom?count=3', { 'if-none-match': etag })).status).toBe(200);
    expect(new Date(String(first.headers['last-modified'])).toISOString()).toBe(`${TODAY}T00:00:00.000Z`);
  });

  it('dates each entry by the paper’s latest feed listing and the feed by its newest entry', async () => {
    const { feed } = await feedAt('/trending.atom?count=30');
    const days = new Set<string>();
    for (const item of feed.items) {
      const res = await fetch(`${h.service.url}/papers/${encodeURIComponent(paperIdOf(item.id))}`);
      const { paper } = (await res.json()) as { paper: { appearances: Array<{ date: string }> } };
      const latest = paper.appearances
        .map((a) => a.date)
        .sort()
        .at(-1)!;
      expect(item.updated?.toISOString()).toBe(`${latest}T00:00:00.000Z`);
      days.add(latest);
    }
    expect([...days].sort()).toEqual(['2026-11-26', TODAY]); // both days are in it: the dates are the papers', not one for all
    expect(feed.updated?.toISOString()).toBe(`${TODAY}T00:00:00.000Z`);
  });

  it('filters by topic, with an id of its own, and stays a valid feed when nothing matches', async () => {
    const all = await feedAt('/trending.atom');
    const { feed } = await feedAt('/trending.atom?topic=model+merging&count=5');
    const json = await trendingJson('topic=model+merging&limit=5');
    expect(json.results.length).toBeGreaterThan(0);
    expect(feed.items.map((item) => paperIdOf(item.id))).toEqual(json.results.map((r) => r.id));
    expect(feed.title).toBe('paperboy: trending on “model merging”');
    expect(feedIdOf(feed)).toBe(`http://${HOST}/trending.atom?topic=model+merging`);
    expect(feedIdOf(all.feed)).toBe(`http://${HOST}/trending.atom`);
    // A unicode topic; entry ids are per paper, not per feed: a paper in both feeds is one entry to a reader.
    const unicode = (await feedAt(`/trending.atom?topic=${encodeURIComponent('Überraschend')}`)).feed;
    expect(unicode.items.map((item) => item.title)).toEqual(['Überraschend schnelle Ränge: 日本語の論文 🚀 مرحبا']);
    expect(all.feed.items.find((item) => item.title === unicode.items[0]!.title)?.id).toBe(unicode.items[0]!.id);
    expect(feedIdOf(unicode)).toBe(`http://${HOST}/trending.atom?topic=%C3%9Cberraschend`);

    const empty = await feedAt('/trending.atom?topic=quokka+zeppelin+origami');
    expect(empty.feed.items).toEqual([]);
    expect(empty.feed.title).toBe('paperboy: trending on “quokka zeppelin origami”');
    expect(empty.feed.updated?.toISOString()).toBe(`${TODAY}T00:00:00.000Z`); // the corpus's day: stable, not "now"
  });

  it('keeps hostile titles and names as text, strips characters XML cannot hold, and keeps unicode', async () => {
    const { feed } = await feedAt('/trending.atom?count=5');
    const byId = new Map(feed.items.map((item) => [paperIdOf(item.id), item]));
    for (const stored of HOSTILE) expect(byId.get(stored.id)?.title, stored.id).toBe(cleanText(stored.title));
    expect(byId.get('hostile-script')!.title).toBe('</title><script>alert(1)</script>');
    expect(byId.get('hostile-controls')!.title).toBe('Control chars [31m red <!channel>');
    expect(byId.get('unicode-title')!.title).toBe('Überraschend schnelle Ränge: 日本語の論文 🚀 مرحبا');
    expect(byId.get('hostile-script')!.authors.map((a) => a.name)).toEqual(['<b>Mallory</b> & Co', '@everyone']);
    expect(byId.get('hostile-controls')!.authors.map((a) => a.name)).toEqual(['Bell Ringer']);
    expect(byId.get('unicode-title')!.authors.map((a) => a.name)).toEqual(['Zoë Ñúñez', '李雷']);
    // The summary is HTML (type="html"): the abstract's markup arrives escaped, as text; the only tags are ours.
    const summaryHtml = (id: string): string => byId.get(id)!.element.findElementWithName('summary')!.textContent;
    expect(decodeEntities(summaryHtml('hostile-script'))).toContain('Ends the CDATA ]]> early & <b>bolds</b> it.');
    for (const item of feed.items)
      expect(new Set([...summaryHtml(paperIdOf(item.id)).matchAll(/<\/?([^\s>/]+)/g)].map((m) => m[1]))).toEqual(new Set(['p', ...(item.id?.includes('cdata') ? ['a'] : [])]));
    const href = /<a href="([^"]*)">Code<\/a>/.exec(summaryHtml('hostile-cdata'))?.[1];
    expect(decodeEntities(href ?? '')).toBe(HOSTILE[1]!.codeUrls[0]);
    const many = byId.get('many-authors')!.authors.map((a) => a.name);
    expect(many).toEqual([...HOSTILE[4]!.authors.slice(0, MAX_FEED_AUTHORS), 'et al.']);
  });

  it.each([
    ['/trending.atom?count=0', /count must be a whole number from 1 to 50/],
    ['/trending.atom?count=51', /count must be a whole number from 1 to 50/],
    ['/trending.atom?count=-3', /count must be a whole number from 1 to 50/],
    ['/trending.atom?count=ten', /count must be a whole number from 1 to 50/],
    [`/trending.atom?topic=${'a'.repeat(600)}`, /topic is 600 characters; keep it under 500/],
    ['/trending.atom?topic=since:2024-13-01', /not a date/],
    ['/trending.atom?topic=%E0%A4%A', /topic is not valid percent-encoding/],
  ])('refuses %s with 400 and a reason', async (path, reason) => {
    const res = await get(h, path);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((JSON.parse(res.text) as { error: string }).error).toMatch(reason);
  });

  it.each(['evil.example/<script>', 'a b', 'host"onload=x', '', 'x'.repeat(300)])('refuses Host %j: the feed will not link to it', async (host) => {
    const res = await get(h, '/trending.atom', { host });
    expect(res.status).toBe(400);
    expect((JSON.parse(res.text) as { error: string }).error).toMatch(/Host header/);
  });

  it('links to https behind a TLS proxy, and to an IPv6 host with a port', async () => {
    const res = await get(h, '/trending.atom', { 'x-forwarded-proto': 'https' });
    expect(atom(res.text).self).toBe(`https://${HOST}/trending.atom`);
    const v6 = await get(h, '/trending.atom', { host: '[::1]:8443', 'x-forwarded-proto': 'javascript' });
    expect(atom(v6.text).self).toBe('http://[::1]:8443/trending.atom');
  });

  it('links to PAPERBOY_PUBLIC_URL when it is set, whatever Host the request names', async () => {
    const behindProxy = await startServiceHarness({ adapters: () => [], before: storeHostile, config: { web: ephemeralWebSettings('https://papers.example.com') } });
    try {
      for (const host of [HOST, 'evil.example', '']) {
        const res = await get(behindProxy, '/trending.atom', { host });
        expect(res.status).toBe(200);
        const feed = atom(res.text);
        expect(feed.self).toBe('https://papers.example.com/trending.atom');
        expect(feed.items.find((e) => e.id?.includes('hostile-cdata'))?.url).toBe('https://papers.example.com/papers/hostile-cdata');
      }
    } finally {
      await behindProxy.close();
    }
  });
});

describe('the Atom renderer', () => {
  it('writes well-formed XML whatever text the feed holds, controls and lone surrogates included', () => {
    const nasty = 'a\u0000b\u0008c\u001bd\ud800e\uffff f ]]> </title> & 🚀';
    const feed: TrendingFeed = {
      id: 'https://x.example/trending.atom',
      title: nasty,
      subtitle: nasty,
      selfLink: 'https://x.example/trending.atom',
      updated: '2026-11-27T00:00:00.000Z',
      entries: [{ id: 'https://x.example/papers/p', title: nasty, link: 'https://x.example/p', why: nasty, summary: nasty, authors: [nasty, '\u0000'], updated: '2026-11-27T00:00:00.000Z' }],
    };
    const parsed = atom(renderAtom(feed));
    const kept = 'abcde f ]]> </title> & 🚀';
    expect(parsed.title).toBe(kept);
    expect(parsed.items[0]!.title).toBe(kept);
    expect(parsed.items[0]!.authors.map((a) => a.name)).toEqual([kept]);
    expect(renderAtom(feed)).toBe(renderAtom(feed));
  });
});
