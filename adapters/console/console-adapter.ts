import { createInterface, type Interface } from 'node:readline';
import {
  DeliveryError,
  personalChannel,
  textMessage,
  type Action,
  type ActionKind,
  type ChannelRef,
  type Clock,
  type CommandContext,
  type CommandService,
  type Message,
  type MessageOrigin,
  type PersonRef,
} from '../../src/index.js';
import type { AdapterConnection, ChatAdapter, DeliveryReceipt, DigestThread, ThreadCard } from '../chat-adapter.js';
import { ConsoleThreads } from './console-threads.js';
import { renderMessage } from './render-message.js';

/**
 * The chat adapter for a terminal: type `/papers search diffusion` (or just `search
 * diffusion`) and see exactly what a channel would get, numbered buttons included (type
 * the number to press one). Digests for console subscriptions are printed here too, so
 * `/papers subscribe 09:00 UTC` can be tried without any chat account.
 */
export interface ConsoleIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: { write(text: string): unknown };
  readonly color: boolean;
  /** Show a `papers> ` prompt (interactive terminals). */
  readonly prompt: boolean;
}

export interface ConsoleAdapterOptions {
  readonly commands: CommandService;
  readonly io: ConsoleIo;
  readonly clock: Clock;
  readonly user: { readonly id: string; readonly name: string };
  readonly workspace?: string;
  readonly channel?: string;
  /** Called when the user types `exit` or the input ends. */
  readonly onClose?: () => void;
}

export const CONSOLE_PLATFORM = 'console';

/** A message the console "posted" (a digest, a shared card, a card in a thread, a direct message to its person), with the id its buttons carry. */
export interface ConsolePost {
  readonly kind: 'digest' | 'reply' | 'in-thread' | 'direct';
  /** The channel; `user:<id>` for a direct message. */
  readonly channel: string;
  readonly messageId: string;
  /** Set for a message in a thread. */
  readonly threadId?: string;
  readonly message: Message;
}

interface Button {
  readonly action: Action;
  /** The posted message the button is on; none for private replies. */
  readonly origin?: MessageOrigin;
}

export class ConsoleAdapter implements ChatAdapter {
  readonly id = CONSOLE_PLATFORM;
  readonly #options: ConsoleAdapterOptions;
  #readline: Interface | undefined;
  #buttons: Button[] = [];
  #messages = 0;
  #inFlight: Promise<unknown> = Promise.resolve();
  readonly #threads: ConsoleThreads;
  /** Everything posted in channels, oldest first: what Discuss buttons hang threads from. */
  readonly posts: ConsolePost[] = [];

  constructor(options: ConsoleAdapterOptions) {
    this.#options = options;
    this.#threads = new ConsoleThreads((threadId, name, message) => this.#printInThread(this.channel.channel, threadId, name, message));
  }

  /** Where this console "is": the channel a subscription made here belongs to. */
  get channel(): ChannelRef {
    return { platform: CONSOLE_PLATFORM, workspace: this.#options.workspace ?? 'local', channel: this.#options.channel ?? 'console' };
  }

  /** The one person at this console: who follows, gets alerts and a personal digest here. */
  get person(): PersonRef {
    return { platform: CONSOLE_PLATFORM, workspace: this.channel.workspace, user: this.#options.user.id };
  }

  async start(): Promise<void> {
    if (this.#readline) return;
    const { io } = this.#options;
    const readline = createInterface({ input: io.input, terminal: false });
    this.#readline = readline;
    readline.on('line', (line) => {
      // One line at a time, in order, even when a reply is slow.
      this.#inFlight = this.#inFlight.then(() => this.handleLine(line)).then(() => this.#prompt());
    });
    readline.on('close', () => {
      this.#readline = undefined;
      void this.#inFlight.then(() => this.#options.onClose?.());
    });
    this.#prompt();
  }

  async stop(): Promise<void> {
    this.#readline?.close();
    this.#readline = undefined;
    await this.#inFlight;
  }

  /** A terminal in this process: nothing to lose a connection to (input that ends leaves the service running). */
  connection(): AdapterConnection {
    return { state: 'connected' };
  }

  /** Handles one typed line and prints the reply; returns what was printed (for tests). */
  async handleLine(line: string): Promise<string> {
    const text = line.trim();
    if (text === '') return '';
    if (/^(exit|quit|\/quit)$/i.test(text)) {
      this.#readline?.close();
      return '';
    }
    // A one- or two-digit number is a button press (buttons are numbered from 1, at most a few dozen);
    // a longer one (a year, an arXiv number) is searched for, as is `search 7`.
    const number = /^\d{1,2}$/.test(text) ? Number(text) : undefined;
    const pressed = number === undefined ? undefined : this.#buttons[number - 1];
    if (number !== undefined && pressed === undefined) return this.#print(textMessage(this.#noButton(number)), 'keep');
    if (pressed) return this.#press(pressed);
    return this.#reply(await this.#options.commands.runText(text, this.#context()));
  }

  /**
   * Presses the `kind` button of the `paperIndex`-th paper (from 0) on a posted message, as
   * typing its number right after it was printed would; returns what was printed.
   */
  async pressOn(messageId: string, kind: ActionKind, paperIndex: number): Promise<string> {
    const post = this.posts.find((p) => p.messageId === messageId);
    if (!post) throw new Error(`the console posted no message ${messageId}`);
    const cards = post.message.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));
    const action = cards[paperIndex]?.actions.find((a) => a.kind === kind);
    if (!action) throw new Error(`message ${messageId} has no ${kind} button on paper ${paperIndex}`);
    return this.#press({ action, origin: { messageId, ...(post.threadId !== undefined ? { threadId: post.threadId } : {}) } });
  }

  /** Someone else's reply in a thread this console opened: reported for counting (its text is never needed), and shown as a line. */
  async replyInThread(threadId: string, who = 'someone'): Promise<string> {
    if (!this.#threads.has(threadId)) throw new Error(`the console has no thread ${threadId}`);
    const messageId = this.#nextId();
    await this.#options.commands.threadReply({ ...this.channel, threadId, messageId, at: this.#options.clock().getTime() });
    const line = `    ${who} replied in ${threadId}\n`;
    this.#options.io.output.write(line);
    return line;
  }

  /** The thread opened on a posted message, if one was. */
  threadOn(messageId: string): string | undefined {
    return this.#threads.threadOn(messageId);
  }

  #context(origin?: MessageOrigin): CommandContext {
    return { ...this.channel, user: this.#options.user, now: this.#options.clock(), canManageChannel: true, threads: this.#threads, ...(origin ? { origin } : {}) };
  }

  async #press(button: Button): Promise<string> {
    return this.#reply(await this.#options.commands.run(button.action.invocation, this.#context(button.origin)));
  }

  /** A command's answer: a channel message (a shared card) is posted, so its buttons carry where it is. */
  #reply(message: Message): string {
    if (message.visibility !== 'channel') return this.#print(message, 'replace');
    const messageId = this.#nextId();
    this.posts.push({ kind: 'reply', channel: this.channel.channel, messageId, message });
    return this.#print(message, 'replace', { messageId });
  }

