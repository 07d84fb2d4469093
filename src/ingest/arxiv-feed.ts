/**
 * The arXiv readers' public face: the query API (Atom) and the daily announcement feeds
 * (RSS 2.0 or Atom), pure and never throwing. Callers import from here.
 */
export { ARXIV_ANNOUNCE_SOURCE, ARXIV_API_SOURCE, type ArxivFeedOutcome } from './arxiv-entries.js';
export { parseArxivApiFeed } from './arxiv-atom-format.js';
export { parseArxivAnnouncements, type ArxivAnnouncementOptions, type ArxivAnnouncementOutcome } from './arxiv-rss-format.js';
export { MAX_ARXIV_FEED_LENGTH } from './arxiv-xml.js';
