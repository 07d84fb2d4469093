import type { webApi } from '@slack/bolt';
import type { DiscussionThreads, Message } from '../../src/index.js';
import type { ChannelPacer } from './channel-pacer.js';
import { renderMessage } from './render-blocks.js';
import { deliveryErrorFrom, platformDeliveryError } from './slack-errors.js';

/**
 * Discussion threads in one Slack channel: a thread is the replies to a message (its
 * `thread_ts` is the parent's ts), so opening one posts nothing; posting replies with
 * `thread_ts`, paced with the channel's other posts.
 *
 * Slack does not document what chat.postMessage answers for a `thread_ts` whose parent was
 * deleted (reports range from `ok` with a reply nobody sees to `thread_not_found`), so the
 * parent is looked up first with conversations.replies, which answers `thread_not_found`
 * for a missing message. That read needs the bot in the channel (channels:history /
 * groups:history, which reply counting needs anyway); failures become DeliveryErrors whose
 * message says what to do.
 */
export class SlackThreads implements DiscussionThreads {
  readonly #client: webApi.WebClient;
  readonly #channel: string;
  readonly #pacer: ChannelPacer;
  /** Parents known to exist in this run (just checked, or just posted). */
  readonly #known: Set<string>;

  constructor(client: webApi.WebClient, channel: string, pacer: ChannelPacer, knownParents: readonly string[] = []) {
    this.#client = client;
    this.#channel = channel;
    this.#pacer = pacer;
    this.#known = new Set(knownParents);
  }

  async open(parentMessageId: string, _name: string): Promise<string> {
    // Slack threads have no name: the thread is the parent's replies.
    await this.#checkParent(parentMessageId);
    return parentMessageId;
  }

  async post(threadId: string, message: Message): Promise<string> {
    await this.#checkParent(threadId);
    const rendered = renderMessage(message);
    try {
      const result = await this.#pacer.run(this.#channel, () =>
        this.#client.chat.postMessage({ channel: this.#channel, thread_ts: threadId, text: rendered.text, blocks: rendered.blocks, unfurl_links: false, unfurl_media: false }),
      );
      return String(result.ts ?? '');
    } catch (error) {
      throw deliveryErrorFrom(error);
    }
  }

  /** The card's permalink; the thread's when the card was deleted; undefined when Slack gives neither (the answer goes out without a link). */
  async link(threadId: string, messageId: string): Promise<string | undefined> {
    for (const ts of messageId === threadId ? [threadId] : [messageId, threadId]) {
      try {
        return (await this.#client.chat.getPermalink({ channel: this.#channel, message_ts: ts })).permalink;
      } catch {
        // The thread and card are recorded already: a missing link must not turn the answer into a failure.
      }
    }
    return undefined;
  }

  async #checkParent(ts: string): Promise<void> {
    if (this.#known.has(ts)) return;
    let first: string | undefined;
    try {
      first = (await this.#client.conversations.replies({ channel: this.#channel, ts, limit: 1 })).messages?.[0]?.ts;
    } catch (error) {
      throw deliveryErrorFrom(error);
    }
    // Another message first: `ts` is itself a reply, which cannot hold a thread.
    if (first !== ts) throw platformDeliveryError('thread_not_found');
    this.#known.add(ts);
  }
}
