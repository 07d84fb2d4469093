import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';
import { breakCodeFences, type Action, type Block, type CommandInvocation, type Message, type PaperCard } from '../../src/index.js';
import { buttonRows } from './button-rows.js';
import { cardEmbed, cardParts, type CardParts } from './card-embed.js';
import { clip, clipMarkdown, oneLine, unescapeMarkdown } from './discord-text.js';

/**
 * A Message as a Discord message: text before the first paper in `content`, one embed per
 * paper card, text after the cards in a closing embed, buttons in rows. Pure.
 *
 * Discord rejects a whole message over any limit (and discord.js checks few of them), so
 * every limit is kept here by cutting, never by throwing: past nine cards the rest are
 * listed one line each in the closing embed; over 6,000 characters the summaries of the last
 * cards are shortened first, then cards dropped from the end, and the closing embed says
 * what was left out. Mentions never ping: `allowedMentions` is always `{ parse: [] }`.
 */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  totalEmbedChars: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
} as const;

export interface DiscordPayload {
  /** May be '' when the embeds carry everything. */
  readonly content: string;
  readonly embeds: APIEmbed[];
  readonly components: APIActionRowComponent<APIButtonComponent>[];
  /** message.visibility === 'private'. */
  readonly ephemeral: boolean;
  /** A file to attach (the message's `file`). */
  readonly files: ReadonlyArray<{ readonly name: string; readonly data: Buffer }>;
  readonly allowedMentions: { readonly parse: [] };
}

export interface DiscordRenderOptions {
  /** Called for a button whose invocation does not fit a custom_id; returns a short id (the adapter keeps a cache), or undefined to drop the button. */
  readonly stash?: (invocation: CommandInvocation) => string | undefined;
  /** The server a direct message's buttons belong to: a click in a DM has none (see custom-ids.ts). */
  readonly workspace?: string;
}

/** Room kept for the closing "left out" note once anything is cut. */
const NOTE_MAX = 300;
/** A summary shorter than this says too little to be worth its "…". */
const MIN_BODY = 60;
/** Per card when a message lists several: about three sentences. A lone card gets the whole description. */
const LIST_BODY_MAX = 700;
const HEADING_MAX = 256;
const NOTE_LINE_MAX = 300;
const CLOSING_TEXT_MAX = 1500;
const CLOSING_NOTES_MAX = 1000;

/** Characters Discord counts toward the 6,000 limit. */
export function embedChars(embeds: readonly APIEmbed[]): number {
  let sum = 0;
  for (const e of embeds) {
    sum += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
    for (const f of e.fields ?? []) sum += f.name.length + f.value.length;
  }
  return sum;
}

/** What a person reads: content, then each embed's title, description, fields and footer, markup resolved. */
export function renderPlainText(payload: DiscordPayload): string {
  const lines = [unescapeMarkdown(payload.content)];
  for (const e of payload.embeds) {
    lines.push(unescapeMarkdown(e.title ?? ''), unescapeMarkdown(e.description ?? ''));
    for (const f of e.fields ?? []) lines.push(unescapeMarkdown(f.name), unescapeMarkdown(f.value));
    lines.push(e.footer?.text ?? '', e.author?.name ?? ''); // plain text in Discord: nothing to resolve
  }
  return lines.filter((l) => l !== '').join('\n');
}

const FENCE = '```';

/**
 * Text to copy as a code block in `room` characters. Nothing inside a code block is markup
 * (and mentions never ping: allowed_mentions is empty), so only a run of three backticks
 * could end it early. Too long a block keeps its first whole lines and ends with a "…" line.
 */
function codePiece(text: string, room: number): string {
  const body = breakCodeFences(text.replace(/\s+$/, ''));
  const fenced = (inner: string): string => `${FENCE}\n${inner}\n${FENCE}`;
  if (fenced(body).length <= room) return fenced(body);
  const lines = body.split('\n');
  while (lines.length > 0 && fenced(`${lines.join('\n')}\n…`).length > room) lines.pop();
  return lines.length > 0 ? fenced(`${lines.join('\n')}\n…`) : '';
}

/** A text-like block as markdown in at most `room` characters ('' when it has nothing to say). */
function textPiece(block: Block, room: number): string {
  switch (block.type) {
    case 'heading': {
      const text = clipMarkdown(oneLine(block.text), Math.min(HEADING_MAX, room - 4));
      return text ? `**${text}**` : '';
    }
    case 'text':
      return clipMarkdown(block.text.trim(), room);
    case 'note': {
      const text = clipMarkdown(oneLine(block.text), Math.min(NOTE_LINE_MAX, room - 3));
      return text ? `-# ${text}` : '';
    }
    case 'code':
      return codePiece(block.text, room);
    default:
      return '';
  }
}

const hasText = (b: Block): boolean => (b.type === 'heading' || b.type === 'text' || b.type === 'note' || b.type === 'code') && String(b.text ?? '').trim() !== '';

