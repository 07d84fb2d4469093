import type { VNode } from 'preact';
import type { Paper } from '../model/paper.js';
import { trendingScore } from '../trending/trending-score.js';
import { html } from './html.js';

/** How many days a paper's chart covers, ending on the corpus's latest feed day. */
export const TREND_DAYS = 14;

export interface TrendPoint {
  /** YYYY-MM-DD */
  readonly date: string;
  /** The paper's trending score as of that day (corpus only, no team's signals). */
  readonly score: number;
}

const DAY_MS = 86_400_000;

/** The paper's trending score on each of the `days` days ending on `lastDay`, oldest first. Pure. */
export function trendSeries(paper: Paper, lastDay: string, days = TREND_DAYS): TrendPoint[] {
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  if (!Number.isFinite(end)) return [];
  const points: TrendPoint[] = [];
  for (let back = days - 1; back >= 0; back -= 1) {
    const date = new Date(end - back * DAY_MS).toISOString().slice(0, 10);
    points.push({ date, score: trendingScore(paper, date).score });
  }
  return points;
}

// The drawing's own units: the CSS sizes the svg, the viewBox keeps the shape.
const WIDTH = 140;
const HEIGHT = 36;
const PAD = 3;
/** Where a score of 0 is drawn: on the chart's bottom edge (the stylesheet draws it as a border). */
const BASE = HEIGHT - 1;

const round = (n: number): string => String(Math.round(n * 10) / 10);
const figure = (score: number): string => (score === 0 ? '0' : score.toFixed(2));
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "26 November": built from the date's digits (cheap: a page labels 60 of them). */
const shortDate = (date: string): string => `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1] ?? ''}`;

/** What the chart shows, in words, for screen readers (and as a tooltip-free summary). */
export function describeSeries(points: readonly TrendPoint[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return 'No trending score yet';
  const peak = points.reduce((best, p) => (p.score > best.score ? p : best), first);
  const span = `Trending score over ${points.length} days, ${shortDate(first.date)} to ${shortDate(last.date)}`;
  if (peak.score === 0) return `${span}: 0 throughout`;
  return `${span}: ${figure(first.score)} at the start, peak ${figure(peak.score)} on ${shortDate(peak.date)}, ${figure(last.score)} on the last day`;
}

/**
 * A small line chart of the series as inline SVG, coloured by the stylesheet's classes
 * (the CSP allows no inline style). `top` is the score drawn at full height: a list passes its
 * highest, so charts side by side compare (default: this series' own peak).
 */
export function trendChart(points: readonly TrendPoint[], top = Math.max(0, ...points.map((p) => p.score))): VNode {
  const peak = Math.max(top, ...points.map((p) => p.score));
  const step = points.length > 1 ? (WIDTH - 2 * PAD) / (points.length - 1) : 0;
  const xy = points.map((p, i) => [PAD + i * step, BASE - (peak > 0 ? (p.score / peak) * (BASE - PAD) : 0)] as const);
  const line = xy.map(([x, y]) => `${round(x)},${round(y)}`).join(' ');
  const last = xy[xy.length - 1];
  const area = last ? `${round(PAD)},${BASE} ${line} ${round(last[0])},${BASE}` : '';
  return html`<svg class="trend" viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} width=${WIDTH} height=${HEIGHT} role="img" aria-label=${describeSeries(points)}>
    ${area ? html`<polygon class="trend-area" points=${area} />` : null}
    ${line ? html`<polyline class="trend-line" points=${line} fill="none" />` : null}
    ${last ? html`<circle class="trend-dot" cx=${round(last[0])} cy=${round(last[1])} r="2.5" />` : null}
  </svg>`;
}
