import { createInterface, type Interface } from 'node:readline';
import { textMessage, type Action, type ChannelRef, type Clock, type CommandContext, type CommandService, type Message } from '../../src/index.js';
import type { AdapterConnection, ChatAdapter, DeliveryReceipt } from '../chat-adapter.js';
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

export class ConsoleAdapter implements ChatAdapter {
  readonly id = CONSOLE_PLATFORM;
  readonly #options: ConsoleAdapterOptions;
  #readline: Interface | undefined;
  #lastActions: readonly Action[] = [];
  #posted = 0;
  #inFlight: Promise<unknown> = Promise.resolve();

  constructor(options: ConsoleAdapterOptions) {
    this.#options = options;
  }

  /** Where this console "is": the channel a subscription made here belongs to. */
  get channel(): ChannelRef {
    return { platform: CONSOLE_PLATFORM, workspace: this.#options.workspace ?? 'local', channel: this.#options.channel ?? 'console' };
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
    const pressed = number === undefined ? undefined : this.#lastActions[number - 1];
    if (number !== undefined && pressed === undefined) return this.#print(textMessage(this.#noButton(number)), false);
    const ctx: CommandContext = { ...this.channel, user: this.#options.user, now: this.#options.clock(), canManageChannel: true };
    const reply = pressed ? await this.#options.commands.run(pressed.invocation, ctx) : await this.#options.commands.runText(text, ctx);
    return this.#print(reply, true);
  }

  /** Why a typed number pressed nothing; the last reply's buttons stay pressable. */
  #noButton(number: number): string {
    const count = this.#lastActions.length;
    const search = `To search for ${number}, type: search ${number}`;
    if (count === 0) return `There is no button ${number}: the last reply has no buttons. ${search}`;
    return `There is no button ${number}; ${count === 1 ? 'the only button is 1' : `buttons are 1–${count}`}. ${search}`;
  }

  async postDigest(destination: ChannelRef, message: Message): Promise<DeliveryReceipt> {
    this.#posted += 1;
    this.#options.io.output.write(`\n── digest for #${destination.channel} ──\n`);
    this.#print(message, true);
    this.#prompt();
    return { messageId: `console-${this.#posted}` };
  }

  #print(message: Message, keepActions: boolean): string {
    // Digests keep their buttons too: typing a number saves or upvotes from the last message shown.
    const rendered = renderMessage(message, { color: this.#options.io.color });
    if (keepActions) this.#lastActions = rendered.actions;
    this.#options.io.output.write(rendered.text);
    return rendered.text;
  }

  #prompt(): void {
    if (this.#options.io.prompt && this.#readline) this.#options.io.output.write('papers> ');
  }
}