/**
 * Pieces one per line, in order, within `max`. The first that does not fit is clipped (its
 * "…" shows it) when there is room for a useful part of it, else left out; everything after
 * it counts as left out (`left`), since it would read out of place. Blocks a piece renders
 * as '' are not this stack's to show and are not counted.
 */
function stack(blocks: readonly Block[], max: number, piece: (b: Block, room: number) => string): { text: string; left: number } {
  const out: string[] = [];
  let used = 0;
  let left = 0;
  let stopped = false;
  for (const block of blocks.filter(hasText)) {
    const whole = piece(block, Number.MAX_SAFE_INTEGER);
    if (whole === '') continue;
    if (stopped) {
      left += 1;
      continue;
    }
    const room = max - used - (out.length > 0 ? 1 : 0);
    let text = whole;
    if (whole.length > room) {
      stopped = true;
      text = room >= MIN_BODY ? piece(block, room) : '';
    }
    if (text === '' || text.length > room) {
      left += 1;
      continue;
    }
    used += text.length + (out.length > 0 ? 1 : 0);
    out.push(text);
  }
  return { text: out.join('\n'), left };
}

/** Text after the cards: small print goes to the closing footer instead. */
function descriptionPiece(block: Block, room: number): string {
  return block.type === 'note' ? '' : textPiece(block, room);
}

/** Small print is plain text in a footer: clipped, not escaped. */
function notePiece(block: Block, room: number): string {
  return block.type === 'note' ? clip(oneLine(block.text), Math.min(NOTE_LINE_MAX, room)) : '';
}

/** The number each card shows: its rank when ranks are distinct, else its position; none for a lone unranked card. */
function cardNumbers(cards: readonly PaperCard[]): Array<number | undefined> {
  const ranks = cards.map((c) => c.rank);
  const valid = ranks.every((r) => typeof r === 'number' && Number.isSafeInteger(r) && r > 0) && new Set(ranks).size === ranks.length;
  if (cards.length === 1) return [valid ? ranks[0] : undefined];
  return cards.map((c, i) => (valid ? c.rank : i + 1));
}

interface Plan {
  readonly card: PaperCard;
  readonly number: number | undefined;
  readonly parts: CardParts;
  state: 'embed' | 'line' | 'dropped';
  body: string | undefined;
  shortened: boolean;
}

interface Counts {
  readonly dropped: number;
  readonly listed: number;
  readonly shortened: number;
  readonly others: number;
  readonly buttons: number;
}

