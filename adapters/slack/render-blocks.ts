import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import { breakCodeFences, sourceLabel, type Action, type Block, type CommandInvocation, type Message, type PaperCard } from '../../src/index.js';
import { clip, displayUrl, escapeParsedText, escapeSlackText, markedMrkdwn, mrkdwn, mrkdwnLink, mrkdwnKeepingUrls, oneLine, safeLinkUrl } from './slack-text.js';

/**
 * A Message as Slack Block Kit. Pure. Every string in a Message is untrusted, so each one is
 * escaped exactly once (slack-text.ts) and every mrkdwn object is `verbatim`, which stops
 * Slack from turning a bare "@channel" or "#general" into a mention or channel link.
 *
 * Slack checks nothing client-side and rejects a whole message over any limit, so every
 * limit is enforced here by cutting, never by throwing: long messages lose the snippets of
 * their last cards first, then whole cards, and a closing context line says what is missing.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  /** Slack truncates `text` above 40,000 and advises 4,000; a fallback is one line anyway. */
  fallbackText: 3000,
  /** All text in all blocks; `msg_blocks_too_long` fires near 13k, containers count too. */
  totalText: 12_000,
} as const;

export interface RenderOptions {
  /** At most Slack's 50. */
  readonly maxBlocks?: number;
  /** Characters of text across all blocks, at most 12,000. */
  readonly maxTextChars?: number;
}

export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
  readonly response_type: 'ephemeral' | 'in_channel';
}

/** Real titles are under 300 characters; the rest of a section is for the snippet. */
const TITLE_MAX = 400;
const CONTEXT_LINE_MAX = 300;
const UNFURL_SUMMARY_MAX = 300;
const UNFURL_LINE_MAX = 200;
const RAW_URL_MAX = 200;
const KIND_MAX = 40;
/** Room kept for the closing "left out" line once anything is cut. */
const NOTE_RESERVE = 400;

const md = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text, verbatim: true });
const section = (text: string): SectionBlock => ({ type: 'section', text: md(text) });
const context = (texts: readonly string[]): ContextBlock => ({
  type: 'context',
  elements: texts.slice(0, SLACK_LIMITS.contextElements).map(md),
});

/**
 * The invocation as JSON of at most `max` characters. A long query would make the button
 * invalid (and the whole message with it), so the longest string option is cut until the
 * JSON fits; cutting k characters of a string shortens its JSON by at least k. `&`, `<` and
 * `>` are written as \u escapes: the same JSON to `JSON.parse`, and no control sequence
 * anywhere in what is sent, even in values Slack never displays.
 */
