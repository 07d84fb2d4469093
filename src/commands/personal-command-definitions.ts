import { z } from 'zod';
import { MAX_FOLLOWS } from '../follows/follow.js';
import { MAX_TOPIC_LENGTH } from '../subscriptions/subscription.js';
import type { CommandDefinition } from './command-definitions.js';
import { paperOption } from './option-schemas.js';

/**
 * The commands about one person: what they follow, when alerts may reach them, forgetting
 * them, and their sign-in link to the team page. Every one answers privately. The rules a schema cannot say (exactly one of author,
 * topic and paper; an `HH:MM-HH:MM` range) are checked by the command, so that any value
 * Discord accepts for an option reaches it and gets an answer in words.
 */
export const MAX_AUTHOR_LENGTH = 200;

export const PERSONAL_COMMANDS: readonly CommandDefinition[] = [
  {
    name: 'follow',
    summary: `A direct message on new papers by an author or on a topic, or a paper's new versions (up to ${MAX_FOLLOWS})`,
    usage: 'follow author: <name> | topic: <words> | <paper>',
    examples: ['follow author: Yann LeCun', 'follow topic: diffusion transformers', 'follow 2106.09685'],
    options: z.object({
      author: z.string().trim().min(1).max(MAX_AUTHOR_LENGTH).optional().describe('A name as papers write it: Yann LeCun, LeCun Yann or Y. LeCun'),
      topic: z.string().trim().min(1).max(MAX_TOPIC_LENGTH).optional().describe('Words every new paper must have, as in search'),
      paper: paperOption.optional().describe('A paper, to hear of its new arXiv versions'),
    }),
  },
  {
    name: 'following',
    summary: 'What you follow (numbered), your quiet hours and your personal digest; only you see it',
    usage: 'following',
    examples: ['following'],
    options: z.object({}),
  },
  {
    name: 'unfollow',
    summary: 'Stop following, by the numbers /papers following shows',
    usage: 'unfollow <n|n,m|all>',
    examples: ['unfollow 3', 'unfollow 1,4', 'unfollow all'],
    options: z.object({ which: z.string().trim().min(1).max(200).describe('A number from /papers following, several as 1,4, or all') }),
  },
  {
    name: 'quiet',
    summary: 'Hours when alerts wait (they come when the hours end), or off',
    usage: 'quiet HH:MM-HH:MM [time zone] | quiet off',
    examples: ['quiet 22:00-08:00 Europe/Berlin', 'quiet off'],
    options: z.object({
      hours: z.string().trim().min(1).max(40).optional().describe('From-to in your local time, e.g. 22:00-08:00'),
      timezone: z.string().trim().min(1).max(64).optional().describe('IANA time zone, e.g. Europe/Berlin (default: as before, else UTC)'),
      off: z.enum(['yes']).optional().describe('yes: no quiet hours, alerts come at any time'),
    }),
  },
  {
    name: 'forget',
    summary: 'Delete everything paperboy stores about you in this workspace, and say how much it was',
    usage: 'forget me',
    examples: ['forget me'],
    options: z.object({ who: z.enum(['me']).describe('me: your follows, saves, 👍, personal digests, alerts and settings') }),
  },
  {
    name: 'web',
    summary: "A link that signs you in to your team's paperboy page (digest archive, reading list); only for you",
    usage: 'web',
    examples: ['web'],
    options: z.object({}),
  },
];
