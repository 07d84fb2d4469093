import type { MessageOrigin, ThreadReply } from '../../src/index.js';

/**
 * What paperboy takes from Slack's `message` events: only that a person replied in a
 * thread, and where. The text is never read. Bots (any `bot_id`) and message changes
 * (edits, deletions, joins: any subtype but `thread_broadcast`, a reply also sent to the
 * channel) do not count, nor does a thread's parent (its `thread_ts` is its own ts).
 */
export function humanThreadReply(event: Readonly<Record<string, unknown>>, team: string | undefined, at: number): ThreadReply | undefined {
  const { channel, ts, thread_ts: threadTs, user, bot_id: botId, subtype } = event;
  if (typeof channel !== 'string' || typeof ts !== 'string' || typeof threadTs !== 'string' || threadTs === ts) return undefined;
  if (typeof user !== 'string' || botId !== undefined || (subtype !== undefined && subtype !== 'thread_broadcast')) return undefined;
  const workspace = team ?? (typeof event.team === 'string' ? event.team : undefined);
  if (workspace === undefined) return undefined;
  return { platform: 'slack', workspace, channel, threadId: threadTs, messageId: ts, at };
}

/** The fields of a block_actions payload that say which message a button was on. */
export interface ClickedMessage {
  readonly message?: { readonly ts?: string; readonly thread_ts?: string };
  readonly container?: { readonly message_ts?: string; readonly thread_ts?: string; readonly is_ephemeral?: boolean };
}

/**
 * The posted message a button was on, and its thread when it is a reply in one. An
 * ephemeral answer is no message in the channel, so it has no origin.
 */
export function clickOrigin(body: ClickedMessage): MessageOrigin | undefined {
  if (body.container?.is_ephemeral) return undefined;
  const messageId = body.message?.ts ?? body.container?.message_ts;
  if (messageId === undefined) return undefined;
  const threadTs = body.message?.thread_ts ?? body.container?.thread_ts;
  return threadTs !== undefined && threadTs !== messageId ? { messageId, threadId: threadTs } : { messageId };
}
