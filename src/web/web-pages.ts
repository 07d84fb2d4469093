/**
 * The team page, server-rendered: each function gathers what a page shows from the corpus
 * (and, for a signed-in viewer, their team's storage) and renders one whole HTML document.
 * Pure apart from the reads: no HTTP, no cookies, no clock (the caller passes `now`).
 * Every string from papers and people is escaped by the renderer; pages link a stylesheet
 * at STYLESHEET_PATH and use no inline script or style, so a strict CSP holds.
 *
 * This file is the public entry; each page lives in its own file beside it.
 */
export type { PageContext, PageProblem, TeamRef, Viewer, WebPage, WebPageDeps } from './web-types.js';
export { paperPath, searchPath, STYLESHEET_PATH, teamPath, WEB_PAGE_SIZE } from './web-paths.js';
export { trendingPage } from './trending-page.js';
export { searchPage } from './search-page.js';
export { paperPage } from './paper-page.js';
export { teamPage } from './team-page.js';
export { problemPage } from './problem-page.js';
export { STYLESHEET } from './stylesheet.js';
export { describeSeries, TREND_DAYS, trendSeries, type TrendPoint } from './trend-chart.js';
