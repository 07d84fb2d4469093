import { readFileSync } from 'node:fs';
import { parseArxivAnnouncements, parseArxivApiFeed, parseHfDailyPapers, type PaperDraft } from '../../src/index.js';

/**
 * Every paper the feed fixtures hold (tests/fixtures/feeds and its real/ captures), read by
 * paperboy's own loaders: the author strings and texts a feed read really hands the core.
 * The shipped corpus is a trending-page export with no authors, so author tests use these.
 */
const FEEDS = new URL('../fixtures/feeds/', import.meta.url);

const read = (name: string): string => readFileSync(new URL(name, FEEDS), 'utf8');

/** API pages through the API reader; announcement feeds (RSS and their Atom form) through the announcement reader. */
function arxiv(name: string): PaperDraft[] {
  const outcome = name.includes('rss') ? parseArxivAnnouncements(read(name)) : parseArxivApiFeed(read(name));
  return outcome.kind === 'papers' ? outcome.result.papers : [];
}

export const AUTHOR_FIXTURES = {
  'arxiv-api-two-versions.xml': () => arxiv('arxiv-api-two-versions.xml'),
  'arxiv-rss-cs-lg.xml': () => arxiv('arxiv-rss-cs-lg.xml'),
  'real/arxiv-api-one.xml': () => arxiv('real/arxiv-api-one.xml'),
  'real/arxiv-api-two.xml': () => arxiv('real/arxiv-api-two.xml'),
  'real/arxiv-rss-example.xml': () => arxiv('real/arxiv-rss-example.xml'),
  'hf-2026-11-26.json': () => parseHfDailyPapers(read('hf-2026-11-26.json')).papers,
  'hf-missing-fields.json': () => parseHfDailyPapers(read('hf-missing-fields.json')).papers,
} as const;

export function fixturePapers(): PaperDraft[] {
  return Object.values(AUTHOR_FIXTURES).flatMap((load) => load());
}

/** Each distinct author string of the fixtures, as the loaders give it (TeX accents and "Jr." included). */
export function fixtureAuthors(): string[] {
  return [...new Set(fixturePapers().flatMap((p) => p.authors ?? []))];
}
