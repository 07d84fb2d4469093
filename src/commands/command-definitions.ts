import { z } from 'zod';
import type { CommandInvocation } from '../messages/message.js';
import { MAX_QUERY_LENGTH } from '../search/query-syntax.js';
import { paperOption, pageOption } from './option-schemas.js';
import { PERSONAL_COMMANDS } from './personal-command-definitions.js';
import { DIGEST_DAYS, MAX_DIGEST_COUNT, MAX_TOPIC_LENGTH, MIN_DIGEST_COUNT } from '../subscriptions/subscription.js';

/**
 * Every `/papers` command, defined once: its options as a zod schema (what the structured
 * form from Slack buttons or Discord options must satisfy, and what plain text is parsed
 * into), with the help text and examples shown to users. Discord's command tree and the
 * help reply are both generated from this list.
 */
export interface CommandDefinition {
  readonly name: string;
  readonly summary: string;
  /** After `/papers`: `search <query>`. */
  readonly usage: string;
  readonly examples: readonly string[];
  readonly options: z.ZodObject;
  /** Button-only commands (share, upvote, discuss) are not listed in help or registered as subcommands. */
  readonly hidden?: boolean;
  /**
   * Changes what the whole channel gets; platforms may require a permission (Discord: Manage
   * Channels) and the reply is public. A function when only some invocations do: `subscribe me`
   * changes the asker's own digest, not the channel's. See `changesChannel`.
   */
  readonly changesChannel?: boolean | ((options: CommandInvocation['options']) => boolean);
}

/** Options that address the asker (`subscribe me`), not the channel. */
const forTheChannel = (options: CommandInvocation['options']): boolean => options.audience !== 'me';

/** `audience: me` on subscribe and unsubscribe: the asker's own digest, by direct message. */
const audience = z.enum(['me']).optional().describe('me: your own digest, by direct message, instead of this channel’s');

/** `days` as typed or chosen: the stored values, and `weekly` for "the weekly digest, on the day it has (Monday for a new one)". */
const SUBSCRIBE_DAYS = [...DIGEST_DAYS, 'weekly'] as const;

const paper = paperOption;
const page = pageOption;

