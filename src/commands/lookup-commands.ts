import { summarize } from '../digest/summary.js';
import type { Block, Message, PaperCard } from '../messages/message.js';
import { textMessage } from '../messages/message.js';
import type { Paper } from '../model/paper.js';
import type { Paperboy } from '../paperboy.js';
import type { Result } from '../result.js';
import type { SearchHit } from '../search/search-engine.js';
import type { TrendingEntry } from '../trending/trending.js';
import type { CommandContext, CommandServices } from './command-context.js';
import { paperActions } from './paper-actions.js';

/** search, show, related, trending: read-only look-ups, answered privately with share buttons. */
export const CHAT_PAGE_SIZE = 5;

/** How many near titles an unknown paper gets as suggestions. */
const SUGGESTED_TITLES = 3;

/**
 * A paper by reference, or what to tell the user: the engine's own answer when the reference
 * fits nothing (which names the closest search hits when there are any), and when not even
 * a search finds anything, the titles that come closest to what was typed (typos included).
 */
export async function findPaper(paperboy: Paperboy, ref: string): Promise<{ ok: true; value: Paper } | { ok: false; message: string }> {
  const found = await paperboy.show(ref);
  if (found.ok) return found;
  if (found.error.code !== 'not_found' || /Closest:|could be several/.test(found.error.message)) return { ok: false, message: found.error.message };
  const near = await paperboy.suggestTitles(ref, SUGGESTED_TITLES);
  if (near.length === 0) return { ok: false, message: found.error.message };
  const titles = near.map((p) => `${p.id} (${p.title.slice(0, 60)})`).join(', ');
  return { ok: false, message: `No paper matches "${ref.trim().slice(0, 80)}". Closest titles: ${titles}. Use the id.` };
}

function unwrap<T>(result: Result<T>): T | Message {
  return result.ok ? result.value : textMessage(result.error.message);
}

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && 'blocks' in value && 'fallback' in value;
}

function hitCard(hit: SearchHit, rank: number, why?: string): PaperCard {
  const { paper } = hit;
  return {
    paperId: paper.id,
    title: paper.title,
    rank,
    snippet: hit.snippet,
    ...(paper.url ? { url: paper.url } : {}),
    ...(paper.codeUrls[0] ? { codeUrl: paper.codeUrls[0] } : {}),
    ...(why ? { why } : {}),
    actions: paperActions(paper.id, ['related', 'save', 'share', 'cite']),
  };
}

