import type { TeamRef } from './web-types.js';

export const STYLESHEET_PATH = '/assets/paperboy.css';
/** How many results a search page shows. */
export const WEB_PAGE_SIZE = 20;

/** The path of a team's page. */
export function teamPath(team: TeamRef): string {
  return `/team/${encodeURIComponent(team.platform)}/${encodeURIComponent(team.workspace)}`;
}

/** The path of a paper's page. */
export function paperPath(paperId: string): string {
  return `/p/${encodeURIComponent(paperId)}`;
}

/** The path of a search results page (page 1 leaves the page number out). */
export function searchPath(q: string, page = 1): string {
  const params = new URLSearchParams({ q });
  if (page > 1) params.set('page', String(page));
  return `/search?${params.toString()}`;
}
