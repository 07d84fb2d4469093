import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type BlockAction, type ButtonAction, type Logger as BoltLogger } from '@slack/bolt';
import { fullCard, type ChannelRef, type Clock, type CommandContext, type CommandInvocation, type CommandService, type Logger, type Message, type Paper, type PersonRef } from '../../src/index.js';
import type { AdapterConnection, ChatAdapter, DeliveryReceipt, DigestThread, ThreadCard } from '../chat-adapter.js';
import type { SlackConfig } from '../service/config.js';
import { ChannelPacer, type PacerClock } from './channel-pacer.js';
import { paperForLink } from './link-unfurls.js';
import { renderMessage, renderUnfurl } from './render-blocks.js';
import { SlackConnection } from './slack-connection.js';
import { openDirectChannel, postSlackDirect } from './slack-direct.js';
import { deliveryErrorFrom } from './slack-errors.js';
import { SlackThreads } from './slack-threads.js';
import { clickOrigin, humanThreadReply } from './thread-replies.js';

/**
 * paperboy in Slack, on Bolt: `/papers …` (acknowledged at once, answered through the
 * response URL), its buttons, arXiv and Hugging Face link cards, and daily digests posted
 * with chat.postMessage. HTTP mode answers Bolt's `/slack/events` on the service's own HTTP
 * server; Socket Mode needs no public URL. Nothing a user or Slack does can throw out of a
 * handler: errors are logged with a reference and the user gets a reply.
 */
export interface SlackAdapterDeps {
  readonly config: SlackConfig;
  readonly commands: CommandService;
  /** Finds a paper by id or arXiv id, for link cards. */
  readonly lookup: (ref: string) => Paper | undefined;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Web API retries; tests shorten them. Default: 3 retries, 1 s to 10 s apart (Retry-After honoured). */
  readonly retry?: { retries: number; minTimeout: number; maxTimeout: number };
  readonly pacer?: PacerClock;
  /** A paper's page on the team's site (PAPERBOY_PUBLIC_URL), for link cards' titles; absent, they link to the paper's source. */
  readonly pageOf?: ((paperId: string) => string | undefined) | undefined;
}

export const SLACK_EVENTS_PATH = '/slack/events';
const COMMAND = '/papers';

/** Bolt's own logs, routed into ours at warn and above (its info level is chatty). */
function boltLogger(logger: Logger): BoltLogger {
  const say =
    (level: 'warn' | 'error') =>
    (...msg: unknown[]) =>
      logger[level]({ source: 'bolt' }, msg.map(String).join(' '));
  return { debug() {}, info() {}, warn: say('warn'), error: say('error'), setLevel() {}, getLevel: () => LogLevel.WARN, setName() {} };
}

