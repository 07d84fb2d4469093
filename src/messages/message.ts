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

export type ActionKind = 'next-page' | 'related' | 'save' | 'share' | 'upvote' | 'discuss';

export interface Action {
  readonly kind: ActionKind;
  readonly label: string;
  readonly invocation: CommandInvocation;
}

export interface PaperCard {
  readonly paperId: string;
  readonly title: string;
  /** Where the title links to. */
  readonly url?: string;
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
  | { readonly type: 'actions'; readonly actions: readonly Action[] };

export interface Message {
  readonly visibility: Visibility;
  /** The whole message as one plain line, for notifications and platforms without blocks. */
  readonly fallback: string;
  readonly blocks: readonly Block[];
}

/** A private one-paragraph message: errors, confirmations, "nothing found". */
export function textMessage(text: string, visibility: Visibility = 'private'): Message {
  return { visibility, fallback: text, blocks: [{ type: 'text', text }] };
}
