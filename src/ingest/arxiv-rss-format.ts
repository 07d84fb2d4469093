import { parseArxivId, type ArxivId } from '../ids/arxiv-id.js';
import type { LoadResult } from '../corpus/load-result.js';
import type { FeedAppearance } from '../model/paper.js';
import { cleanText } from '../text/clean-text.js';
import { ARXIV_ANNOUNCE_SOURCE, ArxivPaperCollector, versionLabel } from './arxiv-entries.js';
import { weekdayOf } from '../scheduling/zoned-time.js';
import { arxivDay, attr, child, childText, childrenNamed, readXml, textOf, type XmlValue } from './arxiv-xml.js';

/**
 * arXiv's daily announcement feeds (`rss.arxiv.org/rss/<cat>` as RSS 2.0, `/atom/<cat>`
 * as Atom). Each item is announced as `new`, `cross` (a cross-list), `replace` or
 * `replace-cross` (a new version of an older paper). New and cross-listed papers get an
 * appearance on the announcement day (New York), ranked by feed position among them.
 * Replacements are papers too, with their new version but no appearance, since they
 * were not announced as new today; their ids are listed in `replacements` so a caller can
 * apply them as updates only (or drop the ones it does not already hold).
 */

export interface ArxivAnnouncementOptions {
  /** The feed's category, e.g. `cs.LG`; read from the feed's own link when left out. */
  readonly category?: string;
}

/** A narrowing of `ArxivFeedOutcome & { announceTypes }`: announcement feeds are never "throttled". */
export type ArxivAnnouncementOutcome =
  | {
      readonly kind: 'papers';
      readonly result: LoadResult;
      /** Items per announce type, e.g. `{ new: 12, cross: 4, replace: 7 }`; unreadable types count as `unknown`. */
      readonly announceTypes: Record<string, number>;
      /** Unversioned ids of papers in `result` that were announced as replacements, not as new. */
      readonly replacements: string[];
      /** The appearance source used: `arxiv:<category>` or ARXIV_ANNOUNCE_SOURCE. */
      readonly source: string;
      readonly announcedOn?: string;
    }
  /** The feed lists nothing: a weekend, a holiday, or a feed not yet refreshed. `note` is worth telling the user. */
  | { readonly kind: 'empty'; readonly noAnnouncement: true; readonly note: string; readonly announcedOn?: string }
  | { readonly kind: 'error'; readonly message: string };

