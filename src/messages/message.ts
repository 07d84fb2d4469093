import type { Snippet } from '../search/snippet.js';

/**
 * What paperboy says, before any platform renders it: a short list of blocks holding
 * plain text (never markup, never mentions), so that every adapter escapes and formats
 * the same content its own way and within its own limits. Actions are commands a button
 * would run, in the same structured form the commands accept.
 *
 * Every string here may hold untrusted text (paper titles, user names, topics, queries):
 * a renderer must escape it for its platform and send with mentions disabled (Slack:
 * escape & < >; Discord: allowed_mentions { parse: [] }), so nothing can ping a channel.
 */
export type Visibility = 'private' | 'channel';

export interface CommandInvocation {
  readonly name: string;
  readonly options: Readonly<Record<string, string | number>>;
}

export type ActionKind = 'next-page' | 'related' | 'save' | 'share' | 'upvote' | 'discuss' | 'cite';

export interface Action {
  readonly kind: ActionKind;
  readonly label: string;
  readonly invocation: CommandInvocation;
}

export interface PaperCard {
  readonly paperId: string;
  readonly title: string;
  /** The paper at its source (arXiv, Hugging Face): where the title links, unless `pageUrl` is set. */
  readonly url?: string;
  /**
   * The paper's page on the team's paperboy site (PAPERBOY_PUBLIC_URL): when set, the title
   * links there and `url` is shown beside it as its own link, so the source stays one click away.
   */
  readonly pageUrl?: string;
  /** Position in a ranked list, from 1. */
  readonly rank?: number;
  /** One or two sentences of the abstract, or the whole abstract for `show`. */
  readonly summary?: string;
  /** A search snippet with the matched words marked. */
  readonly snippet?: Snippet;
  readonly authors?: string;
  readonly codeUrl?: string;
  /** Why it is here: "#1 on hf-trending 2026-11-26 · 42 upvotes", "shares: diffusion". */
  readonly why?: string;
  readonly actions: readonly Action[];
}

export type Block =
  | { readonly type: 'heading'; readonly text: string }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'paper'; readonly card: PaperCard }
  /** Small print: hints, counts, "set by". */
  | { readonly type: 'note'; readonly text: string }
  | { readonly type: 'actions'; readonly actions: readonly Action[] }
  /** Text to copy exactly as it is (a BibTeX entry): shown verbatim in a code block, never reflowed or clipped mid-way. */
  | { readonly type: 'code'; readonly text: string };

/** A file that goes with a message (a reading list as .bib): an upload or attachment where the platform allows. */
export interface MessageFile {
  /** A plain file name, no directories: `paperboy-saved.bib`. */
  readonly name: string;
  readonly mediaType: string;
  readonly content: string;
}

export interface Message {
  readonly visibility: Visibility;
  /** The whole message as one plain line, for notifications and platforms without blocks. */
  readonly fallback: string;
  readonly blocks: readonly Block[];
  /** Sent with the message; the blocks must make sense without it (say what it is and where it went). */
  readonly file?: MessageFile;
}

/** A private one-paragraph message: errors, confirmations, "nothing found". */
export function textMessage(text: string, visibility: Visibility = 'private'): Message {
  return { visibility, fallback: text, blocks: [{ type: 'text', text }] };
}