function invocationFrom(value: string | undefined): CommandInvocation | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as CommandInvocation;
    return typeof parsed?.name === 'string' && typeof parsed.options === 'object' && parsed.options !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export class SlackAdapter implements ChatAdapter {
  readonly id = 'slack';
  readonly #deps: SlackAdapterDeps;
  readonly #app: App;
  readonly #receiver: HTTPReceiver | undefined;
  readonly #pacer: ChannelPacer;
  readonly #connection: SlackConnection;
  #started = false;

  constructor(deps: SlackAdapterDeps) {
    this.#deps = deps;
    this.#pacer = new ChannelPacer(1000, deps.pacer);
    this.#connection = new SlackConnection(deps.logger);
    const { config } = deps;
    const retry = deps.retry ?? { retries: 3, minTimeout: 1000, maxTimeout: 10_000 };
    const clientOptions = { ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}), retryConfig: { ...retry, factor: 2 } };
    const common = { token: config.botToken, clientOptions, logger: boltLogger(deps.logger), deferInitialization: true } as const;
    if (config.mode === 'socket') {
      this.#receiver = undefined;
      // Built here rather than by Bolt, to follow its client's connection for /readyz.
      const socket = new SocketModeReceiver({ appToken: config.appToken!, logger: boltLogger(deps.logger), installerOptions: { clientOptions } });
      this.#connection.watchSocket(socket.client);
      this.#app = new App({ ...common, receiver: socket, socketMode: true });
    } else {
      this.#receiver = new HTTPReceiver({ signingSecret: config.signingSecret!, endpoints: SLACK_EVENTS_PATH, logger: boltLogger(deps.logger) });
      this.#app = new App({ ...common, receiver: this.#receiver });
    }
    this.#register();
  }

  /** In HTTP mode, serves Bolt's path on the service's server; false for every other path. */
  httpHandler(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.#receiver || !(req.url ?? '').startsWith(SLACK_EVENTS_PATH)) return false;
    this.#receiver.requestListener(req, res);
    return true;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#connection.starting();
    try {
      await this.#app.init(); // auth.test: a wrong token fails here
    } catch (error) {
      this.#connection.stopped();
      const code = (error as { data?: { error?: string } }).data?.error;
      throw new Error(code ? `Slack refused the bot token (${code}); check SLACK_BOT_TOKEN` : `cannot reach Slack (${(error as Error).message}); check the network or SLACK_API_URL`, { cause: error });
    }
    try {
      if (this.#deps.config.mode === 'socket') await this.#app.start();
    } catch (error) {
      this.#connection.stopped();
      throw error;
    }
    this.#connection.started();
    this.#started = true;
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#connection.stopped();
    if (this.#deps.config.mode === 'socket') await this.#app.stop();
  }

  connection(): AdapterConnection {
    return this.#connection.current();
  }

  async postDigest(destination: ChannelRef, message: Message, threadCards?: readonly ThreadCard[]): Promise<DeliveryReceipt> {
    const rendered = renderMessage(message);
    let messageId: string;
    try {
      const result = await this.#pacer.run(destination.channel, () =>
        this.#app.client.chat.postMessage({ channel: destination.channel, text: rendered.text, blocks: rendered.blocks, unfurl_links: false, unfurl_media: false }),
      );
      this.#connection.succeeded();
      messageId = String(result.ts ?? '');
    } catch (error) {
      this.#connection.failed(error);
      throw deliveryErrorFrom(error);
    }
    return threadCards === undefined ? { messageId } : { messageId, thread: await this.#postCards(destination.channel, messageId, threadCards) };
  }

  /** A direct message from the bot to one person (an alert, a personal digest): see slack-direct.ts. */
  postDirect(person: PersonRef, message: Message): Promise<DeliveryReceipt> {
    return postSlackDirect({ client: this.#app.client, pacer: this.#pacer, connection: this.#connection }, person, message);
  }

  /** Each card as a reply to the digest's header, in order; the first failure stops the rest and is reported, never thrown (the header is out). */
  async #postCards(channel: string, headerTs: string, cards: readonly ThreadCard[]): Promise<DigestThread> {
    const threads = new SlackThreads(this.#app.client, channel, this.#pacer, [headerTs]);
    const posted: Array<{ paperId: string; messageId: string }> = [];
    for (const card of cards) {
      try {
        posted.push({ paperId: card.paperId, messageId: await threads.post(headerTs, card.message) });
      } catch (error) {
        return { threadId: headerTs, cards: posted, error: (error as Error).message };
      }
    }
    return { threadId: headerTs, cards: posted };
  }

  #context(team: string | undefined, channel: string | undefined, user: { id: string; name?: string | undefined }): CommandContext {
    // Slack has no per-channel admin notion for slash commands: anyone may change a digest,
    // and every change is announced in the channel.
    return { platform: 'slack', workspace: team ?? 'unknown', channel: channel ?? 'unknown', user: { id: user.id, name: user.name ?? user.id }, now: this.#deps.clock(), canManageChannel: true };
  }

  /**
   * A file that comes with a reply (a reading list as .bib) goes to the user in a direct
   * message from the bot with files.uploadV2: a response_url cannot carry a file, and a file
   * shared in a channel is seen by everyone there, while the reply it belongs to is private.
   * The reply says where the file went, or why it could not be sent.
   */
  async #sendFile(reply: Message, user: string): Promise<Message> {
    const { file } = reply;
    if (!file) return reply;
    const note = (text: string): Message => ({ ...reply, blocks: [...reply.blocks, { type: 'note', text }] });
    try {
      const channel = await openDirectChannel(this.#app.client, user);
      await this.#app.client.filesUploadV2({ channel_id: channel, file: Buffer.from(file.content, 'utf8'), filename: file.name, title: file.name });
      return note(`Sent to you in a direct message from paperboy (Slack cannot show a file to only one person in a channel).`);
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      this.#deps.logger.warn({ source: 'slack', error: code ?? (error as Error).message }, 'Slack file upload failed');
      const why = code === 'missing_scope' ? 'paperboy lacks the files:write and im:write permissions; a Slack admin can reinstall it from the current manifest' : `Slack said: ${code ?? 'no answer'}`;
      return note(`Could not send ${file.name} (${why}). paperboy saved --bibtex on the server's command line gives the same file.`);
    }
  }

  #register(): void {
    const { commands, logger } = this.#deps;

    this.#app.command(COMMAND, async ({ command, ack, respond }) => {
      // Within Slack's 3 seconds, always: the answer follows through the response URL.
      await ack();
      const ctx = this.#context(command.team_id, command.channel_id, { id: command.user_id, name: command.user_name });
      const reply = await this.#sendFile(await commands.runText(command.text, ctx), command.user_id);
      const rendered = renderMessage(reply);
      await respond({ response_type: rendered.response_type, text: rendered.text, blocks: rendered.blocks });
    });

    this.#app.action<BlockAction<ButtonAction>>(/^papers:/, async ({ action, body, ack, respond }) => {
      await ack();
      const invocation = invocationFrom(action.value);
      const channel = body.channel?.id;
      const origin = clickOrigin(body);
      // Buttons on posted messages (a digest, a shared card) can open a thread on that message: Discuss.
      const ctx: CommandContext = {
        ...this.#context(body.team?.id, channel, { id: body.user.id, name: body.user.name ?? body.user.username }),
        ...(origin !== undefined && { origin }),
        ...(channel !== undefined && { threads: new SlackThreads(this.#app.client, channel, this.#pacer) }),
      };
      if (!invocation) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: 'That button is from an older version of paperboy; run the command again.' });
        return;
      }
      const rendered = renderMessage(await this.#sendFile(await commands.run(invocation, ctx), body.user.id));
      // A click answers beside the message it came from, never over it (a digest stays as posted).
      await respond({ response_type: rendered.response_type, replace_original: false, text: rendered.text, blocks: rendered.blocks });
    });

    this.#app.event('link_shared', async ({ event, client }) => {
      const unfurls: Record<string, { blocks: ReturnType<typeof renderUnfurl> }> = {};
      for (const link of event.links) {
        const paper = paperForLink(link.url, this.#deps.lookup);
        const pageUrl = paper && this.#deps.pageOf?.(paper.id);
        if (paper) unfurls[link.url] = { blocks: renderUnfurl({ ...fullCard(paper, false), ...(pageUrl ? { pageUrl } : {}) }) };
      }
      if (Object.keys(unfurls).length === 0) return;
      await client.chat.unfurl({ channel: event.channel, ts: event.message_ts, unfurls });
    });

    // A person's reply in a thread counts for the paper it follows (core ignores threads it did not open); the text is never looked at.
    this.#app.event('message', async ({ event, body }) => {
      const reply = humanThreadReply(event as unknown as Record<string, unknown>, body.team_id, this.#deps.clock().getTime());
      if (reply !== undefined) await commands.threadReply(reply);
    });

    this.#app.error(async (error) => {
      this.#connection.failed(error);
      logger.error({ source: 'slack', error: error.message, code: (error as { code?: string }).code }, 'Slack handler failed');
    });
  }
}