const ANNOUNCED = new Set(['new', 'cross']);
const REPLACED = new Set(['replace', 'replace-cross']);
const ANNOUNCE_TYPE = /^[a-z][a-z-]{0,29}$/;
const CATEGORY = /^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?(?:\+[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?)*$/;
/** "arXiv:2508.13426v1 Announce Type: cross Abstract: …", the start of every description. */
const PREFIX = /^arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*/i;
const NAME_SUFFIX = /^(?:Jr\.?|Sr\.?|II|III|IV)$/;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** One item or entry, format differences already resolved. */
interface RawItem {
  readonly ids: readonly string[];
  readonly title: string;
  readonly text: string;
  readonly authors: readonly string[];
  readonly announceType: string;
  readonly date: string;
}

/** `dc:creator` is one comma-separated string; a "Jr." after a comma belongs to the name before. */
function splitCreators(creators: readonly string[]): string[] {
  const names: string[] = [];
  for (const part of creators.flatMap((c) => c.split(','))) {
    const name = cleanText(part).replace(/^and\s+/, '');
    if (name === '') continue;
    if (NAME_SUFFIX.test(name) && names.length > 0) names[names.length - 1] += `, ${name}`;
    else names.push(name);
  }
  return names;
}

function fromRss(item: XmlValue): RawItem {
  return {
    ids: [childText(item, 'guid'), childText(item, 'link')],
    title: childText(item, 'title'),
    text: childText(item, 'description'),
    authors: splitCreators(childrenNamed(item, 'creator').map((c) => textOf(c))),
    announceType: childText(item, 'announce_type'),
    date: childText(item, 'pubDate'),
  };
}

function fromAtom(entry: XmlValue): RawItem {
  const creators = childrenNamed(entry, 'creator').map((c) => textOf(c));
  return {
    ids: [childText(entry, 'id'), ...childrenNamed(entry, 'link').map((l) => attr(l, 'href') ?? '')],
    title: childText(entry, 'title'),
    text: childText(entry, 'summary'),
    authors: creators.length > 0 ? splitCreators(creators) : childrenNamed(entry, 'author').map((a) => childText(a, 'name')),
    announceType: childText(entry, 'announce_type'),
    date: childText(entry, 'published') || childText(entry, 'updated'),
  };
}

/** The id from the first wrapper that holds one, with the version from whichever states it. */
function itemId(candidates: readonly string[]): ArxivId | undefined {
  const parsed = candidates.map((c) => parseArxivId(c)).filter((a): a is ArxivId => a !== undefined);
  const first = parsed[0];
  if (first === undefined || first.version !== undefined) return first;
  return parsed.find((a) => a.id === first.id && a.version !== undefined) ?? first;
}

/** The feed's category from its own address (`…/rss/cs.LG`, `…/atom/cs.AI+cs.LG`). */
function feedCategory(feed: XmlValue): string | undefined {
  const addresses = [childText(feed, 'id'), ...childrenNamed(feed, 'link').map((l) => attr(l, 'href') ?? textOf(l))];
  for (const address of addresses) {
    const segment = /\/(?:rss|atom)\/([^/?#\s]+)\/?$/.exec(address.trim())?.[1];
    const category = segment === undefined ? undefined : safeDecode(segment);
    if (category !== undefined && CATEGORY.test(category)) return category;
  }
  return undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function sourceFor(category: string | undefined): string {
  const name = category === undefined ? '' : cleanText(category).slice(0, 90);
  return name === '' ? ARXIV_ANNOUNCE_SOURCE : `arxiv:${name}`;
}

function emptyMessage(category: string | undefined, day: string | undefined): string {
  const feed = category === undefined ? "arXiv's feed" : `arXiv's ${category} feed`;
  const weekday = day === undefined ? undefined : WEEKDAYS[weekdayOf(day)];
  if (weekday === 'Saturday' || weekday === 'Sunday') {
    return `no announcement: arXiv does not announce on weekends, so ${feed} is empty for ${weekday} ${day}`;
  }
  const when = day === undefined ? '' : ` for ${day}`;
  return `no announcement: ${feed}${when} lists no papers (a holiday, or the feed has not refreshed yet; it refreshes at midnight New York time)`;
}

/** Reads one announcement feed, RSS 2.0 or Atom. Never throws. */
export function parseArxivAnnouncements(xml: string, options: ArxivAnnouncementOptions = {}): ArxivAnnouncementOutcome {
  const doc = readXml(xml);
  if (!doc.ok) return { kind: 'error', message: doc.message };
  let feed: XmlValue;
  let items: RawItem[];
  let feedDate: string;
  if (doc.rootName === 'rss') {
    feed = child(doc.root, 'channel');
    if (feed === undefined) return { kind: 'error', message: 'not an RSS feed: <rss> holds no <channel>' };
    items = childrenNamed(feed, 'item').map(fromRss);
    feedDate = childText(feed, 'pubDate') || childText(feed, 'lastBuildDate');
  } else if (doc.rootName === 'feed') {
    feed = doc.root;
    items = childrenNamed(feed, 'entry').map(fromAtom);
    feedDate = childText(feed, 'updated');
  } else {
    return { kind: 'error', message: `not an RSS 2.0 or Atom feed: the root element is <${doc.rootName.slice(0, 40)}>` };
  }
  const category = options.category ?? feedCategory(feed);
  const feedDay = arxivDay(feedDate);
  if (items.length === 0) {
    return { kind: 'empty', noAnnouncement: true, note: emptyMessage(category, feedDay), ...(feedDay === undefined ? {} : { announcedOn: feedDay }) };
  }

  const source = sourceFor(category);
  const collector = new ArxivPaperCollector();
  const announceTypes = new Map<string, number>();
  const replacements = new Set<string>();
  let rank = 0;
  items.forEach((item, i) => {
    const position = i + 1;
    const text = cleanText(item.text);
    const prefix = PREFIX.exec(text);
    const arxiv = itemId([...item.ids, prefix?.[1] ?? '']);
    const stated = cleanText(item.announceType || prefix?.[2] || '').toLowerCase();
    const type = ANNOUNCE_TYPE.test(stated) ? stated : 'unknown';
    announceTypes.set(type, (announceTypes.get(type) ?? 0) + 1);
    if (arxiv === undefined) {
      collector.skip(position, `no arXiv id in its guid, link or description (${JSON.stringify(item.ids[0]?.slice(0, 80) ?? '')})`);
      return;
    }
    const abstract = (prefix ? text.slice(prefix[0].length) : text).replace(/^Abstract:\s*/i, '');
    let appearance: FeedAppearance | undefined;
    if (ANNOUNCED.has(type)) {
      const date = arxivDay(item.date) ?? feedDay;
      if (date === undefined) collector.warn(position, `${versionLabel(arxiv)}: no announcement date, so no appearance recorded`);
      else appearance = { source, date, rank: ++rank };
    } else if (!REPLACED.has(type)) {
      collector.warn(position, `${versionLabel(arxiv)}: announce type ${JSON.stringify(type)} is not new, cross or replace; kept without an appearance`);
    }
    const added = collector.add({ position, arxiv, title: item.title, abstract, authors: item.authors, appearance });
    if (added && REPLACED.has(type)) replacements.add(arxiv.id);
    // A newer entry for the same paper announced as new overrides an earlier replacement entry.
    if (added && !REPLACED.has(type)) replacements.delete(arxiv.id);
  });
  return {
    kind: 'papers',
    result: collector.result(),
    announceTypes: Object.fromEntries(announceTypes),
    replacements: [...replacements],
    source,
    ...(feedDay === undefined ? {} : { announcedOn: feedDay }),
  };
}
