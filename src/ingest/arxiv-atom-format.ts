import { cleanUrl, extractLinks } from '../corpus/abstract-links.js';
import { parseArxivId, type ArxivId } from '../ids/arxiv-id.js';
import { PaperSchema } from '../model/paper.js';
import { cleanText, truncateAtWord } from '../text/clean-text.js';
import { ArxivPaperCollector, versionLabel, type ArxivFeedOutcome } from './arxiv-entries.js';
import { attr, childText, childrenNamed, readXml, type XmlValue } from './arxiv-xml.js';

/**
 * The arXiv query API (`export.arxiv.org/api/query`): an Atom feed with opensearch
 * paging. Three answers look alike and must not be confused: an error (HTTP 200 with a
 * single entry titled "Error"), throttling (HTTP 200, a total that promises more, and no
 * entries) and a genuine "nothing matched" (total 0).
 *
 * Entries become drafts keyed by the unversioned id with the version beside it; API
 * results carry no feed appearance, because a query answer says nothing about any day's
 * listing. Categories are not kept: the Paper model has no place for them.
 */

const ERROR_ID = /^https?:\/\/(?:export\.)?arxiv\.org\/api\/errors/i;
const MAX_ERROR_MESSAGE = 500;
const DOI = /^10\.\d{4,9}\/\S+$/;
const isTimestamp = (text: string): boolean => PaperSchema.shape.publishedAt.safeParse(text).success;

function isErrorEntry(entry: XmlValue): boolean {
  const id = childText(entry, 'id').trim();
  return ERROR_ID.test(id) || (cleanText(childText(entry, 'title')) === 'Error' && parseArxivId(id) === undefined);
}

function errorMessage(entry: XmlValue): string {
  const reason = cleanText(childText(entry, 'summary'));
  const fallback = `arXiv reported an error (${cleanText(childText(entry, 'id')).slice(0, 200) || 'no reason given'})`;
  return truncateAtWord(reason || fallback, MAX_ERROR_MESSAGE);
}

function count(feed: XmlValue, name: string): number | undefined {
  const text = childText(feed, name).trim();
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** arXiv's own links are served over https; a PDF link that names another paper is not trusted. */
function pdfLink(links: readonly XmlValue[], arxiv: ArxivId): string | undefined {
  const link = links.find((l) => attr(l, 'title') === 'pdf' || attr(l, 'type') === 'application/pdf');
  const url = cleanUrl(attr(link, 'href') ?? '');
  if (url === undefined || parseArxivId(url)?.id !== arxiv.id) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol === 'http:' && /(?:^|\.)arxiv\.org$/i.test(parsed.hostname)) parsed.protocol = 'https:';
  return parsed.href;
}

function doiUrl(doi: string): string | undefined {
  return DOI.test(doi) ? cleanUrl(`https://doi.org/${doi.replace(/[%?#]/g, encodeURIComponent)}`) : undefined;
}

/** `arxiv:doi` (sometimes several, space-separated) and the `link title="doi"`, as https://doi.org/ links. */
function doiLinks(entry: XmlValue, links: readonly XmlValue[]): string[] {
  const dois = cleanText(childText(entry, 'doi')).split(' ');
  for (const link of links) {
    if (attr(link, 'title') !== 'doi') continue;
    try {
      const url = new URL(attr(link, 'href') ?? '');
      if (/(?:^|\.)doi\.org$/i.test(url.hostname)) dois.push(decodeURIComponent(url.pathname.slice(1)));
    } catch {
      // Not a URL: nothing to keep.
    }
  }
  return [...new Set(dois.map(doiUrl).filter((u): u is string => u !== undefined))];
}

function readEntry(entry: XmlValue, position: number, collector: ArxivPaperCollector): void {
  const rawId = cleanText(childText(entry, 'id'));
  const arxiv = parseArxivId(rawId);
  if (arxiv === undefined) {
    collector.skip(position, rawId ? `id ${JSON.stringify(rawId.slice(0, 100))} is not an arXiv identifier` : 'it has no id');
    return;
  }
  const links = childrenNamed(entry, 'link');
  // Comments often hold the code link ("Code: https://github.com/…").
  const fromComment = extractLinks(cleanText(childText(entry, 'comment')));
  const published = childText(entry, 'published').trim();
  if (published !== '' && !isTimestamp(published)) {
    collector.warn(position, `${versionLabel(arxiv)}: ignored published date ${JSON.stringify(published.slice(0, 40))}`);
  }
  collector.add({
    position,
    arxiv,
    title: childText(entry, 'title'),
    abstract: childText(entry, 'summary'),
    authors: childrenNamed(entry, 'author').map((a) => childText(a, 'name')),
    pdfUrl: pdfLink(links, arxiv),
    links: [...doiLinks(entry, links), ...fromComment.links],
    codeUrls: fromComment.codeUrls,
    publishedAt: isTimestamp(published) ? published : undefined,
  });
}

/** Reads one page of the arXiv query API. Never throws; see `ArxivFeedOutcome` for the four answers. */
export function parseArxivApiFeed(xml: string): ArxivFeedOutcome {
  const doc = readXml(xml);
  if (!doc.ok) return { kind: 'error', message: doc.message };
  if (doc.rootName !== 'feed') return { kind: 'error', message: `not an Atom feed: the root element is <${doc.rootName.slice(0, 40)}>` };
  const feed = doc.root;
  const entries = childrenNamed(feed, 'entry');
  const error = entries.find(isErrorEntry);
  if (error !== undefined) return { kind: 'error', message: errorMessage(error) };

  const totalResults = count(feed, 'totalResults');
  const startIndex = count(feed, 'startIndex');
  const itemsPerPage = count(feed, 'itemsPerPage');
  if (entries.length === 0) {
    // max_results=0 asks for the count alone: an empty page is the answer, not throttling.
    if (itemsPerPage === 0 && totalResults !== undefined) return { kind: 'empty', totalResults, note: 'the query asked for a count only' };
    if (totalResults !== undefined && totalResults > (startIndex ?? 0)) {
      return { kind: 'throttled', totalResults, startIndex: startIndex ?? 0 };
    }
    if (totalResults === undefined) return { kind: 'empty', note: 'the feed holds no entries' };
    const note = totalResults === 0 ? 'nothing matches the query' : `the page starts at ${startIndex ?? 0}, past the last of ${totalResults} results`;
    return { kind: 'empty', totalResults, note };
  }
  const collector = new ArxivPaperCollector();
  for (const [i, entry] of entries.entries()) readEntry(entry, i + 1, collector);
  return {
    kind: 'papers',
    result: collector.result(),
    ...(totalResults === undefined ? {} : { totalResults }),
    ...(startIndex === undefined ? {} : { startIndex }),
    ...(itemsPerPage === undefined ? {} : { itemsPerPage }),
  };
}
