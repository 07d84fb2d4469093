import type { Message } from '../messages/message.js';
import { personKey } from '../personal/person.js';
import { errorForLog } from '../scheduling/log-error.js';
import { askerOf, type CommandContext, type CommandServices } from './command-context.js';

/**
 * "Told next time": when direct messages to someone failed for good (blocked, closed, not
 * allowed from the app), alerts for them wait, and the next private reply they get from any
 * command says so, once: the mark is cleared, so paperboy tries again, and marks them again
 * if it still cannot. A public reply never says it (a channel has no business knowing), and
 * leaves the mark for the next private one. A failure here is logged, never the command's.
 */
function howToFix(platform: string): string {
  if (platform === 'slack') return 'In Slack, open paperboy under Apps in the sidebar and check that its Messages tab lets you message it';
  if (platform === 'discord') return 'In Discord, allow direct messages from members of this server (the server’s name → Privacy Settings) and do not block paperboy';
  return 'Allow direct messages from paperboy';
}

export function unreachableNote(reason: string, platform: string): string {
  return `paperboy could not send you a direct message (${reason}), so your alerts and personal digest have been waiting. ${howToFix(platform)}; paperboy tries again from now on.`;
}

export async function withUnreachableNote(services: CommandServices, ctx: CommandContext, message: Message): Promise<Message> {
  if (message.visibility !== 'private') return message;
  const person = askerOf(ctx);
  let reason: string | undefined;
  try {
    reason = await services.storage.clearUnreachable(person);
  } catch (error) {
    services.logger.warn({ person: personKey(person), error: errorForLog(error) }, 'could not check whether direct messages to this person failed; the reply goes out without it');
    return message;
  }
  if (reason === undefined) return message;
  const note = unreachableNote(reason, ctx.platform);
  return { ...message, fallback: `${message.fallback} ${note}`, blocks: [...message.blocks, { type: 'note', text: note }] };
}
