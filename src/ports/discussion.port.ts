import type { Message } from '../messages/message.js';

/**
 * Discussion threads, as a chat platform offers them. Slack and Discord allow one thread per
 * message, so a digest's papers share the digest message's thread: each paper's card is
 * posted into it once (by its Discuss button, or at delivery with `threads: on`), and a
 * reply counts for the paper whose card it follows. Replies are counted, never read or
 * stored.
 *
 * An adapter hands its implementation to each command it runs from a message (in the
 * CommandContext). Failures the user can act on (no permission to create threads, the
 * parent message deleted, the channel archived) reject with a DeliveryError whose message
 * says what to do; the command shows it.
 */
export interface DiscussionThreads {
  /** Opens (or finds) the thread on `parentMessageId`, named `name` where the platform names threads; resolves with the thread's id (Slack: the parent's ts). */
  open(parentMessageId: string, name: string): Promise<string>;
  /** Posts `message` in the thread; resolves with the posted message's id. */
  post(threadId: string, message: Message): Promise<string>;
  /** A link to a message in a thread, for "discussion is here" answers; undefined when the platform has none. */
  link(threadId: string, messageId: string): Promise<string | undefined>;
}

/** Where a command came from when it was a button on a posted message. */
export interface MessageOrigin {
  readonly messageId: string;
  /** The thread the message is in, when it is in one (a `threads: on` digest's cards are). */
  readonly threadId?: string;
}

/** A reply someone posted in a thread paperboy opened: what adapters report, without its text. */
export interface ThreadReply {
  readonly platform: string;
  readonly workspace: string;
  readonly channel: string;
  readonly threadId: string;
  readonly messageId: string;
  /** Epoch milliseconds. */
  readonly at: number;
}

/**
 * Orders two message ids of one platform by when they were posted: Slack timestamps
 * (`1764151200.000100`) and Discord snowflakes are both decimal strings that grow with time,
 * so the longer is later, and equal lengths compare as text.
 */
export function compareMessageIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
