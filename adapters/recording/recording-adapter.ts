import { DeliveryError, type ChannelRef, type CommandContext, type CommandService, type Message } from '../../src/index.js';
import type { AdapterConnection, ChatAdapter, DeliveryReceipt } from '../chat-adapter.js';

/**
 * A chat adapter that keeps what it is given instead of sending it: the double for tests
 * and benchmarks (like hubot's DummyAdapter). Channels can be told to fail, permanently
 * or transiently, to exercise the failure paths of whoever posts through it.
 */
export interface RecordedPost {
  readonly destination: ChannelRef;
  readonly message: Message;
  readonly messageId: string;
}

export class RecordingAdapter implements ChatAdapter {
  readonly id: string;
  readonly posts: RecordedPost[] = [];
  readonly #failures = new Map<string, DeliveryError>();
  readonly #commands: CommandService | undefined;
  #started = false;

  constructor(options: { id?: string; commands?: CommandService } = {}) {
    this.id = options.id ?? 'recording';
    this.#commands = options.commands;
  }

  get started(): boolean {
    return this.#started;
  }

  async start(): Promise<void> {
    this.#started = true;
  }

  async stop(): Promise<void> {
    this.#started = false;
  }

  /** Nothing to connect to: always connected. */
  connection(): AdapterConnection {
    return { state: 'connected' };
  }

  /** Makes every post to this channel fail with `error` until cleared (undefined). */
  failChannel(channel: string, error: DeliveryError | undefined): void {
    if (error) this.#failures.set(channel, error);
    else this.#failures.delete(channel);
  }

  async postDigest(destination: ChannelRef, message: Message): Promise<DeliveryReceipt> {
    const failure = this.#failures.get(destination.channel);
    if (failure) throw failure;
    const messageId = `${this.id}-${this.posts.length + 1}`;
    this.posts.push({ destination, message, messageId });
    return { messageId };
  }

  /** What a user in `ctx` would get back for typing `text`. */
  async command(text: string, ctx: CommandContext): Promise<Message> {
    if (!this.#commands) throw new Error('this RecordingAdapter was built without a command service');
    return this.#commands.runText(text, ctx);
  }

  postsTo(channel: string): RecordedPost[] {
    return this.posts.filter((p) => p.destination.channel === channel);
  }
}

export { DeliveryError };
