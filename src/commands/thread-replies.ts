import { compareMessageIds, type ThreadReply } from '../ports/discussion.port.js';
import type { CommandServices } from './command-context.js';

/**
 * Counts a reply someone posted in a thread: for the paper whose card it follows (the card
 * with the greatest message id at or before it), as a counter for that paper and day. A
 * thread paperboy did not open, and a reply before any card, count for nothing. Its text,
 * id and author are never stored.
 */
export async function countThreadReply(services: CommandServices, reply: ThreadReply): Promise<void> {
  if (!reply.threadId || !reply.messageId || !Number.isFinite(reply.at)) return;
  const thread = await services.storage.discussionThread(reply.platform, reply.workspace, reply.threadId);
  if (!thread) return;
  let credited: { paperId: string; messageId: string } | undefined;
  for (const card of thread.cards) {
    if (compareMessageIds(card.messageId, reply.messageId) > 0) continue;
    if (!credited || compareMessageIds(card.messageId, credited.messageId) > 0) credited = card;
  }
  // The card itself is paperboy's own post, not a reply.
  if (!credited || credited.messageId === reply.messageId) return;
  await services.storage.addDiscussionReply(reply.platform, reply.workspace, credited.paperId, reply.at);
}
