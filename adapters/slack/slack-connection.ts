import type { Logger } from '../../src/index.js';
import type { AdapterConnection } from '../chat-adapter.js';
import { authFailureOf } from './slack-errors.js';

/**
 * What the Slack adapter knows about its link to Slack, for /readyz. Two things count:
 * - the Socket Mode connection (Socket Mode only), followed through the SocketModeClient's
 *   lifecycle events; in HTTP mode Slack calls us, so a successful start (auth.test) is all
 *   there is to know;
 * - the bot token: once any Web API call is refused with invalid_auth, token_revoked and the
 *   like, the adapter is disconnected until a call succeeds again (after a restart with a
 *   new token, in practice), and the log says what to do.
 */

/** The part of @slack/socket-mode's SocketModeClient this needs (an EventEmitter). */
export interface SocketLifecycle {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

export class SlackConnection {
  readonly #logger: Logger;
  #link: AdapterConnection = { state: 'disconnected', detail: 'not started' };
  #refused: string | undefined;
  #running = false;
  #wasConnected = false;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  current(): AdapterConnection {
    if (this.#refused && this.#link.state !== 'disconnected') return { state: 'disconnected', detail: this.#refused };
    return this.#link;
  }

  starting(): void {
    this.#running = true;
    this.#link = { state: 'connecting', detail: 'starting' };
  }

  /** Start done: HTTP mode is connected from here; Socket Mode already said so through its events. */
  started(): void {
    this.#link = { state: 'connected' };
  }

  stopped(): void {
    this.#running = false;
    this.#link = { state: 'disconnected', detail: 'stopped' };
  }

  /**
   * Follows a SocketModeClient. It emits `close` when the socket drops, waits, then
   * `reconnecting` and `connecting`, and `connected` on Slack's hello; `disconnected` only
   * when it gives up or is stopped.
   */
  watchSocket(client: SocketLifecycle): void {
    client.on('connecting', () => {
      if (this.#running && this.#link.state !== 'connected') this.#link = { state: 'connecting', detail: 'opening the Socket Mode connection' };
    });
    client.on('connected', () => {
      if (!this.#running) return;
      if (this.#wasConnected) this.#logger.info({ source: 'slack' }, 'Slack Socket Mode connection back');
      this.#wasConnected = true;
      this.#link = { state: 'connected' };
    });
    client.on('close', () => {
      if (!this.#running) return;
      this.#logger.warn({ source: 'slack' }, 'Slack Socket Mode connection lost; reconnecting');
      this.#link = { state: 'connecting', detail: 'Socket Mode connection lost; reconnecting' };
    });
    client.on('reconnecting', () => {
      if (this.#running) this.#link = { state: 'connecting', detail: 'reconnecting to Slack (Socket Mode)' };
    });
    client.on('disconnected', (error) => {
      if (!this.#running) return;
      const why = error instanceof Error ? error.message : 'closed';
      this.#link = { state: 'disconnected', detail: `Socket Mode connection closed (${why}); restart paperboy, and check SLACK_APP_TOKEN if it recurs` };
    });
  }

  /** Looks at a failed Web API call: a refused token disconnects the adapter (logged once, with what to do). */
  failed(error: unknown): void {
    const refused = authFailureOf(error);
    if (!refused) return;
    const detail = `Slack refused the bot token (${refused.code}): ${refused.fix}, then restart paperboy`;
    if (this.#refused !== detail) this.#logger.error({ source: 'slack', code: refused.code }, `${detail}; until then /readyz answers 503 and digests to Slack fail`);
    this.#refused = detail;
  }

  /** A Web API call worked: the token is good (again). */
  succeeded(): void {
    if (this.#refused === undefined) return;
    this.#refused = undefined;
    this.#logger.info({ source: 'slack' }, 'Slack accepts the bot token again');
  }
}
