import type { DeliveryError, DiscussionThreads, Message } from '../../src/index.js';

/** A message the recording adapter "posted" into a thread. */
export interface RecordedThreadPost {
  readonly channel: string;
  readonly threadId: string;
  readonly messageId: string;
  readonly message: Message;
}

/**
 * Threads as the recording adapter keeps them: a thread's id is its parent message's id (as
 * on Slack, and as on Discord for a thread started from a message), what is posted in it is
 * kept, and the whole thing can be told to fail the way a platform refuses.
 */
export class RecordingThreads implements DiscussionThreads {
  readonly posts: RecordedThreadPost[] = [];
  /** Each thread's name, as it was opened. */
  readonly names = new Map<string, string>();
  readonly #channel: string;
  readonly #nextId: () => string;
  readonly #failure: () => DeliveryError | undefined;

  constructor(channel: string, nextId: () => string, failure: () => DeliveryError | undefined) {
    this.#channel = channel;
    this.#nextId = nextId;
    this.#failure = failure;
  }

  async open(parentMessageId: string, name: string): Promise<string> {
    this.#fail();
    if (!this.names.has(parentMessageId)) this.names.set(parentMessageId, name);
    return parentMessageId;
  }

  async post(threadId: string, message: Message): Promise<string> {
    this.#fail();
    if (!this.names.has(threadId)) throw new Error(`no thread ${threadId} was opened`);
    const messageId = this.#nextId();
    this.posts.push({ channel: this.#channel, threadId, messageId, message });
    return messageId;
  }

  async link(threadId: string, messageId: string): Promise<string | undefined> {
    return `https://chat.example/${encodeURIComponent(this.#channel)}/${encodeURIComponent(threadId)}/${encodeURIComponent(messageId)}`;
  }

  #fail(): void {
    const failure = this.#failure();
    if (failure) throw failure;
  }
}
