import type { VNode } from 'preact';
import type { Paper } from '../model/paper.js';
import { longDate } from '../text/long-date.js';
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

const round = (n: number): string => String(Math.round(n * 10) / 10);
const figure = (score: number): string => (score === 0 ? '0' : score.toFixed(2));
const shortDate = (date: string): string => longDate(date, { withYear: false }).replace(/^\S+ /, '');

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
 * A small line chart of the series as inline SVG: presentation attributes only (the CSP
 * allows no inline style), scaled to the paper's own peak so its shape shows.
 */
export function trendChart(points: readonly TrendPoint[]): VNode {
  const peak = Math.max(0, ...points.map((p) => p.score));
  const step = points.length > 1 ? (WIDTH - 2 * PAD) / (points.length - 1) : 0;
  const xy = points.map((p, i) => [PAD + i * step, HEIGHT - PAD - (peak > 0 ? (p.score / peak) * (HEIGHT - 2 * PAD) : 0)] as const);
  const line = xy.map(([x, y]) => `${round(x)},${round(y)}`).join(' ');
  const last = xy[xy.length - 1];
  const area = last ? `${round(PAD)},${HEIGHT - PAD} ${line} ${round(last[0])},${HEIGHT - PAD}` : '';
  return html`<svg class="trend" viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} width=${WIDTH} height=${HEIGHT} role="img" aria-label=${describeSeries(points)} focusable="false">
    <line class="trend-base" x1=${PAD} y1=${HEIGHT - PAD} x2=${WIDTH - PAD} y2=${HEIGHT - PAD} stroke="currentColor" stroke-opacity="0.3" stroke-width="1" />
    ${area ? html`<polygon class="trend-area" points=${area} fill="currentColor" fill-opacity="0.15" />` : null}
    ${line ? html`<polyline class="trend-line" points=${line} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />` : null}
    ${last ? html`<circle class="trend-dot" cx=${round(last[0])} cy=${round(last[1])} r="2.5" fill="currentColor" />` : null}
  </svg>`;
}