interface Layout {
  /** Whether the last embed slot was kept for the closing embed (which then holds the note). */
  readonly closing: boolean;
  readonly embeds: APIEmbed[];
  readonly closingFooter: string;
  readonly components: APIActionRowComponent<APIButtonComponent>[];
  readonly counts: Counts;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function leftOutNote(counts: Counts): string | undefined {
  const parts: string[] = [];
  if (counts.dropped > 0) parts.push(`…and ${counts.dropped} more ${counts.dropped === 1 ? 'paper' : 'papers'} not shown`);
  if (counts.listed > 0) parts.push(`${plural(counts.listed, 'paper')} listed by title only`);
  if (counts.shortened > 0) parts.push(`summaries of the last ${plural(counts.shortened, 'paper')} shortened`);
  if (counts.others > 0) parts.push(`${plural(counts.others, 'other part')} left out`);
  if (counts.buttons > 0) parts.push(`${plural(counts.buttons, 'button')} left out`);
  if (parts.length === 0) return undefined;
  return clip(`${parts.join('; ')}, to fit Discord's message limits. /papers show <paper> shows one paper in full.`, NOTE_MAX);
}

interface Parts {
  readonly plans: readonly Plan[];
  /** Blocks after the first card, for the closing embed. */
  readonly trailing: readonly Block[];
  readonly messageActions: readonly Action[];
  readonly stash: DiscordRenderOptions['stash'];
  readonly workspace: string | undefined;
}

/**
 * Embeds and buttons. `closing` keeps the last embed slot for the closing embed: text after
 * the cards, the one-line list of cards past the ninth, and the note on what was left out
 * (room for which is kept too).
 */
function layout(p: Parts, closing: boolean): Layout {
  const { plans } = p;
  const slots = closing ? DISCORD_LIMITS.embeds - 1 : DISCORD_LIMITS.embeds;
  plans.forEach((plan, i) => {
    plan.state = i < slots ? 'embed' : 'line';
    plan.body = undefined;
    plan.shortened = false;
  });
  const closingText = stack(p.trailing, CLOSING_TEXT_MAX, descriptionPiece);
  const closingNotes = stack(p.trailing, CLOSING_NOTES_MAX, notePiece);
  const reserve = closing ? NOTE_MAX + 1 : 0;
  const kept = (): Plan[] => plans.filter((x) => x.state !== 'dropped');
  const closingDescription = (): string => [closingText.text, ...plans.filter((x) => x.state === 'line').map((x) => x.parts.line)].filter(Boolean).join('\n');
  const build = (): APIEmbed[] => {
    const embeds = plans.filter((x) => x.state === 'embed').map((x) => cardEmbed(x.parts, x.body));
    const description = closingDescription();
    if (description || closingNotes.text) embeds.push({ ...(description ? { description } : {}), ...(closingNotes.text ? { footer: { text: closingNotes.text } } : {}) });
    return embeds;
  };

  // Whole cards from the end, until titles, footers and the list fit without any summary.
  while (kept().length > 0 && (embedChars(build()) > DISCORD_LIMITS.totalEmbedChars - reserve || closingDescription().length > DISCORD_LIMITS.description)) {
    kept().at(-1)!.state = 'dropped';
  }
  // Then summaries in reading order while there is room, so the last cards are the ones cut.
  let room = DISCORD_LIMITS.totalEmbedChars - reserve - embedChars(build());
  const cap = (x: Plan): number => (plans.length > 1 ? Math.min(LIST_BODY_MAX, x.parts.bodyMax) : x.parts.bodyMax);
  for (const plan of plans.filter((x) => x.state === 'embed')) {
    const full = plan.parts.body(cap(plan));
    if (full === undefined) continue;
    const joint = plan.parts.linksLine ? 1 : 0;
    if (full.length + joint <= room) plan.body = full;
    else {
      plan.shortened = true;
      plan.body = room - joint >= MIN_BODY ? plan.parts.body(room - joint) : undefined;
    }
    room -= plan.body ? plan.body.length + joint : 0;
  }

  const shown = kept();
  const buttons = buttonRows(
    shown.map((x) => ({ number: x.number, actions: x.card.actions ?? [] })),
    p.messageActions,
    p.stash,
    p.workspace,
  );
  return {
    closing,
    embeds: build(),
    closingFooter: closingNotes.text,
    components: buttons.rows,
    counts: {
      dropped: plans.length - shown.length,
      listed: shown.filter((x) => x.state === 'line').length,
      shortened: plans.filter((x) => x.shortened).length,
      others: closingText.left + closingNotes.left,
      buttons: buttons.dropped,
    },
  };
}

export function renderDiscordMessage(message: Message, options: DiscordRenderOptions = {}): DiscordPayload {
  const blocks = Array.isArray(message.blocks) ? message.blocks : [];
  const firstPaper = blocks.findIndex((b) => b.type === 'paper');
  const cards = blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));
  const after = firstPaper < 0 ? [] : blocks.slice(firstPaper).filter((b) => b.type !== 'paper');
  // Exactly ten cards fill every embed: what follows them moves up into the content rather than push the tenth card out.
  const closingAllowed = cards.length > 0 && cards.length !== DISCORD_LIMITS.embeds;
  const lead = [...(firstPaper < 0 ? blocks : blocks.slice(0, firstPaper)), ...(closingAllowed ? [] : after)];
  const numbers = cardNumbers(cards);
  const plans: Plan[] = cards.map((card, i) => ({ card, number: numbers[i], parts: cardParts(card, numbers[i]), state: 'embed', body: undefined, shortened: false }));
  const parts: Parts = {
    plans,
    trailing: closingAllowed ? after : [],
    messageActions: blocks.flatMap((b) => (b.type === 'actions' ? b.actions : [])),
    stash: options.stash,
    workspace: options.workspace,
  };

  let content = stack(lead, DISCORD_LIMITS.content, textPiece);
  const noteFor = (result: Layout): string | undefined => leftOutNote({ ...result.counts, others: result.counts.others + content.left });
  let result = layout(parts, closingAllowed && (parts.trailing.some(hasText) || cards.length > DISCORD_LIMITS.embeds));
  if (closingAllowed && !result.closing && noteFor(result)) result = layout(parts, true);

  let text = content.text;
  let note = noteFor(result);
  if (note && result.closing) {
    // The closing embed is the last one when it exists; room for the note was kept.
    const last = result.embeds.at(-1);
    const footer = [result.closingFooter, note].filter(Boolean).join('\n');
    if (last && last.title === undefined) last.footer = { text: footer };
    else result.embeds.push({ footer: { text: footer } });
  } else if (note) {
    // No closing embed: the note goes under the content, in room kept for it.
    content = stack(lead, DISCORD_LIMITS.content - NOTE_MAX - 1, textPiece);
    note = noteFor(result);
    text = [content.text, note ? `-# ${clipMarkdown(note, NOTE_MAX - 3)}` : ''].filter(Boolean).join('\n');
  }
  if (text === '' && result.embeds.length === 0) text = clipMarkdown(oneLine(String(message.fallback ?? '')), DISCORD_LIMITS.content) || 'paperboy';
  return {
    content: text,
    embeds: result.embeds,
    components: result.components,
    ephemeral: message.visibility === 'private',
    allowedMentions: { parse: [] },
    files: message.file ? [{ name: attachmentName(message.file.name), data: Buffer.from(message.file.content, 'utf8') }] : [],
  };
}

/** A name Discord shows as given: no path, no characters it would rewrite or refuse, never empty. */
function attachmentName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(-100) || 'file.txt';
}