  #nextId(): string {
    this.#messages += 1;
    return `console-${this.#messages}`;
  }

  /** Why a typed number pressed nothing; the last reply's buttons stay pressable. */
  #noButton(number: number): string {
    const count = this.#buttons.length;
    const search = `To search for ${number}, type: search ${number}`;
    if (count === 0) return `There is no button ${number}: the last reply has no buttons. ${search}`;
    return `There is no button ${number}; ${count === 1 ? 'the only button is 1' : `buttons are 1–${count}`}. ${search}`;
  }

  async postDigest(destination: ChannelRef, message: Message, threadCards?: readonly ThreadCard[]): Promise<DeliveryReceipt> {
    const messageId = this.#nextId();
    this.posts.push({ kind: 'digest', channel: destination.channel, messageId, message });
    this.#options.io.output.write(`\n── digest for #${destination.channel} ──\n`);
    // Digests keep their buttons too: typing a number saves, upvotes or discusses from the last message shown.
    this.#print(message, 'replace', { messageId });
    let thread: DigestThread | undefined;
    if (threadCards && threadCards.length > 0) {
      const name = message.blocks.find((b) => b.type === 'heading')?.text ?? 'Digest';
      const threadId = await this.#threads.open(messageId, name);
      const cards: { paperId: string; messageId: string }[] = [];
      for (const card of threadCards) {
        cards.push({ paperId: card.paperId, messageId: this.#printInThread(destination.channel, threadId, name, card.message) });
      }
      thread = { threadId, cards };
    }
    this.#prompt();
    return { messageId, ...(thread ? { thread } : {}) };
  }

  /**
   * A direct message (an alert, a personal digest), printed under its own heading with its
   * buttons numbered as usual. The console has one person; anyone else cannot be reached
   * here, which is a permanent failure (their follows came from somewhere else).
   */
  async postDirect(person: PersonRef, message: Message): Promise<DeliveryReceipt> {
    const me = this.person;
    if (person.platform !== me.platform || person.workspace !== me.workspace || person.user !== me.user) {
      throw new DeliveryError(`console: only ${me.user} uses this console; ${person.user} cannot get direct messages here`, { permanent: true });
    }
    const messageId = this.#nextId();
    this.posts.push({ kind: 'direct', channel: personalChannel(person).channel, messageId, message });
    this.#options.io.output.write(`\n── direct message to ${this.#options.user.name} ──\n`);
    this.#print(message, 'replace', { messageId });
    this.#prompt();
    return { messageId };
  }

  /** Prints a message posted in a thread, indented under the thread's line, its buttons numbered on from the last ones; returns its id. */
  #printInThread(channel: string, threadId: string, name: string, message: Message): string {
    const messageId = this.#nextId();
    this.posts.push({ kind: 'in-thread', channel, messageId, threadId, message });
    this.#options.io.output.write(`  ── in thread ${threadId} (${name}) ──\n`);
    const rendered = renderMessage(message, { color: this.#options.io.color, firstButton: this.#buttons.length + 1 });
    this.#buttons.push(...rendered.actions.map((action) => ({ action, origin: { messageId, threadId } })));
    this.#options.io.output.write(rendered.text.replace(/^(?=.)/gm, '    '));
    return messageId;
  }

  /** Prints a message; its buttons replace the last ones (or, `keep`, the last ones stay pressable). */
  #print(message: Message, buttons: 'replace' | 'keep', origin?: MessageOrigin): string {
    const rendered = renderMessage(message, { color: this.#options.io.color });
    if (buttons === 'replace') this.#buttons = rendered.actions.map((action) => ({ action, ...(origin ? { origin } : {}) }));
    this.#options.io.output.write(rendered.text);
    return rendered.text;
  }

  #prompt(): void {
    if (this.#options.io.prompt && this.#readline) this.#options.io.output.write('papers> ');
  }
}