export const COMMANDS: readonly CommandDefinition[] = [
  {
    name: 'search',
    summary: 'Find papers; only you see the results',
    usage: 'search <query>',
    examples: ['search diffusion transformers', 'search "mixture of experts" -survey since:2024', 'search author:hinton has:code'],
    options: z.object({
      query: z.string().trim().min(1).max(MAX_QUERY_LENGTH).describe('Words, "phrases", -exclusions, author:, title:, since:, has:code'),
      page: page.optional(),
    }),
  },
  {
    name: 'show',
    summary: 'One paper in full',
    usage: 'show <paper>',
    examples: ['show noprop-training-neural-networks-without', 'show https://arxiv.org/abs/2106.09685'],
    options: z.object({ paper }),
  },
  {
    name: 'related',
    summary: 'Papers like this one',
    usage: 'related <paper>',
    examples: ['related noprop-training-neural-networks-without'],
    options: z.object({ paper, page: page.optional() }),
  },
  {
    name: 'trending',
    summary: "Today's top papers and why they rank there",
    usage: 'trending [count] [topic: words]',
    examples: ['trending', 'trending 10', 'trending topic: model merging'],
    options: z.object({
      count: z.number().int().min(1).max(10).optional().describe('How many, 1-10 (default 5)'),
      topic: z.string().trim().min(1).max(MAX_TOPIC_LENGTH).optional().describe('Only papers about this'),
    }),
  },
  {
    name: 'subscribe',
    summary: 'A daily or weekly digest of trending papers in this channel; subscribe me … for your own, by DM',
    usage: 'subscribe HH:MM [time zone] [daily|weekdays|weekly <day>] [1-10] [threads: on|off] [topic: words]',
    examples: [
      'subscribe 09:00 Europe/Berlin weekdays 5 topic: model merging',
      'subscribe weekly monday 09:00 Europe/Berlin',
      'subscribe me 08:30 Europe/Berlin weekdays 5',
      'subscribe 17:00 UTC daily 3 threads: on',
    ],
    changesChannel: forTheChannel,
    options: z.object({
      time: z.string().trim().min(1).max(10).describe('Local time, HH:MM (24-hour)'),
      timezone: z.string().trim().min(1).max(64).optional().describe('IANA time zone, e.g. Europe/Berlin (default UTC)'),
      days: z.enum(SUBSCRIBE_DAYS).optional().describe('daily (default) or weekdays; a day of the week for the weekly digest (weekly: its current day, or Monday)'),
      count: z.number().int().min(MIN_DIGEST_COUNT).max(MAX_DIGEST_COUNT).optional().describe('Papers per digest, 1-10 (default 5)'),
      topic: z.string().trim().min(1).max(MAX_TOPIC_LENGTH).optional().describe('Only papers about this'),
      threads: z.enum(['on', 'off']).optional().describe('on: a short digest, each paper a reply in its thread (default off)'),
      audience,
    }),
  },
  {
    name: 'unsubscribe',
    summary: "Stop this channel's daily digest, or its weekly one; unsubscribe me [weekly] stops your own",
    usage: 'unsubscribe [weekly]',
    examples: ['unsubscribe', 'unsubscribe weekly', 'unsubscribe me'],
    changesChannel: forTheChannel,
    options: z.object({ digest: z.enum(['daily', 'weekly']).optional().describe('Which digest to stop (default daily)'), audience }),
  },
  {
    name: 'subscriptions',
    summary: 'Digests set up in this workspace, and any that are failing',
    usage: 'subscriptions',
    examples: ['subscriptions'],
    options: z.object({}),
  },
  {
    name: 'save',
    summary: 'Save a paper to your list (it also counts for trending)',
    usage: 'save <paper>',
    examples: ['save noprop-training-neural-networks-without'],
    options: z.object({ paper }),
  },
  {
    name: 'saved',
    summary: 'The papers you saved; with bibtex, all of them as a .bib file',
    usage: 'saved [bibtex]',
    examples: ['saved', 'saved bibtex'],
    options: z.object({ format: z.enum(['bibtex']).optional().describe('bibtex: the list as a .bib file') }),
  },
  {
    name: 'cite',
    summary: 'A BibTeX entry for a paper, to paste into LaTeX',
    usage: 'cite <paper>',
    examples: ['cite noprop-training-neural-networks-without', 'cite 2106.09685'],
    options: z.object({ paper }),
  },
  ...PERSONAL_COMMANDS,
  {
    name: 'help',
    summary: 'What paperboy can do',
    usage: 'help [command]',
    examples: ['help', 'help subscribe'],
    options: z.object({ command: z.string().trim().max(40).optional().describe('A command name') }),
  },
  {
    name: 'share',
    summary: 'Post a paper card in the channel',
    usage: 'share <paper>',
    examples: [],
    hidden: true,
    options: z.object({ paper }),
  },
  {
    name: 'discuss',
    summary: 'Discuss a paper in a thread on the message it was posted in',
    usage: 'discuss <paper>',
    examples: [],
    hidden: true,
    options: z.object({ paper }),
  },
  {
    name: 'upvote',
    summary: 'Upvote a paper for this team',
    usage: 'upvote <paper>',
    examples: [],
    hidden: true,
    options: z.object({ paper }),
  },
];

/**
 * Whether this invocation changes what the whole channel gets: then it needs the permission to
 * manage the channel and is answered publicly. Everything else answers the asker privately.
 */
export function changesChannel(invocation: CommandInvocation): boolean {
  const rule = commandNamed(invocation.name)?.changesChannel;
  return typeof rule === 'function' ? rule(invocation.options) : rule === true;
}

export function commandNamed(name: string): CommandDefinition | undefined {
  return COMMANDS.find((c) => c.name === name);
}
