import { randomBytes } from 'node:crypto';
import type { CommandInvocation, Message } from '../messages/message.js';
import { textMessage } from '../messages/message.js';
import type { ThreadReply } from '../ports/discussion.port.js';
import { noMetrics, systemStopwatch, type CommandOutcome } from '../ports/metrics.port.js';
import { errorForLog } from '../scheduling/log-error.js';
import type { CommandContext, CommandServices } from './command-context.js';
import { changesChannel, COMMANDS, commandNamed, type CommandDefinition } from './command-definitions.js';
import { citeCommand, savedBibtexCommand } from './cite-commands.js';
import { discussCommand } from './discuss-command.js';
import { followCommand, unfollowCommand, type FollowOptions } from './follow-commands.js';
import { followingCommand } from './following-command.js';
import { forgetCommand } from './forget-command.js';
import { helpCommand } from './help-command.js';
import { relatedCommand, searchCommand, showCommand, trendingCommand } from './lookup-commands.js';
import { parseCommandText } from './parse-command-text.js';
import { subscribeMeCommand, unsubscribeMeCommand } from './personal-digest-commands.js';
import { quietCommand, type QuietOptions } from './quiet-command.js';
import { saveCommand, savedCommand, shareCommand, upvoteCommand } from './signal-commands.js';
import { countThreadReply } from './thread-replies.js';
import { subscribeCommand, subscriptionsCommand, unsubscribeCommand, type SubscribeOptions } from './subscription-commands.js';
import { withUnreachableNote } from './unreachable-note.js';
import { validateOptions } from './validate-options.js';
import { webCommand } from './web-command.js';

/**
 * The one entry point adapters call: a command (typed text or a structured invocation)
 * and who sent it, in; a platform-neutral Message, out. It never throws: bad input gets a
 * message saying what to do, and a bug gets an apology with a reference that is also in
 * the log, so nobody is left with silence.
 */
export interface CommandService {
  readonly commands: readonly CommandDefinition[];
  run(invocation: CommandInvocation, ctx: CommandContext): Promise<Message>;
  runText(text: string, ctx: CommandContext): Promise<Message>;
  /**
   * A reply someone posted in a thread (adapters report each one from a person, never its
   * text): counted for the paper whose card it follows when paperboy opened the thread,
   * ignored otherwise. Never rejects: a failure is logged.
   */
  threadReply(reply: ThreadReply): Promise<void>;
}

type Handler = (services: CommandServices, ctx: CommandContext, options: never) => Message | Promise<Message>;

const HANDLERS: Record<string, Handler> = {
  search: (s, _c, o: { query: string; page?: number }) => searchCommand(s, o),
  show: (s, _c, o: { paper: string }) => showCommand(s, o),
  related: (s, _c, o: { paper: string; page?: number }) => relatedCommand(s, o),
  trending: (s, c, o: { count?: number; topic?: string }) => trendingCommand(s, c, o),
  subscribe: (s, c, o: SubscribeOptions) => (o.audience === 'me' ? subscribeMeCommand(s, c, o) : subscribeCommand(s, c, o)),
  unsubscribe: (s, c, o: { digest?: 'daily' | 'weekly'; audience?: 'me' }) => (o.audience === 'me' ? unsubscribeMeCommand(s, c, o) : unsubscribeCommand(s, c, o)),
  subscriptions: (s, c) => subscriptionsCommand(s, c),
  save: (s, c, o: { paper: string }) => saveCommand(s, c, o),
  saved: (s, c, o: { format?: 'bibtex' }) => (o.format === 'bibtex' ? savedBibtexCommand(s, c) : savedCommand(s, c)),
  cite: (s, _c, o: { paper: string }) => citeCommand(s, o),
  upvote: (s, c, o: { paper: string }) => upvoteCommand(s, c, o),
  share: (s, c, o: { paper: string }) => shareCommand(s, c, o),
  discuss: (s, c, o: { paper: string }) => discussCommand(s, c, o),
  follow: (s, c, o: FollowOptions) => followCommand(s, c, o),
  following: (s, c) => followingCommand(s, c),
  unfollow: (s, c, o: { which: string }) => unfollowCommand(s, c, o),
  quiet: (s, c, o: QuietOptions) => quietCommand(s, c, o),
  forget: (s, c) => forgetCommand(s, c),
  web: (s, c) => webCommand(s, c),
  help: (_s, _c, o: { command?: string }) => helpCommand(o),
};

/** A command's name as a metric label: only names from the command list, so a typo cannot mint a new series. */
const labelOf = (name: unknown): string => (typeof name === 'string' && commandNamed(name) ? name : 'unknown');

const firstWord = (text: string): string => /^\s*(?:\/papers\b)?\s*(\S*)/i.exec(text)?.[1]?.toLowerCase() ?? '';

export function createCommandService(services: CommandServices): CommandService {
  const metrics = services.metrics ?? noMetrics;
  const stopwatch = services.stopwatch ?? systemStopwatch;
  const answer = async (invocation: CommandInvocation, ctx: CommandContext): Promise<[Message, CommandOutcome]> => {
    const definition = commandNamed(invocation.name);
    const handler = HANDLERS[invocation.name];
    if (!definition || !handler) return [textMessage(`There is no command “${String(invocation.name).slice(0, 40)}”. Try /papers help.`), 'invalid'];
    // Permission first: someone who may not change the digest needs no advice on its format.
    if (changesChannel(invocation) && !ctx.canManageChannel) {
      return [textMessage('Only people who can manage this channel can change its digest; ask one of them, or use /papers trending for yourself.'), 'denied'];
    }
    const options = validateOptions<never>(definition, invocation);
    if (!options.ok) return [textMessage(options.error.message), 'invalid'];
    try {
      return [await handler(services, ctx, options.value), 'ok'];
    } catch (error) {
      const reference = randomBytes(4).toString('hex');
      services.logger.error({ reference, command: invocation.name, platform: ctx.platform, workspace: ctx.workspace, channel: ctx.channel, error: errorForLog(error) }, 'command failed');
      return [textMessage(`Sorry, that went wrong on our side (reference ${reference}); it has been logged. Please try again in a moment.`), 'failed'];
    }
  };
  const run = async (invocation: CommandInvocation, ctx: CommandContext): Promise<Message> => {
    const elapsed = stopwatch();
    const [message, outcome] = await answer(invocation, ctx);
    metrics.commandHandled(ctx.platform, labelOf(invocation.name), elapsed(), outcome);
    return withUnreachableNote(services, ctx, message);
  };
  return {
    commands: COMMANDS,
    run,
    async runText(text, ctx) {
      const elapsed = stopwatch();
      const invocation = parseCommandText(text);
      if (invocation.ok) return run(invocation.value, ctx);
      // Text that could not be parsed still counts, under the command it started with.
      metrics.commandHandled(ctx.platform, labelOf(firstWord(text)), elapsed(), 'invalid');
      return withUnreachableNote(services, ctx, textMessage(invocation.error.message));
    },
    async threadReply(reply) {
      try {
        await countThreadReply(services, reply);
      } catch (error) {
        services.logger.error({ platform: reply.platform, workspace: reply.workspace, thread: reply.threadId, error: errorForLog(error) }, 'a thread reply could not be counted');
      }
    },
  };
}
