import type { Message } from '../messages/message.js';
import { textMessage } from '../messages/message.js';
import type { Paper } from '../model/paper.js';
import type { DiscussionThreads, MessageOrigin } from '../ports/discussion.port.js';
import type { StoredThread } from '../ports/storage.port.js';
import { DeliveryError } from '../scheduling/delivery-error.js';
import { cleanText } from '../text/clean-text.js';
import type { CommandContext, CommandServices } from './command-context.js';
import { fullCard } from './lookup-commands.js';
import { paperActions } from './paper-actions.js';

/**
 * discuss: the Discuss button on a digest card or a shared card. Slack and Discord allow one
 * thread per message, so a message's papers share its thread: the first Discuss opens it,
 * each paper's full card is posted into it once, and a later Discuss on a paper already
 * there links to its card. Typed, it has no message to hang a thread from and says where
 * the button is.
 */
export const MAX_THREAD_NAME = 100;

/** "Discuss: <title>", one clean line, at most 100 characters (Discord's limit), never a split emoji. */
export function threadName(title: string): string {
  const name = `Discuss: ${cleanText(title) || 'a paper'}`;
  if (name.length <= MAX_THREAD_NAME) return name;
  const cut = /[\uD800-\uDBFF]/.test(name[MAX_THREAD_NAME - 2] ?? '') ? MAX_THREAD_NAME - 2 : MAX_THREAD_NAME - 1;
  return `${name.slice(0, cut).trimEnd()}…`;
}

/** The paper's full card as posted in its thread, for the channel: no Discuss button (it is in the thread already). */
export function threadCardMessage(paper: Paper): Message {
  return {
    visibility: 'channel',
    fallback: `Discuss: ${paper.title}`,
    blocks: [
      { type: 'paper', card: { ...fullCard(paper, false), actions: paperActions(paper.id, ['save', 'upvote', 'cite']) } },
      { type: 'note', text: 'Reply in this thread to discuss. Replies count for this paper in the team’s trending (counted, never read).' },
    ],
  };
}

const answer = (text: string, link: string | undefined): Message => textMessage(link ? `${text}: ${link}` : `${text}.`);

/** A link is a convenience: once the card is posted and recorded, failing to get one must not turn the answer into an error. */
async function linkTo(threads: DiscussionThreads, threadId: string, messageId: string): Promise<string | undefined> {
  try {
    return await threads.link(threadId, messageId);
  } catch {
    return undefined;
  }
}

export async function discussCommand(services: CommandServices, ctx: CommandContext, options: { paper: string }): Promise<Message> {
  const found = await services.paperboy.show(options.paper);
  if (!found.ok) return textMessage(found.error.message);
  const paper = found.value;
  if (!ctx.origin) {
    return textMessage(
      `To discuss “${paper.title}”, press Discuss under it in a digest, or share it first (the Share in channel button on a search result) and press Discuss on the card: the thread goes on that message, where the channel sees it.`,
    );
  }
  if (!ctx.threads) return textMessage('Discussion threads are not available here; talk about the paper in the channel, or save it with /papers save.');
  try {
    return await discussIn(services, ctx, ctx.origin, ctx.threads, paper);
  } catch (error) {
    // What the platform refused (no thread permission, the message deleted, the channel archived): its message says what to do.
    if (error instanceof DeliveryError) return textMessage(`Could not open a discussion of “${paper.title}”: ${error.message}`);
    throw error;
  }
}

async function discussIn(services: CommandServices, ctx: CommandContext, origin: MessageOrigin, threads: DiscussionThreads, paper: Paper): Promise<Message> {
  const { storage } = services;
  const { platform, workspace, channel } = ctx;
  const now = ctx.now.getTime();
  // A card inside a thread (a `threads: on` digest's): that thread is the place, and the card is there already.
  if (origin.threadId !== undefined) {
    const thread =
      (await storage.discussionThread(platform, workspace, origin.threadId)) ??
      (await storage.saveDiscussionThread({ platform, workspace, channel, parentMessageId: origin.threadId, threadId: origin.threadId }, now));
    const known = thread.cards.find((c) => c.paperId === paper.id);
    const messageId = known?.messageId ?? origin.messageId;
    if (!known) await storage.addDiscussionCard(platform, workspace, thread.threadId, { paperId: paper.id, messageId }, now);
    return answer(`Discussion of “${paper.title}” is in this thread`, await linkTo(threads, thread.threadId, messageId));
  }
  const existing: StoredThread | undefined = await storage.threadOnMessage(ctx, origin.messageId);
  const card = existing?.cards.find((c) => c.paperId === paper.id);
  if (existing && card) return answer(`Discussion of “${paper.title}” is in the thread`, await linkTo(threads, existing.threadId, card.messageId));
  // Nothing is recorded until the platform has taken both the thread and the card.
  const threadId = existing?.threadId ?? (await threads.open(origin.messageId, threadName(paper.title)));
  const messageId = await threads.post(threadId, threadCardMessage(paper));
  const stored = existing ?? (await storage.saveDiscussionThread({ platform, workspace, channel, parentMessageId: origin.messageId, threadId }, now));
  await storage.addDiscussionCard(platform, workspace, stored.threadId, { paperId: paper.id, messageId }, now);
  services.logger.info({ platform, workspace, channel, thread: threadId, paper: paper.id, user: ctx.user.id }, existing ? 'paper added to a discussion thread' : 'discussion thread opened');
  const link = await linkTo(threads, threadId, messageId);
  return answer(existing ? `Posted “${paper.title}” in the thread on that message` : `Opened a thread for “${paper.title}”`, link);
}
