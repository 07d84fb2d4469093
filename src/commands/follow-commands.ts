import { authorFollow, paperFollow, topicFollow } from '../follows/follow-input.js';
import { type Follow, type FollowInput, type FollowKind, MAX_FOLLOWS } from '../follows/follow.js';
import type { Message } from '../messages/message.js';
import { textMessage } from '../messages/message.js';
import { fail, ok, type Result } from '../result.js';
import { askerOf, type CommandContext, type CommandServices } from './command-context.js';
import { findPaper } from './lookup-commands.js';

/**
 * follow and unfollow: what a person wants to hear about by direct message. Follows are
 * numbered 1, 2, … oldest first, as /papers following shows them; only their owner ever
 * sees or removes them (storage keys every read and delete by the asker).
 */
export interface FollowOptions {
  readonly author?: string | undefined;
  readonly topic?: string | undefined;
  readonly paper?: string | undefined;
}

const FORMS = '/papers follow author: Yann LeCun, /papers follow topic: diffusion transformers, or /papers follow <paper id or title>';
const MAKE_ROOM = '/papers following lists them with numbers, and /papers unfollow 3 removes number 3';

/** `author Yann LeCun`, `topic “diffusion transformers”`, `paper “NoProp: …”`. */
export function describeFollow(follow: FollowInput): string {
  return follow.kind === 'author' ? `author ${follow.label}` : `${follow.kind} “${follow.label}”`;
}

/** What the person will get for it. */
function promise(kind: FollowKind): string {
  if (kind === 'author') return 'you get a direct message when a feed brings a new paper by them';
  if (kind === 'topic') return 'you get a direct message when a feed brings a new paper with all these words in its title or abstract';
  return 'you get a direct message when a new arXiv version of it appears';
}

/** A follow's number: its place in the person's list, oldest first. */
function numberOf(follows: readonly Follow[], id: number): number {
  return follows.findIndex((f) => f.id === id) + 1;
}

async function inputFor(services: CommandServices, options: FollowOptions): Promise<Result<{ input: FollowInput; note?: string }>> {
  if (options.author !== undefined) {
    const input = authorFollow(options.author);
    return input.ok ? ok({ input: input.value }) : input;
  }
  if (options.topic !== undefined) {
    const input = topicFollow(options.topic);
    return input.ok ? ok({ input: input.value }) : input;
  }
  const ref = options.paper ?? '';
  const paper = await findPaper(services.paperboy, ref);
  if (!paper.ok) {
    // `follow author Yann LeCun` without the colon was looked up as a paper: say how to follow the person.
    const kind = /^(author|topic)\s/i.exec(ref)?.[1]?.toLowerCase();
    return fail('not_found', kind ? `${paper.message} To follow ${kind === 'author' ? 'an author' : 'a topic'}, put a colon after it: /papers follow ${kind}: …` : paper.message);
  }
  const note = paper.value.arxivId ? undefined : 'paperboy knows no arXiv id for this paper yet, so you hear of a new version once a feed lists it on arXiv.';
  return ok({ input: paperFollow(paper.value), ...(note ? { note } : {}) });
}

export async function followCommand(services: CommandServices, ctx: CommandContext, options: FollowOptions): Promise<Message> {
  const given = (['author', 'topic', 'paper'] as const).filter((k) => options[k] !== undefined);
  if (given.length === 0) return textMessage(`Say what to follow: ${FORMS}.`);
  if (given.length > 1) return textMessage(`Follow one thing at a time (you gave ${given.join(' and ')}): ${FORMS}.`);
  const found = await inputFor(services, options);
  if (!found.ok) return textMessage(found.error.message);
  const { input, note } = found.value;
  const person = askerOf(ctx);
  const outcome = await services.storage.addFollow(person, input, MAX_FOLLOWS, ctx.now.getTime());
  if (outcome.status === 'full') {
    return textMessage(`You already follow ${outcome.count} authors, topics and papers, the most paperboy keeps for one person (${MAX_FOLLOWS}). To make room: ${MAKE_ROOM}.`);
  }
  const number = numberOf(await services.storage.listFollows(person), outcome.follow.id);
  if (outcome.status === 'duplicate') {
    return textMessage(`You already follow ${describeFollow(outcome.follow)} (number ${number} in /papers following).`);
  }
  const text = `Following ${describeFollow(outcome.follow)}: ${promise(input.kind)}. It is number ${number} of your ${MAX_FOLLOWS}.`;
  return {
    visibility: 'private',
    fallback: text,
    blocks: [
      { type: 'text', text },
      ...(note ? [{ type: 'note' as const, text: note }] : []),
      { type: 'note', text: `Alerts wait during your quiet hours (/papers quiet 22:00-08:00 Europe/Berlin). /papers following lists your follows; /papers unfollow ${number} stops this one.` },
    ],
  };
}

/** `3`, `1,4`, `1, 4`, `#2 #5`, `all`: the numbers /papers following shows, or everything. */
export function parseWhich(which: string): Result<readonly number[] | 'all'> {
  const text = which.trim().toLowerCase();
  if (text === 'all' || text === 'everything') return ok('all');
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length > 0 && parts.every((p) => /^#?\d{1,6}$/.test(p))) {
    const numbers = parts.map((p) => Number(p.replace('#', '')));
    if (numbers.every((n) => n >= 1)) return ok([...new Set(numbers)]);
  }
  return fail('bad_argument', `Say which follows to stop by their numbers in /papers following: /papers unfollow 3, /papers unfollow 1,4 or /papers unfollow all.`);
}

export async function unfollowCommand(services: CommandServices, ctx: CommandContext, options: { which: string }): Promise<Message> {
  const which = parseWhich(options.which);
  if (!which.ok) return textMessage(which.error.message);
  const person = askerOf(ctx);
  const follows = await services.storage.listFollows(person);
  if (follows.length === 0) return textMessage(`You follow nothing yet, so there is nothing to stop. ${FORMS} starts one.`);
  if (which.value === 'all') {
    const removed = await services.storage.removeFollows(person, 'all');
    return textMessage(`Stopped all ${removed} of your follows: no more alerts. ${FORMS} starts again.`);
  }
  const missing = which.value.filter((n) => n > follows.length);
  if (missing.length > 0) {
    const range = follows.length === 1 ? 'only number 1' : `numbers 1 to ${follows.length}`;
    return textMessage(`You have no follow number ${missing.join(', ')}: you have ${range}. /papers following lists them; nothing was stopped.`);
  }
  const chosen = which.value.map((n) => follows[n - 1]!);
  // Removed by storage id: numbers are places in the list, and the ids say which follows the person saw.
  await services.storage.removeFollows(
    person,
    chosen.map((f) => f.id),
  );
  const left = follows.length - chosen.length;
  const names = chosen.map((f) => describeFollow(f)).join('; ');
  return textMessage(
    `Stopped following ${names}. ${left === 0 ? 'You follow nothing now, so no more alerts come (any still waiting were dropped).' : `You follow ${left} more; their numbers may have moved up: /papers following lists them.`}`,
  );
}
