import { SlackAdapter } from '../../adapters/slack/slack-adapter.js';
import { ephemeralWebSettings } from '../../adapters/web/web-settings.js';
import type { SlackConfig } from '../../adapters/service/config.js';
import { FakeSlackApi, FakeSocketMode, interactionBody, postSigned, eventBody, slashCommandBody, type SentResult } from '../fakes/slack/index.js';
import { startServiceHarness, type ServiceHarness } from './service-harness.js';
import { recordingLogger } from './command-harness.js';

/**
 * The real service with the real Slack adapter (real Bolt) talking to a fake Slack on
 * loopback: commands, clicks and events arrive the way Slack sends them (signed HTTP, or
 * Socket Mode envelopes), and everything the adapter sends lands in the fake.
 */
export const SIGNING_SECRET = '8f742231b10e8888abcd99eeef85a5aa';

export interface SlackWhere {
  readonly team?: string;
  readonly channel?: string;
  readonly user?: string;
}

export interface SlackHarness {
  readonly api: FakeSlackApi;
  readonly socket: FakeSocketMode | undefined;
  readonly service: ServiceHarness;
  readonly eventsUrl: string;
  /** The Slack adapter the service runs. */
  readonly adapter: SlackAdapter;
  /** What the Slack adapter logged. */
  readonly logged: Array<{ level: string; fields: Record<string, unknown>; message: string }>;
  /** Sends `/papers <text>`; resolves with the ack and the answer posted to the response URL. */
  command(text: string, where?: SlackWhere): Promise<{ ack: { status: number; ms: number }; answer: Record<string, unknown> }>;
  /**
   * Clicks a button whose value is `value` (as rendered) on the message `messageTs` (in the thread on `threadTs`);
   * resolves with the answer to the response URL.
   */
  click(actionId: string, value: string, where?: SlackWhere & { messageTs?: string; threadTs?: string }): Promise<Record<string, unknown>>;
  /** Delivers an Events API event. */
  event(event: Record<string, unknown>): Promise<{ status: number }>;
  /** A person posts `text` in `channel` (as a reply in the thread on `threadTs` when given); Slack stores it and sends the app its `message` event. */
  userPosts(channel: string, text: string, threadTs?: string, user?: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export type SlackButton = { action_id: string; value: string; text: { text: string } };

/** The buttons of a Slack message body, in order. */
export const slackButtons = (body: Record<string, unknown>): SlackButton[] =>
  ((body.blocks as Array<{ type: string; elements?: SlackButton[] }>) ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

/** Plain text of a Slack message body, entities decoded, as a person would read it. */
export function slackText(body: Record<string, unknown>): string {
  const parts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (typeof n.text === 'string') parts.push(n.text);
      for (const [key, value] of Object.entries(n)) if (key !== 'text' && key !== 'value') visit(value);
      if (n.text && typeof n.text === 'object') visit(n.text);
    }
  };
  visit(body.blocks ?? []);
  if (parts.length === 0 && typeof body.text === 'string') parts.push(body.text);
  return parts
    .join('\n')
    .replace(/\u2060/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export async function startSlackHarness(mode: 'http' | 'socket', options: { start?: string; before?: (dataDir: string) => Promise<void>; publicUrl?: string } = {}): Promise<SlackHarness> {
  const socket = mode === 'socket' ? await FakeSocketMode.start() : undefined;
  const api = await FakeSlackApi.start(socket ? { socketMode: socket } : {});
  const config: SlackConfig = {
    mode,
    botToken: 'xoxb-test-token',
    signingSecret: mode === 'http' ? SIGNING_SECRET : undefined,
    appToken: mode === 'socket' ? 'xapp-test-token' : undefined,
    apiUrl: api.url,
  };
  const logged: SlackHarness['logged'] = [];
  let adapter: SlackAdapter | undefined;
  const { publicUrl, ...serviceOptions } = options;
  const service = await startServiceHarness({
    ...serviceOptions,
    // PAPERBOY_PUBLIC_URL: cards link to the team's paper pages there.
    ...(publicUrl ? { config: { web: ephemeralWebSettings(publicUrl) } } : {}),
    adapters: ({ commands, paperboy, pageOf }) => [
      (adapter = new SlackAdapter({
        config,
        commands,
        lookup: (ref) => paperboy.papers.get(ref),
        logger: recordingLogger(logged),
        clock: () => new Date('2026-11-27T06:00:00Z'),
        retry: { retries: 4, minTimeout: 10, maxTimeout: 50 },
        pacer: { now: () => Date.now(), sleep: async () => {} },
        pageOf,
      })),
    ],
  });
  const eventsUrl = `${service.service.url}/slack/events`;
  const where = (w: SlackWhere = {}) => ({ team_id: w.team ?? 'T0001', channel_id: w.channel ?? 'C0001', user_id: w.user ?? 'U0001' });

  const deliver = async (event: Record<string, unknown>): Promise<{ status: number }> => {
    if (socket) {
      await socket.event(event);
      return { status: 200 };
    }
    return postSigned(eventsUrl, SIGNING_SECRET, eventBody(event));
  };

  return {
    api,
    socket,
    service,
    eventsUrl,
    adapter: adapter!,
    logged,
    async command(text, w = {}) {
      const responseUrl = api.newResponseUrl(where(w).channel_id);
      const fields = { ...where(w), text, response_url: responseUrl };
      let ack: { status: number; ms: number };
      if (socket) {
        const started = performance.now();
        await socket.slashCommand(fields);
        ack = { status: 200, ms: performance.now() - started };
      } else {
        const sent: SentResult = await postSigned(eventsUrl, SIGNING_SECRET, slashCommandBody(fields));
        ack = { status: sent.status, ms: sent.ms };
      }
      const answer = await api.waitFor(() => api.responsesTo(responseUrl)[0], 5000);
      return { ack, answer };
    },
    async click(actionId, value, w = {}) {
      const ids = where(w);
      const responseUrl = api.newResponseUrl(ids.channel_id);
      const payload = {
        type: 'block_actions',
        team: { id: ids.team_id, domain: 'paperboy-test' },
        user: { id: ids.user_id, username: 'alice', name: 'alice', team_id: ids.team_id },
        api_app_id: 'A0001',
        token: 'verification-token-unused',
        container: {
          type: 'message',
          message_ts: w.messageTs ?? '1700000001.000100',
          channel_id: ids.channel_id,
          is_ephemeral: false,
          ...(w.threadTs !== undefined && { thread_ts: w.threadTs }),
        },
        trigger_id: '1.2.3',
        channel: { id: ids.channel_id, name: 'papers' },
        message: { type: 'message', ts: w.messageTs ?? '1700000001.000100', text: 'x', blocks: [], ...(w.threadTs !== undefined && { thread_ts: w.threadTs }) },
        response_url: responseUrl,
        actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, action_ts: '1700000002.000200' }],
      };
      if (socket) await socket.interaction(payload);
      else await postSigned(eventsUrl, SIGNING_SECRET, interactionBody(payload));
      return api.waitFor(() => api.responsesTo(responseUrl)[0], 5000);
    },
    event: deliver,
    async userPosts(channel, text, threadTs, user = 'U0002') {
      const event = api.postAsUser(channel, user, text, threadTs);
      await deliver(event);
      return event;
    },
    async close() {
      await service.close();
      await api.close();
      await socket?.close();
    },
  };
}
