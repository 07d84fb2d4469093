import { existsSync, statSync } from 'node:fs';
import { cleanText, type LoadResult, type PackedAnalyses } from '../../../src/index.js';
import { commonReasons, IngestTally } from '../ingest-tally.js';
import { countFileLines } from '../../files/json-lines-chunks.js';
import type { ServiceConfig } from '../../service/config.js';
import { CliFailure, type CliContext } from '../cli-context.js';
import { createProgress } from '../progress.js';
import { configFrom } from './service-commands.js';

/**
 * `paperboy ingest hf [--date]`, `ingest arxiv --category cs.LG | --query … | --id …`,
 * `ingest FILE|URL`: fetch or read papers, merge them into the corpus the service uses
 * (shipped files, PAPERBOY_CORPUS and storage), save what is new or changed to storage,
 * and say what happened: added, updated and why, already known, skipped and why.
 */
export interface IngestOptions {
  readonly date?: string;
  readonly category?: string;
  readonly query?: string;
  readonly id?: string[];
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

/** How many of each kind the text report lists before "… and N more" (--json has all). */
const SHOWN = 15;

const isUrl = (s: string) => /^https?:\/\//i.test(s);

function utcToday(): string {
  return new Date().toISOString().slice(0, 10);
}

export async function ingestCommand(ctx: CliContext, source: string, options: IngestOptions): Promise<void> {
  const config = await configFrom(ctx);
  const feeds = await import('../../feeds/feed-sources.js');
  const { PoliteFetcher, DEFAULT_USER_AGENT } = await import('../../feeds/polite-fetch.js');
  const arxivHost = /arxiv\.org/i;
  // arXiv asks for one request every 3 s; others get a second between pages.
  const fetcher = new PoliteFetcher(
    {
      userAgent: DEFAULT_USER_AGENT,
      timeoutMs: 30_000,
      maxBytes: 50 * 2 ** 20,
      minIntervalMs: arxivHost.test(source) || source === 'arxiv' ? 3000 : 1000,
      retries: 3,
      backoffMs: 2000,
      maxRetryAfterMs: 120_000,
    },
    undefined,
    (url, reason, left) => ctx.warn(`${new URL(url).host}: ${reason}; retrying (${left} ${left === 1 ? 'try' : 'tries'} left)…`),
  );

  let what: string;
  let result: Awaited<ReturnType<typeof feeds.fetchHfDay>>;
  if (source === 'hf') {
    const date = options.date ?? utcToday();
    what = `Hugging Face daily papers ${date}`;
    result = await feeds.fetchHfDay(fetcher, config.feeds, date);
  } else if (source === 'arxiv') {
    const picked = [options.category, options.query, options.id?.length ? 'id' : undefined].filter(Boolean).length;
    if (picked !== 1) throw new CliFailure('ingest arxiv needs one of --category cs.LG, --query "ti:merging", or --id 2401.01234');
    if (options.category) {
      if (!/^[a-z-]+(\.[A-Za-z-]+)?(\+[a-z-]+(\.[A-Za-z-]+)?)*$/.test(options.category))
        throw new CliFailure(`--category: "${options.category.slice(0, 40)}" is not an arXiv category; e.g. cs.LG, or cs.LG+stat.ML`);
      what = `arXiv ${options.category} announcements`;
      result = await feeds.fetchArxivCategory(fetcher, config.feeds, options.category);
    } else {
      const { parseArxivId } = await import('../../../src/index.js');
      // Pasted links and versions are fine: arXiv gets the bare ids.
      const ids = (options.id ?? []).map((raw) => parseArxivId(raw)?.id ?? raw);
      const bad = (options.id ?? []).filter((raw) => !parseArxivId(raw));
      if (bad.length > 0) throw new CliFailure(`--id: "${bad[0]!.slice(0, 60)}" is not an arXiv id; e.g. 2401.01234, hep-th/9901001 or https://arxiv.org/abs/2401.01234v2`);
      what = options.query ? `arXiv search “${options.query}”` : `arXiv ${ids.join(', ')}`;
      result = await feeds.fetchArxivApi(fetcher, config.feeds, options.query ? { query: options.query } : { ids });
    }
  } else if (isUrl(source)) {
    what = source;
    result = await feeds.fetchFeedUrl(fetcher, source, options.date ? { date: options.date } : {});
  } else {
    if (!existsSync(source)) throw new CliFailure(`${source}: no such file; give hf, arxiv, a file (.jsonl, .json, .xml, .txt) or an http(s) URL`);
    what = source;
    if (/\.(json|xml|atom|rss)$/i.test(source)) {
      // Feed documents saved to disk read exactly as fetched ones do.
      const { readFileSync } = await import('node:fs');
      result = feeds.parseFeedText(readFileSync(source, 'utf8'), source, options.date ? { date: options.date } : {});
    } else if (/\.jsonl$/i.test(source) && statSync(source).size > STREAM_FROM_BYTES) {
      // Too big to hold at once: read, merge, save and index it a piece at a time.
      const { analysedJsonLinesPieces } = await import('../../analysis/analysed-pieces.js');
      return ingestPieces(ctx, config, what, analysedJsonLinesPieces(source), countFileLines(source), options, { byLine: true, expected: expectedFormat(source) });
    } else {
      const { loadCorpusFile } = await import('../../files/corpus-files.js');
      result = { ok: true, loaded: loadCorpusFile(source), byLine: true };
    }
  }
  if (!result.ok) throw new CliFailure(`${result.reason}${result.retryable ? ' (temporary: try again later)' : ''}`);
  return ingestPieces(ctx, config, what, [{ loaded: result.loaded }], result.loaded.papers.length, options, { ...result, expected: expectedFormat(source) });
}

/** What a source should hold, for the message when nothing in it could be read. */
function expectedFormat(source: string): string {
  if (source === 'hf') return 'Hugging Face daily-papers JSON (the feed may have changed; see PAPERBOY_HF_API_URL in .env.example)';
  if (source === 'arxiv') return 'arXiv Atom or RSS (the feed may have changed; see .env.example for its URLs)';
  if (isUrl(source)) return 'Hugging Face daily-papers JSON, paper JSON Lines or arXiv Atom/RSS';
  if (/\.txt$/i.test(source)) return 'a Hugging Face trending page saved as UTF-8 text, named with its date, e.g. hf-trending-2026-11-26.txt';
  if (/\.json$/i.test(source)) return 'Hugging Face daily-papers JSON: an array of items, each with a "paper" object';
  if (/\.(xml|atom|rss)$/i.test(source)) return 'arXiv Atom (the query API) or RSS (announcements)';
  return 'UTF-8 JSON Lines, one paper per line with at least a title, e.g. {"title": "…", "abstract": "…", "authors": ["…"]} (what paperboy export writes), or a BEIR corpus.jsonl';
}

/** JSON Lines files larger than this are ingested a piece at a time. */
const STREAM_FROM_BYTES = 32 * 2 ** 20;

/** Papers to merge, with their analyses when a worker computed them ahead. */
type Piece = { readonly loaded: LoadResult; readonly analyses?: PackedAnalyses };

type FeedResult = {
  readonly note?: string;
  readonly updatesOnly?: ReadonlySet<string>;
  /** Problems are numbered by text line (files, JSON Lines), not by feed item (whose reasons name the item). */
  readonly byLine?: boolean;
  /** What the source should hold, for when nothing in it could be read. */
  readonly expected?: string;
};

/** Merges the pieces into the corpus the service uses (storage and its search index), then says what happened. */
async function ingestPieces(
  ctx: CliContext,
  config: ServiceConfig,
  what: string,
  pieces: Iterable<Piece> | AsyncIterable<Piece>,
  total: number,
  options: IngestOptions,
  feed: FeedResult = {},
): Promise<void> {
  const { openCore } = await import('../../service/open-core.js');
  const { createLogger } = await import('../../service/logger.js');
  const { storageOptions } = await import('../../service/config.js');
  // "New" means new to the bot: the same corpus the service answers from, of the size it will have.
  const core = await openCore(config, createLogger('warn', ctx.io.stderr as NodeJS.WritableStream), { role: 'cli', expectedPapers: total });
  try {
    await core.search.start();
    const progress = createProgress(`ingest ${what}`.slice(0, 60), total, ctx.io.stderr, 5000);
    const tally = new IngestTally();
    let done = 0;
    for await (const { loaded, analyses } of pieces) {
      const base = done;
      tally.add(
        await core.paperboy.ingest(loaded, {
          dryRun: Boolean(options.dryRun),
          onProgress: (n) => progress.update(base + n),
          ...(analyses ? { analyses } : {}),
          ...(feed.updatesOnly ? { updatesOnly: feed.updatesOnly } : {}),
        }),
      );
      done += loaded.papers.length;
    }
    progress.stop();
    printReport(ctx, what, tally, options, feed, config.databaseUrl ? 'PostgreSQL' : storageOptions(config).sqliteFile);
    // Not one record could be read: a binary file, the wrong format. Saying "0 added" and exiting 0 would hide it.
    if (done === 0 && tally.skipped.length > 0) throw nothingRead(what, tally, feed.expected);
  } finally {
    await core.close();
  }
}

function nothingRead(what: string, tally: IngestTally, expected: string | undefined): CliFailure {
  const n = tally.skipped.length;
  const reasons = commonReasons(tally.skipped)
    .map(({ reason, count }) => `${cleanText(reason).slice(0, 160)}${n > 1 ? ` (${count})` : ''}`)
    .join('; ');
  const why = n === 1 ? reasons : `all ${n} records were skipped, most often: ${reasons}`;
  return new CliFailure(`nothing was ingested from ${what}: ${why}. Expected ${expected ?? 'a feed or a paper file'}`);
}

function printReport(ctx: CliContext, what: string, tally: IngestTally, options: IngestOptions, feed: FeedResult, savedTo: string): void {
  const note = feed.note;
  const report = { ...tally, added: [...tally.added.values()], updated: [...tally.updated.values()] };
  const changed = report.added.length + report.updated.length;
  if (options.json) {
    ctx.json({
      source: what,
      dryRun: Boolean(options.dryRun),
      note,
      added: report.added,
      updated: report.updated,
      unchanged: report.unchanged,
      skipped: report.skipped,
      warnings: report.warnings,
      renamed: report.renamed,
    });
    return;
  }
  const lines = [
    `${what}: ${report.added.length} added, ${report.updated.length} updated, ${report.unchanged} already known, ${report.skipped.length} skipped${options.dryRun ? ' (dry run: nothing saved)' : ''}`,
  ];
  if (note) lines.push(`  ${note}`);
  const list = <T>(items: readonly T[], line: (item: T) => string) => {
    lines.push(...items.slice(0, SHOWN).map(line));
    if (items.length > SHOWN) lines.push(`  … and ${items.length - SHOWN} more (--json lists all)`);
  };
  list(report.added, (p) => `  + ${p.id}  ${p.title.slice(0, 100)}`);
  list(report.updated, (u) => `  ~ ${u.id}  ${u.why.join('; ')}`);
  // Reasons quote the records they refused: cleaned, so a hostile file cannot drive the terminal.
  const at = (position: number) => (feed.byLine ? `line ${position}: ` : '');
  list(report.renamed, (r) => `  * id ${cleanText(r.from).slice(0, 100)} already belongs to another paper; this one is stored as ${r.to}`);
  list(report.skipped, (s) => `  - ${at(s.position)}${cleanText(s.reason)}`);
  list(report.warnings, (w) => `  ! ${at(w.position)}${cleanText(w.reason)}`);
  if (!options.dryRun && changed > 0) lines.push(`Saved ${changed} to ${savedTo} and its search index; \`paperboy search\` sees them now, a running service within a minute.`);
  ctx.out(`${lines.join('\n')}\n`);
}
