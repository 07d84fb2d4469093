import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelPacer } from '../../adapters/slack/channel-pacer.js';
import { SlackConnection } from '../../adapters/slack/slack-connection.js';
import { directDeliveryError, postSlackDirect } from '../../adapters/slack/slack-direct.js';
import { DeliveryError, silentLogger, type PersonRef } from '../../src/index.js';
import { directChannelOf, FakeSlackApi } from '../fakes/slack/index.js';
import { alertActions, alertMessage, card } from '../helpers/message-fixtures.js';
import { shippedCollection } from '../helpers/shipped-corpus.js';
import { slackButtons, slackText, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.js';

/** Direct messages (alerts, personal digests) through the real Bolt adapter into the fake Slack. */
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ada: PersonRef = { platform: 'slack', workspace: 'T0001', user: 'U0001' };
const noprop = [...shippedCollection().all()][0]!;
const nopropCard = card({ paperId: noprop.id, title: noprop.title, ...(noprop.url !== undefined && { url: noprop.url }), why: 'author Yann LeCun (as “Y. LeCun”)', actions: alertActions(noprop.id) });

/** The rejection of `sending`, which must be a DeliveryError. */
async function refusal(sending: Promise<unknown>): Promise<DeliveryError> {
  const error = await sending.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('Slack direct messages', () => {
  it('opens the DM with the person and posts the message there, rendered like a digest, with working buttons', async () => {
    h = await startSlackHarness('http');
    const receipt = await h.adapter.postDirect(ada, alertMessage([nopropCard]));
    expect(h.api.callsTo('conversations.open').map((c) => c.args.users)).toEqual(['U0001']);
    const [dm, ...more] = h.api.directMessagesTo('U0001');
    expect(more).toEqual([]);
    expect(receipt.messageId).toBe(h.api.callsTo('chat.postMessage').find((c) => c.ok)?.ts);
    expect(slackText(dm!)).toMatch(/^New papers for you\n/);
    expect(slackText(dm!)).toContain(noprop.title);
    expect(slackText(dm!)).toMatch(/author Yann LeCun \(as “Y\. LeCun”\)/);
    expect(dm!.unfurl_links).toBe('false');
    // Nothing went anywhere but the DM.
    expect(h.api.callsTo('chat.postMessage').map((c) => c.args.channel)).toEqual([directChannelOf('U0001')]);
    // Save on the alert saves the paper for the person who got it.
    const save = slackButtons(dm!).find((b) => b.text.text === 'Save')!;
    expect(slackText(await h.click(save.action_id, save.value, { channel: directChannelOf('U0001'), user: 'U0001', messageTs: receipt.messageId }))).toMatch(/^Saved “/);
    expect(await h.service.service.storage.savedPaperIds('slack', 'T0001', 'U0001')).toEqual([noprop.id]);
  });

  it('cannot ping anyone, whatever a title, reason or heading holds', async () => {
    h = await startSlackHarness('http');
    const hostile = '<!channel> @everyone <@U0002> <script>alert(1)</script> *bold* `code`';
    await h.adapter.postDirect(ada, alertMessage([card({ title: hostile, why: `topic: ${hostile}`, actions: alertActions('p1') })], `New papers <!here> ${hostile}`));
    const [dm] = h.api.directMessagesTo('U0001');
    expect(slackText(dm!)).toContain(hostile);
    expect(JSON.stringify(dm)).not.toMatch(/<!channel>|<!here>|<@U0002>|<script>/);
    expect(h.api.findUnescapedMentions()).toEqual([]);
    expect(h.api.violations).toEqual([]);
  });

  it('keeps unicode as written', async () => {
    h = await startSlackHarness('http');
    const title = 'Über モデル 🚀: 拡散トランスフォーマー — “quoted” ñ';
    await h.adapter.postDirect(ada, alertMessage([card({ title, why: 'topic: モデル', actions: alertActions('p1') })]));
    expect(slackText(h.api.directMessagesTo('U0001')[0]!)).toContain(title);
  });

  it.each([
    ['who left the workspace', 'missing', 'user_not_found', /^Slack: user_not_found: Slack knows no such user in this workspace/],
    ['whose account is deactivated', 'deactivated', 'user_disabled', /^Slack: user_disabled: the Slack account is deactivated/],
    ['the bot may not see', 'hidden', 'user_not_visible', /^Slack: user_not_visible: a workspace restriction hides this user/],
    ['who is a bot', 'bot', 'cannot_dm_bot', /^Slack: cannot_dm_bot: this user is a bot/],
  ] as const)('gives up for good on a person %s (%s), saying so, and posts nothing', async (_who, state, code, says) => {
    h = await startSlackHarness('http');
    h.api.directs.setUser('U0009', state);
    const error = await refusal(h.adapter.postDirect({ ...ada, user: 'U0009' }, alertMessage([nopropCard])));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(says);
    expect(h.api.callsTo('conversations.open').map((c) => c.error)).toEqual([code]);
    expect(h.api.callsTo('chat.postMessage')).toEqual([]);
    // Someone else is still reached.
    await h.adapter.postDirect(ada, alertMessage([nopropCard]));
    expect(h.api.directMessagesTo('U0001')).toHaveLength(1);
  });

  it('does not blame the person when the app’s Messages tab is off: transient, saying how to turn it on', async () => {
    h = await startSlackHarness('http');
    h.api.directs.setMessagesTab(false);
    const error = await refusal(h.adapter.postDirect(ada, alertMessage([nopropCard])));
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(
      /^Slack: messages_tab_disabled: .*turn on App Home › Messages Tab \(messages_tab_enabled in adapters\/slack\/manifest\.yml\) and reinstall; direct messages wait until then$/,
    );
    expect(h.api.directMessagesTo('U0001')).toEqual([]);
  });

  it('does not blame the person without im:write: transient, saying to reinstall from the manifest', async () => {
    h = await startSlackHarness('http');
    h.api.failNext('conversations.open', { ok: false, error: 'missing_scope', needed: 'im:write', provided: 'commands,chat:write' });
    const error = await refusal(h.adapter.postDirect(ada, alertMessage([nopropCard])));
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(/^Slack: missing_scope \(needs im:write\): paperboy lacks the im:write permission .*reinstall it from the current manifest/);
  });

  it('does not blame the person for a revoked bot token: transient, and the adapter reports the token', async () => {
    h = await startSlackHarness('http');
    h.api.revokeTokens();
    const error = await refusal(h.adapter.postDirect(ada, alertMessage([nopropCard])));
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(/^Slack: token_revoked: .*reinstall it and update SLACK_BOT_TOKEN; direct messages wait until then/);
    expect(h.adapter.connection()).toMatchObject({ state: 'disconnected', detail: expect.stringMatching(/token_revoked/) });
  });

  it('waits out a 429 on the DM post (Retry-After) and delivers once', async () => {
    h = await startSlackHarness('http');
    h.api.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, { channel: directChannelOf('U0001') });
    await h.adapter.postDirect(ada, alertMessage([nopropCard]));
    expect(h.api.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(h.api.directMessagesTo('U0001')).toHaveLength(1);
  });

  it('reports Slack’s 5xx that outlast the retries as transient', async () => {
    h = await startSlackHarness('http');
    h.api.failNext('chat.postMessage', { status: 503 }, { channel: directChannelOf('U0001'), times: 10 });
    const error = await refusal(h.adapter.postDirect(ada, alertMessage([nopropCard])));
    expect(error).toMatchObject({ permanent: false, message: 'Slack: HTTP 503' });
    expect(h.api.directMessagesTo('U0001')).toEqual([]);
  });
});

describe('Slack direct messages, Socket Mode', () => {
  it('go out through the Web API as in HTTP mode', async () => {
    h = await startSlackHarness('socket');
    await h.adapter.postDirect(ada, alertMessage([nopropCard]));
    expect(slackText(h.api.directMessagesTo('U0001')[0]!)).toContain(noprop.title);
  });
});

describe('postSlackDirect', () => {
  it('paces posts per DM channel like every other post: a second DM to one person waits, another person’s does not', async () => {
    const api = await FakeSlackApi.start();
    try {
      let now = 0;
      const slept: number[] = [];
      const pacer = new ChannelPacer(1000, {
        now: () => now,
        sleep: async (ms) => {
          slept.push(ms);
          now += ms;
        },
      });
      const deps = { client: new webApi.WebClient('xoxb-test', { slackApiUrl: api.url, retryConfig: { retries: 0 } }), pacer, connection: new SlackConnection(silentLogger) };
      await postSlackDirect(deps, ada, alertMessage([nopropCard]));
      await postSlackDirect(deps, { ...ada, user: 'U0002' }, alertMessage([nopropCard]));
      expect(slept).toEqual([]);
      await postSlackDirect(deps, ada, alertMessage([nopropCard]));
      expect(slept).toEqual([1000]);
      expect(api.directMessagesTo('U0001')).toHaveLength(2);
      expect(api.directMessagesTo('U0002')).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it('keeps Slack’s Retry-After on a rate limit that reaches it', () => {
    expect(directDeliveryError({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 })).toMatchObject({ permanent: false, retryAfterMs: 7000 });
    expect(directDeliveryError(new Error('socket hang up'))).toMatchObject({ permanent: false });
  });

  it('marks only the person’s own state permanent: a message Slack refuses or a workspace policy is retried, not blamed on them', () => {
    const refused = (error: string) => directDeliveryError({ code: 'slack_webapi_platform_error', data: { ok: false, error } });
    for (const code of ['user_not_found', 'user_disabled', 'user_not_visible', 'cannot_dm_bot', 'channel_not_found']) expect(refused(code).permanent).toBe(true);
    for (const code of ['invalid_blocks', 'msg_too_long', 'restricted_action', 'ekm_access_denied', 'access_denied', 'team_access_not_granted']) expect(refused(code).permanent).toBe(false);
  });
});
