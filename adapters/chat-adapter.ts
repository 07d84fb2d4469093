import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChannelRef, Message, PersonRef } from '../src/index.js';

/**
 * The contract every chat platform implements (console, Slack, Discord). Inbound commands
 * go the other way: an adapter hands them to the CommandService it was built with,
 * acknowledging first where the platform has a deadline, and renders the reply.
 *
 * - `start()` and `stop()` are idempotent; `stop()` lets in-flight replies finish.
 * - `postDigest` resolves with the platform's message id, or rejects with a DeliveryError
 *   saying whether the failure is permanent (channel gone, no permission) or transient.
 * - `connection()` answers at once from what the adapter last saw (no network call): the
 *   service's readiness check (/readyz) reports it, so a replica whose bot cannot hear its
 *   platform is taken out of rotation.
 */
export interface DeliveryReceipt {
  readonly messageId: string;
  /** With thread cards: the thread opened on the message and each card posted in it (those that went out). */
  readonly thread?: DigestThread;
}

/** One paper's card for a `threads: on` digest, posted as a reply in the digest message's thread. */
export interface ThreadCard {
  readonly paperId: string;
  readonly message: Message;
}

export interface DigestThread {
  readonly threadId: string;
  readonly cards: ReadonlyArray<{ readonly paperId: string; readonly messageId: string }>;
  /** Why some cards did not go out (no permission to create threads…); the message itself was posted, so the digest is not lost. */
  readonly error?: string;
}

/**
 * Whether the adapter can hear its platform: `connected`; `connecting` (starting, or the SDK
 * is reconnecting by itself); `disconnected` (stopped, or it will not recover without a
 * person: a revoked token). `detail` says why and what to do, for the operator.
 */
export type ConnectionState = 'connected' | 'connecting' | 'disconnected';

export interface AdapterConnection {
  readonly state: ConnectionState;
  readonly detail?: string;
}

export interface ChatAdapter {
  /** The platform name subscriptions carry: `console`, `slack`, `discord`. */
  readonly id: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Posts a digest. With `threadCards` (a `threads: on` subscription), `message` is the short
   * header and each card follows as a reply in its thread; cards that fail are reported in
   * the receipt, never thrown, once the header is out.
   */
  postDigest(destination: ChannelRef, message: Message, threadCards?: readonly ThreadCard[]): Promise<DeliveryReceipt>;
  /**
   * Sends a direct message to one person (alerts, a personal digest): Slack opens the DM
   * with `conversations.open`, Discord creates the user's DM channel. Rejects with a
   * DeliveryError, permanent when the person cannot be reached (DMs blocked, left the
   * workspace, deactivated), so they are marked and skipped rather than retried.
   */
  postDirect(person: PersonRef, message: Message): Promise<DeliveryReceipt>;
  /** The platform connection as last seen; cheap and synchronous. */
  connection(): AdapterConnection;
  /** Platforms that call us over HTTP (Slack's Events API) answer their paths on the service's server; false for any other path. */
  httpHandler?(req: IncomingMessage, res: ServerResponse): boolean;
}
