import { sourceLabel, type Action, type Block, type Message, type PaperCard, type Snippet } from '../../src/index.js';

/**
 * A Message as terminal text: what a channel would see, in plain lines. Pure. Buttons are
 * numbered so the console can "click" them: typing the number runs the action.
 */
export interface ConsoleStyle {
  readonly color: boolean;
  readonly width?: number;
  /** The number of the first button (default 1), so several messages printed together number on. */
  readonly firstButton?: number;
}

const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

export interface RenderedMessage {
  readonly text: string;
  /** The actions in the order they were numbered: [1] is actions[0]. */
  readonly actions: readonly Action[];
}

function marked(snippet: Snippet, style: ConsoleStyle): string {
  if (!style.color) return snippet.text;
  let out = '';
  let at = 0;
  for (const [start, end] of snippet.marks) {
    out += `${snippet.text.slice(at, start)}${BOLD}${snippet.text.slice(start, end)}${RESET}`;
    at = end;
  }
  return out + snippet.text.slice(at);
}

/** A URL as one inert line: control and format characters (a terminal escape, an RTL override) would restyle or reorder the screen. */
const printableUrl = (url: string): string => url.replace(/[\p{Cc}\p{Cf}\s]+/gu, '');

/**
 * The card's links: where its title leads (its page on the team's site, else its source) on
 * the id line, and the source again by name (`arXiv https://…`) beside the code link when
 * the title leads to the page.
 */
function cardLinks(c: PaperCard): { title: string | undefined; others: string[] } {
  const page = c.pageUrl ? printableUrl(c.pageUrl) : '';
  const source = c.url ? printableUrl(c.url) : '';
  const code = c.codeUrl ? printableUrl(c.codeUrl) : '';
  const others: string[] = [];
  if (page && source) others.push(`${sourceLabel(source) ?? 'source'} ${source}`);
  if (code) others.push(`code ${code}`);
  return { title: page || source || undefined, others };
}

export function renderMessage(message: Message, style: ConsoleStyle): RenderedMessage {
  const actions: Action[] = [];
  const bold = (t: string): string => (style.color ? `${BOLD}${t}${RESET}` : t);
  const dim = (t: string): string => (style.color ? `${DIM}${t}${RESET}` : t);
  const buttons = (list: readonly Action[]): string =>
    list
      .map((a) => {
        actions.push(a);
        return `[${actions.length + (style.firstButton ?? 1) - 1}] ${a.label}`;
      })
      .join('  ');
  const card = (c: PaperCard): string[] => {
    const lines = [`${c.rank !== undefined ? `${c.rank}. ` : ''}${bold(c.title)}`];
    const links = cardLinks(c);
    lines.push(dim(`   id ${c.paperId}${links.title ? ` · ${links.title}` : ''}`));
    if (c.authors) lines.push(`   ${c.authors}`);
    if (c.snippet) lines.push(`   ${marked(c.snippet, style)}`);
    if (c.summary) lines.push(`   ${c.summary}`);
    if (links.others.length > 0) lines.push(`   ${links.others.join(' · ')}`);
    if (c.why) lines.push(dim(`   ${c.why}`));
    if (c.actions.length > 0) lines.push(dim(`   ${buttons(c.actions)}`));
    return lines;
  };
  const lines: string[] = [];
  const block = (b: Block): void => {
    switch (b.type) {
      case 'heading':
        lines.push(bold(b.text), '');
        break;
      case 'text':
        lines.push(b.text);
        break;
      case 'note':
        lines.push(dim(b.text));
        break;
      case 'paper':
        lines.push(...card(b.card), '');
        break;
      case 'actions':
        lines.push(buttons(b.actions));
        break;
      case 'code':
        // Verbatim, to copy from the terminal as it is.
        lines.push(b.text.replace(/\s+$/, ''));
        break;
    }
  };
  message.blocks.forEach(block);
  // A terminal has nowhere to upload to: the file is printed whole, to copy or redirect.
  if (message.file) lines.push(dim(`── ${message.file.name} ──`), message.file.content.replace(/\s+$/, ''), dim(`── end of ${message.file.name} ──`));
  const who = message.visibility === 'private' ? dim('(only you see this)') : dim('(posted in the channel)');
  return { text: `${[...lines, who].join('\n').replace(/\n{3,}/g, '\n\n')}\n`, actions };
}
