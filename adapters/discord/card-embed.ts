import type { APIEmbed } from 'discord.js';
import { sourceLabel, type PaperCard } from '../../src/index.js';
import { clip, clipMarkdown, escapeMarkdown, markedMarkdown, oneLine, safeUrl } from './discord-text.js';

/**
 * One paper card as the pieces of a Discord embed: the numbered title linking to the paper
 * (its page on the team's site when it has one, else its source), the body (snippet with
 * matched words in bold, or summary) rendered for whatever room the message has left, a
 * links line (`[arXiv](…) · Code: <url>`: the source gets its own link when the title leads
 * to the page), and a footer of small print. Footers are plain text in Discord (no markdown,
 * no links), so what goes there is clipped, never escaped.
 */
export const EMBED_TITLE_MAX = 256;
export const EMBED_DESCRIPTION_MAX = 4096;
const AUTHORS_MAX = 200;
const WHY_MAX = 200;
const RAW_URL_MAX = 120;
/** Longer code and source links would crowd out the summary; they go to the footer as text. */
const CODE_URL_MAX = 300;
const LINE_TITLE_MAX = 150;
const LINE_URL_MAX = 200;

export interface CardParts {
  readonly title: string;
  readonly url: string | undefined;
  readonly footer: string | undefined;
  /** The source (when the title links to the page) and code links, under the body. */
  readonly linksLine: string | undefined;
  /** The most body the description can hold next to the links line. */
  readonly bodyMax: number;
  /** The card as one line of a list, for cards that get no embed of their own. */
  readonly line: string;
  /** The snippet or summary in at most `max` characters; undefined when the card has neither. */
  body(max: number): string | undefined;
}

export function cardParts(card: PaperCard, number: number | undefined): CardParts {
  // Escaped dot: a title starting "1. " must not be read as a list.
  const prefix = number === undefined ? '' : `${number}\\. `;
  const name = oneLine(String(card.title ?? '')) || oneLine(String(card.paperId ?? '')) || 'Untitled';
  const page = safeUrl(card.pageUrl);
  const source = safeUrl(card.url);
  const url = page ?? source;
  const beside = page ? source : undefined;
  const code = safeUrl(card.codeUrl);
  const sourceLink = beside && beside.length <= CODE_URL_MAX ? maskedLink(beside) : undefined;
  const codeLink = code && code.length <= CODE_URL_MAX ? `Code: <${code}>` : undefined;
  const links = [sourceLink, codeLink].filter((s) => s !== undefined);
  const linksLine = links.length > 0 ? links.join(' · ') : undefined;
  const small: string[] = [];
  if (card.authors?.trim()) small.push(clip(oneLine(card.authors), AUTHORS_MAX));
  if (card.url?.trim() && !source) small.push(`link: ${clip(oneLine(card.url), RAW_URL_MAX)}`);
  if (beside && !sourceLink) small.push(`${sourceLabel(beside) ?? 'source'}: ${clip(beside, RAW_URL_MAX)}`);
  if (card.codeUrl?.trim() && !codeLink) small.push(`code: ${clip(oneLine(card.codeUrl), RAW_URL_MAX)}`);
  if (card.why?.trim()) small.push(clip(oneLine(card.why), WHY_MAX));
  const listed = url && url.length <= LINE_URL_MAX ? ` · <${url}>` : '';
  const listedSource = beside && beside.length <= LINE_URL_MAX ? ` · ${maskedLink(beside)}` : '';
  return {
    title: prefix + clipMarkdown(name, EMBED_TITLE_MAX - prefix.length),
    url,
    footer: small.length > 0 ? small.join('\n') : undefined,
    linksLine,
    bodyMax: EMBED_DESCRIPTION_MAX - (linksLine ? linksLine.length + 1 : 0),
    // Bold number: a line starting "11. " would become a Markdown list and be renumbered.
    line: `**${number ?? '•'}.** ${clipMarkdown(name, LINE_TITLE_MAX)}${listed}${listedSource}`,
    body(max) {
      if (max <= 0) return undefined;
      if (card.snippet && typeof card.snippet.text === 'string' && card.snippet.text.trim() !== '') return markedMarkdown(card.snippet, max) || undefined;
      if (typeof card.summary === 'string' && card.summary.trim() !== '') return clipMarkdown(oneLine(card.summary), max) || undefined;
      return undefined;
    },
  };
}

/**
 * `[arXiv](https://arxiv.org/abs/…)`, labelled by the URL's host, never by anything a paper
 * says. Parentheses are percent-encoded (the same address) so none can end the link early;
 * `url` has passed `safeUrl`, so it holds no space, `<` or `>`.
 */
function maskedLink(url: string): string {
  const label = escapeMarkdown(sourceLabel(url) ?? 'source').replaceAll(']', '\\]');
  return `[${label}](${url.replaceAll('(', '%28').replaceAll(')', '%29')})`;
}

export function cardEmbed(parts: CardParts, body: string | undefined): APIEmbed {
  const description = [body, parts.linksLine].filter((s): s is string => s !== undefined && s !== '').join('\n');
  return {
    title: parts.title,
    ...(parts.url ? { url: parts.url } : {}),
    ...(description ? { description } : {}),
    ...(parts.footer ? { footer: { text: parts.footer } } : {}),
  };
}
