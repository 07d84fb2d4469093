import { summarize } from '../digest/summary.js';
import type { Paper } from '../model/paper.js';
import { longDate } from '../text/long-date.js';
import type { TrendingEntry } from '../trending/trending.js';
import { html } from './html.js';
import { page } from './layout.js';
import { authorsPara, paperHeading, paperLinks } from './paper-parts.js';
import { errorPage } from './problem-page.js';
import { type TrendPoint, trendChart, trendSeries } from './trend-chart.js';
import type { PageContext, WebPageDeps, WebPage } from './web-types.js';

/** How many papers `/` lists: a page, not a feed. */
export const TRENDING_ON_PAGE = 20;

/** Summaries by paper: sentence segmentation is the page's dearest step, and the same papers trend all day. */
const summaries = new WeakMap<Paper, string>();

function summaryOf(paper: Paper): string {
  let summary = summaries.get(paper);
  if (summary === undefined) summaries.set(paper, (summary = summarize(paper.abstract)));
  return summary;
}

function trendingItem(entry: TrendingEntry, series: readonly TrendPoint[], top: number) {
  const { paper, trend } = entry;
  const summary = summaryOf(paper);
  return html`<li class="paper">
    <article>
      ${paperHeading(paper, 2)}
      <p class="why">${trend.reasons.join(' · ')}</p>
      ${summary ? html`<p class="summary">${summary}</p>` : null}
      ${authorsPara(paper)}
      ${paperLinks(paper)}
      ${series.length > 0 ? html`<div class="trend-row">${trendChart(series, top)}<span class="note" aria-hidden="true">14 days</span></div>` : null}
    </article>
  </li>`;
}

/**
 * `/`: today's trending, ranked and explained exactly as `/papers trending` does, but with
 * no team's signals (a public page shows the corpus only), each with its 14-day chart.
 */
export async function trendingPage(deps: WebPageDeps, ctx: PageContext, query: { topic?: string }): Promise<WebPage> {
  const topic = query.topic?.trim() || undefined;
  const found = await deps.paperboy.trending({ limit: TRENDING_ON_PAGE, ...(topic ? { topic } : {}) });
  if (!found.ok) return errorPage(ctx, found.error);
  const lastDay = deps.paperboy.papers.table.latestFeedDate();
  const series = found.value.map((entry) => (lastDay ? trendSeries(entry.paper, lastDay) : []));
  // One scale for the whole list, so a chart twice as tall means twice the attention.
  const top = Math.max(0, ...series.flat().map((p) => p.score));
  const heading = topic ? `Trending on “${topic}”` : 'Trending today';
  const content = html`
    <h1>${heading}</h1>
    ${lastDay ? html`<p class="lede">As of the feeds of <time datetime=${lastDay}>${longDate(lastDay)}</time>.</p>` : null}
    ${
      found.value.length === 0
        ? html`<p class="empty">${topic ? `Nothing is trending on “${topic}” yet.` : 'Nothing is trending yet: the corpus has no feed listings.'}</p>`
        : html`<ol class="papers">${found.value.map((entry, i) => trendingItem(entry, series[i] ?? [], top))}</ol>
            <p class="note">Ranked by feed position and age, and upvotes. Each chart shows the paper’s trending score over the last 14 days, all on one scale.</p>`
    }`;
  return page(200, ctx, { title: heading, current: 'today' }, content);
}