export function invocationValue(invocation: CommandInvocation, max: number = SLACK_LIMITS.buttonValue): string {
  let name = String(invocation.name);
  const options: Array<[string, string | number]> = Object.entries(invocation.options ?? {});
  const json = (): string => JSON.stringify({ name, options: Object.fromEntries(options) }).replace(/[&<>]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  for (let out = json(); ; out = json()) {
    const excess = out.length - max;
    if (excess <= 0) return out;
    let longest: [string, string | number] | undefined;
    for (const entry of options) {
      if (typeof entry[1] === 'string' && entry[1].length > 0 && (!longest || entry[1].length > String(longest[1]).length)) longest = entry;
    }
    if (longest) {
      const text = String(longest[1]);
      let cut = text.slice(0, Math.max(0, text.length - excess));
      if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
      longest[1] = cut;
    } else if (options.length > 0) {
      options.pop(); // only numbers or empty strings left, under very long keys
    } else {
      name = name.slice(0, Math.max(0, name.length - excess));
    }
  }
}

/** `next-page` stays readable in action ids; anything else a kind might hold does not get in. */
function kindId(kind: string): string {
  return (
    String(kind)
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .slice(0, KIND_MAX) || 'action'
  );
}

function button(action: Action, index: number): Button {
  const kind = kindId(action.kind);
  const label = clip(oneLine(action.label) || kind, SLACK_LIMITS.buttonText);
  return {
    type: 'button',
    text: { type: 'plain_text', text: label, emoji: true },
    // Unique within the message (Slack requires it); the adapter routes on the `papers:` prefix.
    action_id: `papers:${kind}:${index}`,
    value: invocationValue(action.invocation),
  };
}

interface Counter {
  next: number;
}

/** Buttons in rows of at most 25, numbered across the whole message. */
function actionBlocks(actions: readonly Action[], counter: Counter): ActionsBlock[] {
  const rows: ActionsBlock[] = [];
  for (let i = 0; i < actions.length; i += SLACK_LIMITS.actionsElements) {
    const row = actions.slice(i, i + SLACK_LIMITS.actionsElements);
    rows.push({ type: 'actions', elements: row.map((a) => button(a, counter.next++)) });
  }
  return rows;
}

/**
 * Where the title links and the source link beside it: the paper's page when it has one
 * (then the source gets its own link, labelled by its host), else the source.
 */
function cardLinks(card: PaperCard): { title: string | undefined; source: string | undefined } {
  const page = safeLinkUrl(card.pageUrl);
  const source = safeLinkUrl(card.url);
  return page ? { title: page, source } : { title: source, source: undefined };
}

/** `*1. <url|Title>*`, or the bold title alone when the URL is missing or unsafe. */
function titleLine(card: PaperCard): string {
  const rank = typeof card.rank === 'number' && Number.isFinite(card.rank) ? `${Math.trunc(card.rank)}. ` : '';
  const title = clip(oneLine(card.title) || oneLine(card.paperId) || 'Untitled', TITLE_MAX, mrkdwn);
  const url = cardLinks(card).title;
  return `*${rank}${url ? mrkdwnLink(url, title) : title}*`;
}

/** Authors, links that could not be made links, the source (when the title links to the page), code, why: one context element each. */
function cardLines(card: PaperCard, max: number): string[] {
  const lines: string[] = [];
  const text = (value: string, limit = max): string => clip(oneLine(value), limit, mrkdwn);
  if (card.authors?.trim()) lines.push(text(card.authors));
  if (card.url?.trim() && !safeLinkUrl(card.url)) lines.push(`link: ${text(card.url, RAW_URL_MAX)}`);
  const { source } = cardLinks(card);
  if (source) lines.push(mrkdwnLink(source, text(sourceLabel(source) ?? displayUrl(source), 80)));
  if (card.codeUrl?.trim()) {
    const code = safeLinkUrl(card.codeUrl);
    lines.push(`code: ${code ? mrkdwnLink(code, text(displayUrl(code), 80)) : text(card.codeUrl, RAW_URL_MAX)}`);
  }
  if (card.why?.trim()) lines.push(text(card.why));
  return lines;
}

/** The snippet with its marks, else the summary, in `room` characters. */
function cardBody(card: PaperCard, room: number): string | undefined {
  if (card.snippet && card.snippet.text.trim() !== '') return markedMrkdwn(card.snippet, room);
  if (card.summary && card.summary.trim() !== '') return clip(oneLine(card.summary), room, mrkdwn);
  return undefined;
}

/** One Message block as Slack blocks; a paper also in a compact form, without its snippet. */
interface Unit {
  readonly paper: boolean;
  readonly full: readonly KnownBlock[];
  readonly compact: readonly KnownBlock[];
  state: 'full' | 'compact' | 'dropped';
}

function paperUnit(card: PaperCard, counter: Counter): Unit {
  const head = titleLine(card);
  const body = cardBody(card, SLACK_LIMITS.sectionText - head.length - 1);
  const lines = cardLines(card, CONTEXT_LINE_MAX);
  const tail: KnownBlock[] = [...(lines.length > 0 ? [context(lines)] : []), ...actionBlocks(card.actions, counter)];
  const compact = [section(head), ...tail];
  return { paper: true, full: body ? [section(`${head}\n${body}`), ...tail] : compact, compact, state: 'full' };
}

const FENCE = '```';

/**
 * Text to copy as a code block: escaped (entities read back as the characters in a code
 * block), broadcasts defused, no run of three backticks left to end the fence early. A
 * block over a section's limit is split at line ends into several fenced sections.
 */
function codeSections(text: string): SectionBlock[] {
  const room = SLACK_LIMITS.sectionText - 2 * (FENCE.length + 1);
  const lines = escapeParsedText(breakCodeFences(text.replace(/\s+$/, ''))).split('\n');
  const pieces: string[] = [];
  let piece = '';
  for (let line of lines) {
    while (line.length > room) {
      if (piece !== '') pieces.push(piece);
      // At a space when there is one (BibTeX reads a line break there as the space it was), never inside an entity or a surrogate pair.
      const space = line.lastIndexOf(' ', room);
      let cut = space > room / 2 ? space : room;
      while (cut > 0 && (/&[a-z]*$/.test(line.slice(0, cut)) || /[\ud800-\udbff]$/.test(line.slice(0, cut)))) cut -= 1;
      pieces.push(line.slice(0, cut));
      piece = '';
      line = line.slice(cut);
    }
    if (piece !== '' && piece.length + 1 + line.length > room) {
      pieces.push(piece);
      piece = line;
    } else piece = piece === '' ? line : `${piece}\n${line}`;
  }
  if (piece !== '') pieces.push(piece);
  return pieces.map((p) => section(`${FENCE}\n${p}\n${FENCE}`));
}

function unitOf(block: Block, counter: Counter): Unit {
  const plain = (blocks: KnownBlock[]): Unit => ({ paper: false, full: blocks, compact: blocks, state: 'full' });
  switch (block.type) {
    case 'heading': {
      const text = clip(oneLine(block.text), SLACK_LIMITS.headerText);
      const header: HeaderBlock = { type: 'header', text: { type: 'plain_text', text, emoji: true } };
      return plain(text ? [header] : []);
    }
    case 'text':
      return plain(block.text.trim() ? [section(clip(block.text.trim(), SLACK_LIMITS.sectionText, mrkdwnKeepingUrls))] : []);
    case 'note':
      return plain(block.text.trim() ? [context([clip(block.text.trim(), SLACK_LIMITS.contextText, mrkdwn)])] : []);
    case 'paper':
      return paperUnit(block.card, counter);
    case 'actions':
      return plain(actionBlocks(block.actions, counter));
    case 'code':
      return plain(block.text.trim() ? codeSections(block.text) : []);
    default:
      return plain([]); // a block type this renderer does not know yet: left out, never sent raw
  }
}

/** Characters of every `text` string in the blocks (button values not included). */
export function blockTextLength(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((sum: number, item: unknown) => sum + blockTextLength(item), 0);
  if (node === null || typeof node !== 'object') return 0;
  let sum = 0;
  for (const [key, value] of Object.entries(node)) sum += key === 'text' && typeof value === 'string' ? value.length : blockTextLength(value);
  return sum;
}

const blocksOf = (u: Unit): readonly KnownBlock[] => (u.state === 'dropped' ? [] : u.state === 'compact' ? u.compact : u.full);

function lastUnit(units: readonly Unit[], test: (u: Unit) => boolean): Unit | undefined {
  for (let i = units.length - 1; i >= 0; i -= 1) if (test(units[i]!)) return units[i];
  return undefined;
}

/** What was cut, said in one line; undefined when nothing was. */
function leftOutNote(units: readonly Unit[]): string | undefined {
  const count = (test: (u: Unit) => boolean): number => units.filter(test).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const papers = count((u) => u.paper && u.state === 'dropped');
  const others = count((u) => !u.paper && u.state === 'dropped' && u.full.length > 0);
  const shortened = count((u) => u.paper && u.state === 'compact');
  const parts: string[] = [];
  if (papers > 0) parts.push(`…and ${papers} more ${papers === 1 ? 'paper' : 'papers'} not shown`);
  if (others > 0) parts.push(`${plural(others, 'other part')} left out`);
  if (shortened > 0) parts.push(`summaries of the last ${plural(shortened, 'paper')} left out`);
  if (parts.length === 0) return undefined;
  return `${parts.join('; ')}, to fit Slack's message limits. ${escapeSlackText('/papers show <paper>')} shows one paper in full.`;
}

/**
 * Blocks within `maxBlocks` and `maxChars`: first whole cards from the end (for the block
 * count, keeping the first cards whole), then snippets from the last card backwards, then
 * whole cards again, and other blocks only when no card is left to cut. The first card
 * loses its snippet last; room freed by dropping cards goes back to the first cards' snippets.
 */
function fit(units: Unit[], maxBlocks: number, maxChars: number): KnownBlock[] {
  const lengths = new Map<readonly KnownBlock[], number>();
  const chars = (u: Unit): number => {
    const blocks = blocksOf(u);
    if (!lengths.has(blocks)) lengths.set(blocks, blockTextLength(blocks));
    return lengths.get(blocks)!;
  };
  const totalBlocks = (): number => units.reduce((n, u) => n + blocksOf(u).length, 0);
  const totalChars = (): number => units.reduce((n, u) => n + chars(u), 0);
  const kept = (u: Unit): boolean => u.state !== 'dropped' && u.full.length > 0;
  const drop = (): boolean => {
    const unit = lastUnit(units, (u) => u.paper && kept(u)) ?? lastUnit(units, kept);
    if (unit) unit.state = 'dropped';
    return unit !== undefined;
  };

  if (totalBlocks() > maxBlocks || totalChars() > maxChars) {
    while (totalBlocks() > maxBlocks - 1 && drop());
    // The first card keeps its snippet while any other card can give way.
    const first = units.find((u) => u.paper && kept(u));
    const shortenable = (u: Unit): boolean => u.paper && u.state === 'full' && u.full !== u.compact;
    while (totalChars() > maxChars - NOTE_RESERVE) {
      const full = lastUnit(units, (u) => shortenable(u) && u !== first);
      const other = full ? undefined : lastUnit(units, (u) => u.paper && kept(u) && u !== first);
      if (full) full.state = 'compact';
      else if (other) other.state = 'dropped';
      else if (first && shortenable(first)) first.state = 'compact';
      else if (!drop()) break;
    }
    for (const unit of units) {
      if (!unit.paper || unit.state !== 'compact') continue;
      unit.state = 'full';
      if (totalChars() > maxChars - NOTE_RESERVE) {
        unit.state = 'compact';
        break; // later cards stay short, so the shortened ones are always the last
      }
    }
  }
  const blocks = units.flatMap((u) => [...blocksOf(u)]);
  const note = leftOutNote(units);
  if (note) blocks.push(context([note]));
  return blocks;
}

export function renderMessage(message: Message, options: RenderOptions = {}): SlackMessage {
  const maxBlocks = Math.max(2, Math.min(options.maxBlocks ?? SLACK_LIMITS.blocks, SLACK_LIMITS.blocks));
  const maxChars = Math.max(NOTE_RESERVE * 2, Math.min(options.maxTextChars ?? SLACK_LIMITS.totalText, SLACK_LIMITS.totalText));
  const counter: Counter = { next: 0 };
  const units = message.blocks.map((block) => unitOf(block, counter));
  const text = clip(message.fallback.trim(), SLACK_LIMITS.fallbackText, escapeParsedText) || 'paperboy';
  return {
    text,
    blocks: fit(units, maxBlocks, maxChars),
    response_type: message.visibility === 'channel' ? 'in_channel' : 'ephemeral',
  };
}

/** A compact card for chat.unfurl: linked title, a short summary, authors, code and why; no buttons. */
export function renderUnfurl(card: PaperCard): KnownBlock[] {
  const head = titleLine(card);
  let body = '';
  if (card.summary?.trim()) body = clip(oneLine(card.summary), UNFURL_SUMMARY_MAX, mrkdwn);
  else if (card.snippet?.text.trim()) body = markedMrkdwn(card.snippet, UNFURL_SUMMARY_MAX);
  const lines = cardLines(card, UNFURL_LINE_MAX);
  return [section(body ? `${head}\n${body}` : head), ...(lines.length > 0 ? [context(lines)] : [])];
}
