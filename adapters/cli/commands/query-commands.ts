import { closeSync, openSync, writeSync } from 'node:fs';
import { relatedJson, searchJson, toPaperJsonLines, trendingJson, TRENDING_WINDOW_DAYS, type Paper } from '../../../src/index.js';
import { CliFailure, type CliContext } from '../cli-context.js';
import { renderPaper, renderRelated, renderSearchPage, renderStats, renderTrending } from '../render-text.js';

/** The read-only commands: each parses nothing itself, asks the core, renders text or JSON. */
export interface PagingOptions {
  readonly limit: number;
  readonly offset: number;
  readonly json?: boolean;
}

export async function searchCommand(ctx: CliContext, words: string[], options: PagingOptions): Promise<void> {
  const option = words.find((w) => w.startsWith('--'));
  if (option) throw new CliFailure(`unknown option '${option}' (to leave out a word, write -word; see paperboy search --help)`);
  const queryText = words.join(' ');
  const page = ctx.unwrap(await ctx.paperboy().search({ query: queryText, limit: options.limit, offset: options.offset }));
  if (options.json) ctx.json(searchJson(page, queryText));
  else ctx.out(renderSearchPage(page, queryText, ctx.style));
}

export async function showCommand(ctx: CliContext, words: string[], options: { json?: boolean }): Promise<void> {
  const paper = ctx.unwrap(await ctx.paperboy().show(words.join(' ')));
  if (options.json) ctx.json(paper);
  else ctx.out(renderPaper(paper, ctx.style));
}

export async function relatedCommand(ctx: CliContext, words: string[], options: PagingOptions): Promise<void> {
  const page = ctx.unwrap(await ctx.paperboy().related(words.join(' '), { limit: options.limit, offset: options.offset }));
  if (options.json) ctx.json(relatedJson(page));
  else ctx.out(renderRelated(page, ctx.style));
}

export interface TrendingOptions {
  readonly limit: number;
  readonly topic?: string;
  readonly exclude?: string[];
  readonly date?: string;
  readonly json?: boolean;
}

export async function trendingCommand(ctx: CliContext, options: TrendingOptions): Promise<void> {
  // A corpus is as fresh as its latest feed; scoring it against the wall clock would only shrink every score.
  const today = options.date ?? ctx.paperboy().papers.table.latestFeedDate() ?? ctx.io.today();
  const entries = ctx.unwrap(
    await ctx.paperboy().trending({
      limit: options.limit,
      today,
      ...(options.topic !== undefined ? { topic: options.topic } : {}),
      ...(options.exclude ? { excludeIds: new Set(options.exclude.flatMap((e) => e.split(',')).map((e) => e.trim())) } : {}),
    }),
  );
  if (entries.length === 0 && options.date !== undefined) outsideFeedDays(ctx, options.date);
  if (options.json) ctx.json(trendingJson(entries, today, options.topic));
  else ctx.out(renderTrending(entries, `Trending${options.topic ? ` on "${options.topic}"` : ''} as of ${today}`, ctx.style));
}

/** Fails a --date the corpus's feed listings say nothing about: before the first, or long after the last. */
function outsideFeedDays(ctx: CliContext, date: string): void {
  let first: string | undefined;
  let last: string | undefined;
  for (const paper of ctx.paperboy().papers.table.all()) {
    for (const { date: day } of paper.appearances) {
      if (first === undefined || day < first) first = day;
      if (last === undefined || day > last) last = day;
    }
  }
  if (first === undefined || last === undefined) {
    throw new CliFailure(`no trending data: the corpus has no feed listings yet; add some with \`paperboy ingest hf\``);
  }
  if (date < first) {
    throw new CliFailure(`no trending data on or before ${date}: the corpus's feed listings start on ${first}; use --date ${first} or later, or leave --date out for the latest day (${last})`);
  }
  const windowStart = new Date(Date.parse(`${date}T00:00:00Z`) - TRENDING_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
  if (last < windowStart) {
    throw new CliFailure(
      `no trending data in the ${TRENDING_WINDOW_DAYS} days up to ${date}: the corpus's latest feed listing is from ${last}; leave --date out for that day, or add newer listings with \`paperboy ingest hf\``,
    );
  }
}

export async function statsCommand(ctx: CliContext, options: { json?: boolean }): Promise<void> {
  const stats = ctx.unwrap(await ctx.paperboy().stats());
  if (options.json) ctx.json(stats);
  else ctx.out(renderStats(stats));
}

/** Writes a thousand papers at a time, so exporting a million never holds them all. */
export function exportCommand(ctx: CliContext, options: { out?: string }): void {
  let fd: number | undefined;
  try {
    if (options.out) fd = openSync(options.out, 'w');
    const write = (text: string): void => (fd === undefined ? ctx.out(text) : void writeSync(fd, text));
    let batch: Paper[] = [];
    let written = 0;
    for (const paper of ctx.paperboy().papers.all()) {
      batch.push(paper);
      if (batch.length === 1000) {
        write(toPaperJsonLines(batch));
        written += batch.length;
        batch = [];
      }
    }
    write(toPaperJsonLines(batch));
    written += batch.length;
    if (options.out) ctx.warn(`wrote ${written} papers to ${options.out}`);
  } catch (error) {
    if (!options.out || !(error as NodeJS.ErrnoException).code) throw error;
    throw new CliFailure(`cannot write ${options.out} (${(error as NodeJS.ErrnoException).code})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
