import { DeliveryError, type ActionKind, type ChannelRef, type CommandContext, type CommandService, type Message, type PersonRef } from '../../src/index.js';
import type { AdapterConnection, ChatAdapter, DeliveryReceipt, ThreadCard } from '../chat-adapter.js';
import { RecordingThreads, type RecordedThreadPost } from './recording-threads.js';

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

/** A direct message it was given: to whom, and what. */
export interface RecordedDirect {
  readonly person: PersonRef;
  readonly message: Message;
  readonly messageId: string;
}

export class RecordingAdapter implements ChatAdapter {
  readonly id: string;
  readonly posts: RecordedPost[] = [];
  readonly directs: RecordedDirect[] = [];
  readonly #failures = new Map<string, DeliveryError>();
  readonly #directFailures = new Map<string, DeliveryError>();
  readonly #commands: CommandService | undefined;
  readonly #threads = new Map<string, RecordingThreads>();
  #threadFailure: DeliveryError | undefined;
  #messages = 0;
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

  /** Makes every direct message to this user fail with `error` (DMs closed, left the workspace, rate limited) until cleared (undefined). */
  failPerson(user: string, error: DeliveryError | undefined): void {
    if (error) this.#directFailures.set(user, error);
    else this.#directFailures.delete(user);
  }

  /** Makes opening threads and posting in them fail with `error` (no permission, parent deleted, archived) until cleared. */
  failThreads(error: DeliveryError | undefined): void {
    this.#threadFailure = error;
  }

  async postDigest(destination: ChannelRef, message: Message, threadCards?: readonly ThreadCard[]): Promise<DeliveryReceipt> {
    const failure = this.#failures.get(destination.channel);
    if (failure) throw failure;
    const messageId = this.#nextId();
    this.posts.push({ destination, message, messageId });
    if (!threadCards || threadCards.length === 0) return { messageId };
    // Once the header is out, a card that fails is reported, not thrown: the digest went out.
    const threads = this.threadsIn(destination.channel);
    const cards: { paperId: string; messageId: string }[] = [];
    try {
      const threadId = await threads.open(messageId, message.blocks.find((b) => b.type === 'heading')?.text ?? 'Digest');
      for (const card of threadCards) cards.push({ paperId: card.paperId, messageId: await threads.post(threadId, card.message) });
      return { messageId, thread: { threadId, cards } };
    } catch (error) {
      return { messageId, thread: { threadId: messageId, cards, error: error instanceof Error ? error.message : String(error) } };
    }
  }

  async postDirect(person: PersonRef, message: Message): Promise<DeliveryReceipt> {
    const failure = this.#directFailures.get(person.user);
    if (failure) throw failure;
    const messageId = this.#nextId();
    this.directs.push({ person, message, messageId });
    return { messageId };
  }

  /** Direct messages to this user, oldest first. */
  directsTo(user: string): RecordedDirect[] {
    return this.directs.filter((d) => d.person.user === user);
  }

  /** The threads of one channel, as commands from there get them. */
  threadsIn(channel: string): RecordingThreads {
    let threads = this.#threads.get(channel);
    if (!threads)
      this.#threads.set(
        channel,
        (threads = new RecordingThreads(
          channel,
          () => this.#nextId(),
          () => this.#threadFailure,
        )),
      );
    return threads;
  }

  /** Everything posted in threads in `channel`, oldest first. */
  threadPostsIn(channel: string): RecordedThreadPost[] {
    return [...(this.#threads.get(channel)?.posts ?? [])];
  }

  /** What a user in `ctx` would get back for typing `text`. */
  async command(text: string, ctx: CommandContext): Promise<Message> {
    return this.#service().runText(text, { ...ctx, threads: this.threadsIn(ctx.channel) });
  }

  /**
   * Presses the `kind` button of the `paperIndex`-th paper (from 0) on a message this adapter
   * posted (a digest, or a card in a thread), as the platform would report the click.
   */
  async press(messageId: string, kind: ActionKind, paperIndex: number, ctx: CommandContext): Promise<Message> {
    const inThread = [...this.#threads.values()].flatMap((t) => t.posts).find((p) => p.messageId === messageId);
    const message = inThread?.message ?? this.posts.find((p) => p.messageId === messageId)?.message;
    if (!message) throw new Error(`${this.id} posted no message ${messageId}`);
    const cards = message.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));
    const action = cards[paperIndex]?.actions.find((a) => a.kind === kind);
    if (!action) throw new Error(`message ${messageId} has no ${kind} button on paper ${paperIndex}`);
    const origin = { messageId, ...(inThread ? { threadId: inThread.threadId } : {}) };
    return this.#service().run(action.invocation, { ...ctx, origin, threads: this.threadsIn(ctx.channel) });
  }

  /** A person's reply in a thread, reported the way platform adapters report them (counted, never read). */
  async replyInThread(where: ChannelRef, threadId: string, at: number): Promise<string> {
    const messageId = this.#nextId();
    await this.#service().threadReply({ ...where, threadId, messageId, at });
    return messageId;
  }

  #service(): CommandService {
    if (!this.#commands) throw new Error('this RecordingAdapter was built without a command service');
    return this.#commands;
  }

  /** Message ids grow with time, as Slack's and Discord's do, so replies sort after the cards they follow. */
  #nextId(): string {
    this.#messages += 1;
    return `${this.id}-${this.#messages}`;
  }

  postsTo(channel: string): RecordedPost[] {
    return this.posts.filter((p) => p.destination.channel === channel);
  }
}

export { DeliveryError };
