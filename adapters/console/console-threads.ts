import type { DiscussionThreads, Message } from '../../src/index.js';

/**
 * Discussion threads in a terminal: a thread is a counter-numbered id (one per parent
 * message, as on Slack and Discord), and what is posted in it is printed indented under a
 * "thread" line by the adapter. Nothing to fail and nothing to link to.
 */
export class ConsoleThreads implements DiscussionThreads {
  readonly #byParent = new Map<string, string>();
  readonly #names = new Map<string, string>();
  readonly #print: (threadId: string, name: string, message: Message) => string;

  /** `print` shows a message in a thread and returns its new message id. */
  constructor(print: (threadId: string, name: string, message: Message) => string) {
    this.#print = print;
  }

  async open(parentMessageId: string, name: string): Promise<string> {
    let id = this.#byParent.get(parentMessageId);
    if (id === undefined) {
      id = `thread-${this.#byParent.size + 1}`;
      this.#byParent.set(parentMessageId, id);
      this.#names.set(id, name);
    }
    return id;
  }

  async post(threadId: string, message: Message): Promise<string> {
    const name = this.#names.get(threadId);
    if (name === undefined) throw new Error(`the console has no thread ${threadId}`);
    return this.#print(threadId, name, message);
  }

  async link(): Promise<string | undefined> {
    return undefined;
  }

  threadOn(parentMessageId: string): string | undefined {
    return this.#byParent.get(parentMessageId);
  }

  /** Whether `threadId` is a thread this console opened. */
  has(threadId: string): boolean {
    return this.#names.has(threadId);
  }
}