/** A paper in full (show), or as it is shared into a channel. */
export function fullCard(paper: Paper, withActions = true): PaperCard {
  const feeds = paper.appearances.map((a) => `${a.rank ? `#${a.rank} ` : ''}on ${a.source} ${a.date}`).slice(-3);
  return {
    paperId: paper.id,
    title: paper.title,
    summary: paper.abstract,
    ...(paper.url ? { url: paper.url } : {}),
    ...(paper.authors.length > 0 ? { authors: paper.authors.join(', ') } : {}),
    ...(paper.codeUrls[0] ? { codeUrl: paper.codeUrls[0] } : {}),
    ...(feeds.length > 0 ? { why: feeds.join(' · ') } : {}),
    actions: withActions ? paperActions(paper.id, ['related', 'save', 'share', 'cite']) : [],
  };
}

function list(heading: string, cards: PaperCard[], notes: string[], more?: Block): Message {
  const blocks: Block[] = [{ type: 'heading', text: heading }, ...cards.map((card) => ({ type: 'paper' as const, card }))];
  for (const text of notes) blocks.push({ type: 'note', text });
  if (more) blocks.push(more);
  return { visibility: 'private', fallback: `${heading}: ${cards.map((c) => c.title).join(' · ')}`, blocks };
}

export async function searchCommand(services: CommandServices, options: { query: string; page?: number }): Promise<Message> {
  const page = options.page ?? 1;
  const found = unwrap(await services.paperboy.search({ query: options.query, limit: CHAT_PAGE_SIZE, offset: (page - 1) * CHAT_PAGE_SIZE }));
  if (isMessage(found)) return found;
  if (found.total === 0) return textMessage(`No papers match “${options.query}”. Try fewer or different words, or /papers help search.`);
  if (found.hits.length === 0) return textMessage(`“${options.query}” has ${found.total} results, so page ${page} is past the end.`);
  const first = found.offset + 1;
  const last = found.offset + found.hits.length;
  const notes = found.respelled.length > 0 ? [`No paper uses ${found.respelled.map((w) => `“${w}”`).join(', ')}; showing near spellings.`] : [];
  const more: Block | undefined =
    last < found.total
      ? {
          type: 'actions',
          actions: [{ kind: 'next-page', label: `Next ${Math.min(CHAT_PAGE_SIZE, found.total - last)}`, invocation: { name: 'search', options: { query: options.query, page: page + 1 } } }],
        }
      : undefined;
  return list(
    `Results ${first}–${last} of ${found.total} for “${options.query}”`,
    found.hits.map((h, i) => hitCard(h, first + i)),
    notes,
    more,
  );
}

export async function showCommand(services: CommandServices, options: { paper: string }): Promise<Message> {
  const paper = unwrap(await services.paperboy.show(options.paper));
  if (isMessage(paper)) return paper;
  return { visibility: 'private', fallback: paper.title, blocks: [{ type: 'paper', card: fullCard(paper) }] };
}

export async function relatedCommand(services: CommandServices, options: { paper: string; page?: number }): Promise<Message> {
  const page = options.page ?? 1;
  const related = unwrap(await services.paperboy.related(options.paper, { limit: CHAT_PAGE_SIZE, offset: (page - 1) * CHAT_PAGE_SIZE }));
  if (isMessage(related)) return related;
  if (related.hits.length === 0) return textMessage(`Nothing in the corpus is close to “${related.paper.title}”${page > 1 ? ' beyond the earlier pages' : ''}.`);
  const first = (page - 1) * CHAT_PAGE_SIZE + 1;
  const cards = related.hits.map((h, i) => hitCard(h, first + i, h.sharedWords.length > 0 ? `shares: ${h.sharedWords.join(', ')}` : undefined));
  const more: Block | undefined =
    first + related.hits.length - 1 < related.total
      ? { type: 'actions', actions: [{ kind: 'next-page', label: 'More', invocation: { name: 'related', options: { paper: related.paper.id, page: page + 1 } } }] }
      : undefined;
  return list(`Papers like “${related.paper.title}”`, cards, [], more);
}

function trendingCard(entry: TrendingEntry, rank: number): PaperCard {
  return {
    paperId: entry.paper.id,
    title: entry.paper.title,
    rank,
    summary: summarize(entry.paper.abstract),
    why: entry.trend.reasons.join(' · '),
    ...(entry.paper.url ? { url: entry.paper.url } : {}),
    ...(entry.paper.codeUrls[0] ? { codeUrl: entry.paper.codeUrls[0] } : {}),
    actions: paperActions(entry.paper.id, ['save', 'share', 'cite']),
  };
}

export async function trendingCommand(services: CommandServices, ctx: CommandContext, options: { count?: number; topic?: string }): Promise<Message> {
  const signals = await services.storage.teamSignals(ctx.platform, ctx.workspace);
  const entries = unwrap(await services.paperboy.trending({ limit: options.count ?? CHAT_PAGE_SIZE, signals, ...(options.topic ? { topic: options.topic } : {}) }));
  if (isMessage(entries)) return entries;
  if (entries.length === 0) return textMessage(options.topic ? `Nothing trending on “${options.topic}”.` : 'Nothing is trending: the corpus has no feed listings yet.');
  const heading = `Trending${options.topic ? ` on “${options.topic}”` : ''}`;
  return list(
    heading,
    entries.map((e, i) => trendingCard(e, i + 1)),
    ['Ranked by feed position and age, upvotes, and this team’s saves and 👍.'],
  );
}
