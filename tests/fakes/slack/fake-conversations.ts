import { ok, platformError, type Args, type Reply } from './slack-wire.js';

/**
 * The messages of the fake Slack's channels, with threads as Slack keeps them: a reply
 * (`thread_ts` = its parent's ts) is listed under its parent, which counts `reply_count`.
 * A deleted message with replies stays as a tombstone (Slack shows "This message was
 * deleted." above the thread); one without replies is gone.
 *
 * A reply whose parent does not exist (never posted, deleted, or itself a reply) is
 * accepted and shown nowhere. Slack does not document its answer to a `thread_ts` whose
 * parent is gone; reports range from `ok` with a message nobody sees to `thread_not_found`.
 * The fake takes the worst case, so an adapter that wants a clear answer has to check the
 * parent first (conversations.replies answers `thread_not_found` for a missing one).
 */

export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  readonly user: string;
  readonly bot_id?: string;
  readonly text?: unknown;
  readonly blocks?: unknown;
  readonly thread_ts?: string;
  subtype?: string;
  /** Reply timestamps, oldest first (parents only). */
  readonly replies: string[];
  /** True for a reply whose parent was missing: stored, shown nowhere. */
  readonly orphan: boolean;
}

export interface NewMessage {
  readonly user: string;
  readonly bot_id?: string;
  readonly text?: unknown;
  readonly blocks?: unknown;
  readonly thread_ts?: string;
}

export const TEAM_DOMAIN = 'paperboy-test';

export class FakeConversations {
  private readonly channels = new Map<string, Map<string, StoredMessage>>();

  add(channel: string, ts: string, message: NewMessage): StoredMessage {
    const parent = message.thread_ts === undefined ? undefined : this.parentOf(channel, message.thread_ts);
    const stored: StoredMessage = { channel, ts, replies: [], orphan: message.thread_ts !== undefined && parent === undefined, ...message };
    parent?.replies.push(ts);
    this.messages(channel).set(ts, stored);
    return stored;
  }

  get(channel: string, ts: string): StoredMessage | undefined {
    return this.channels.get(channel)?.get(ts);
  }

  /** A person deletes a message: a parent with replies becomes a tombstone, anything else disappears. */
  delete(channel: string, ts: string): boolean {
    const message = this.get(channel, ts);
    if (message === undefined || message.subtype === 'tombstone') return false;
    if (message.replies.length > 0) {
      message.subtype = 'tombstone';
      return true;
    }
    this.messages(channel).delete(ts);
    if (message.thread_ts !== undefined) {
      const parent = this.get(channel, message.thread_ts);
      parent?.replies.splice(parent.replies.indexOf(ts), 1);
    }
    return true;
  }

  /** The visible replies in the thread on `ts`, oldest first. */
  repliesTo(channel: string, ts: string): StoredMessage[] {
    const parent = this.get(channel, ts);
    return (parent?.replies ?? []).map((reply) => this.get(channel, reply)).filter((m): m is StoredMessage => m !== undefined);
  }

  /** conversations.replies: the parent first (with its reply counts), then its replies. */
  conversationReplies(channel: string, args: Args): Reply {
    const ts = typeof args.ts === 'string' ? args.ts : undefined;
    const message = ts === undefined ? undefined : this.get(channel, ts);
    if (message === undefined || message.orphan) return platformError('thread_not_found');
    const root = message.thread_ts !== undefined ? this.get(channel, message.thread_ts) : message;
    if (root === undefined) return platformError('thread_not_found');
    const limit = Math.max(1, Number(args.limit ?? 1000) || 1000);
    const thread = [root, ...this.repliesTo(channel, root.ts)].map((m) => this.wire(m));
    return ok({ messages: thread.slice(0, limit), has_more: thread.length > limit, response_metadata: { next_cursor: '' } });
  }

  /** chat.getPermalink: Slack's link shape, with the thread for a reply. */
  permalink(channel: string, ts: unknown): Reply {
    const message = typeof ts === 'string' ? this.get(channel, ts) : undefined;
    if (message === undefined || message.orphan) return platformError('message_not_found');
    const base = `https://${TEAM_DOMAIN}.slack.com/archives/${channel}/p${message.ts.replace('.', '')}`;
    const thread = message.thread_ts !== undefined ? `?thread_ts=${message.thread_ts}&cid=${channel}` : '';
    return ok({ channel, permalink: `${base}${thread}` });
  }

  clear(): void {
    this.channels.clear();
  }

  /** A message as Slack's read methods return it. */
  wire(message: StoredMessage): Args {
    const { channel: _channel, replies, orphan: _orphan, ...fields } = message;
    const tombstone = message.subtype === 'tombstone' ? { text: 'This message was deleted.', blocks: undefined, user: 'USLACKBOT', bot_id: undefined } : {};
    const threaded =
      replies.length > 0
        ? { thread_ts: message.ts, reply_count: replies.length, reply_users_count: new Set(replies.map((r) => this.get(message.channel, r)?.user)).size, latest_reply: replies.at(-1) }
        : {};
    return { type: 'message', ...fields, ...tombstone, ...threaded };
  }

  private parentOf(channel: string, threadTs: string): StoredMessage | undefined {
    const parent = this.get(channel, threadTs);
    return parent === undefined || parent.thread_ts !== undefined ? undefined : parent;
  }

  private messages(channel: string): Map<string, StoredMessage> {
    let messages = this.channels.get(channel);
    if (messages === undefined) {
      messages = new Map();
      this.channels.set(channel, messages);
    }
    return messages;
  }
}
