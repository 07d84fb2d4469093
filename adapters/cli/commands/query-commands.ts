import { closeSync, openSync, writeSync } from 'node:fs';
import { relatedJson, searchJson, toPaperJsonLines, trendingJson, type Paper } from '../../../src/index.js';
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
  if (options.json) ctx.json(trendingJson(entries, today, options.topic));
  else ctx.out(renderTrending(entries, `Trending${options.topic ? ` on "${options.topic}"` : ''} as of ${today}`, ctx.style));
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
