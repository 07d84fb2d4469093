import type { FeedAppearance } from '../../src/index.js';
import { mulberry32 } from '../synthetic-corpus.js';
import { hash32 } from './zipf.js';

/**
 * Where each generated paper sits in time: days going back from the newest, 500-1500
 * papers a day (fewer at weekends), arXiv ids numbered within their month, and a trending
 * feed that features 5-10% of each day's papers, ranked by upvotes, some for a second day.
 * Everything about a day is hashed from its number, not drawn in sequence, so paper i's
 * slot is known without generating the papers before it (workers can split a run) and
 * the first n papers of every run are the same.
 */
export interface PaperSlot {
  readonly date: string;
  readonly arxivId: string;
  readonly appearances: FeedAppearance[];
}

export const FEED_SOURCE = 'hf-daily';
/** Share of featured papers still on the feed the next day. */
const SECOND_DAY_SHARE = 0.25;

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

interface Day {
  readonly date: string;
  readonly count: number;
  /** Papers of the same month on older days: where this day's numbering starts. */
  readonly before: number;
  /** Paper index within the day → its feed appearances. */
  readonly featured: Map<number, FeedAppearance[]>;
}

export class FeedCalendar {
  readonly #seed: number;
  readonly #newest: string;
  /** ends[d]: papers on days 0..d, so paper i's day is found without walking all days. */
  readonly #ends: number[] = [];
  #day: { readonly d: number; readonly day: Day } | undefined;

  constructor(seed: number, newest: string) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(newest) || Number.isNaN(Date.parse(newest))) throw new Error(`not a date: ${newest}`);
    this.#seed = seed;
    this.#newest = newest;
  }

  /** Papers announced on day d (0 = newest), weekends lighter. */
  #count(d: number): number {
    const u = mulberry32(hash32(this.#seed, 0xda7, d))();
    const weekday = new Date(`${addDays(this.#newest, -d)}T00:00:00Z`).getUTCDay();
    return weekday === 0 || weekday === 6 ? Math.round(500 + 300 * u) : Math.round(800 + 700 * u);
  }

  /** How many papers day d's feed shows: 5-10%. */
  #shown(d: number): number {
    return Math.round(this.#count(d) * (0.05 + 0.05 * mulberry32(hash32(this.#seed, 0x5ec, d))()));
  }

  #build(d: number): Day {
    const date = addDays(this.#newest, -d);
    const count = this.#count(d);
    let before = 0;
    for (let k = d + 1; addDays(this.#newest, -k).slice(0, 7) === date.slice(0, 7); k += 1) before += this.#count(k);
    const shown = this.#shown(d);
    const rng = mulberry32(hash32(this.#seed, 0xfee, d));
    // Upvotes are heavy-tailed; the feed ranks by them.
    const upvotes = Array.from({ length: shown }, () => Math.round(2 + 400 * rng() ** 4)).sort((a, b) => b - a);
    const featured = new Map<number, FeedAppearance[]>();
    while (featured.size < shown) {
      const at = Math.floor(rng() * count);
      if (!featured.has(at)) featured.set(at, [{ source: FEED_SOURCE, date, rank: featured.size + 1, upvotes: upvotes[featured.size]! }]);
    }
    if (d > 0) {
      // Some stay on the next (newer) day's feed, ranked below that day's own papers, with the upvotes gathered since.
      const newer = { date: addDays(date, 1), shown: this.#shown(d - 1) };
      let carried = 0;
      for (const appearances of featured.values()) {
        if (rng() >= SECOND_DAY_SHARE) continue;
        carried += 1;
        const upvotes = appearances[0]!.upvotes!;
        appearances.push({ source: FEED_SOURCE, date: newer.date, rank: newer.shown + carried, upvotes: upvotes + Math.round(upvotes * 0.3 * rng()) });
      }
    }
    return { date, count, before, featured };
  }

  /** Paper i, counting from the newest: its day, arXiv id and feed appearances. */
  slot(i: number): PaperSlot {
    while ((this.#ends.at(-1) ?? 0) <= i) this.#ends.push((this.#ends.at(-1) ?? 0) + this.#count(this.#ends.length));
    let d = this.#day?.d ?? 0;
    // Runs go forward; a jump back searches from the start.
    if (i < (d > 0 ? this.#ends[d - 1]! : 0)) d = 0;
    while (this.#ends[d]! <= i) d += 1;
    if (this.#day?.d !== d) this.#day = { d, day: this.#build(d) };
    const day = this.#day.day;
    const j = i - (d > 0 ? this.#ends[d - 1]! : 0);
    const yymm = day.date.slice(2, 4) + day.date.slice(5, 7);
    // Newest first, so the numbers count down through the day.
    const arxivId = `${yymm}.${String(day.before + day.count - j).padStart(5, '0')}`;
    return { date: day.date, arxivId, appearances: (day.featured.get(j) ?? []).map((a) => ({ ...a })) };
  }
}
