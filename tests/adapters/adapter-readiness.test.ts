import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { shippedCollection } from '../helpers/shipped-corpus.js';
import type { CommandContext } from '../../src/index.js';
import { startDiscordHarness, type DiscordHarness } from '../helpers/discord-harness.js';
import { startSlackHarness, type SlackHarness } from '../helpers/slack-harness.js';

/**
 * /readyz follows each chat adapter's link to its platform, with the real Bolt and
 * discord.js against the loopback fakes: a token revoked while running, or a gateway that
 * closes for good, turns readiness 503 naming the adapter, and the log says what to do; a
 * connection the SDK restores by itself turns it back to 200.
 */
type Readiness = { status: string; checks: { adapters: Record<string, { state: string; detail?: string }> } };

let slack: SlackHarness | undefined;
let discord: DiscordHarness | undefined;
afterEach(async () => {
  await slack?.close();
  await discord?.close();
  slack = undefined;
  discord = undefined;
});

async function readyz(base: string): Promise<{ status: number; body: Readiness }> {
  const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1_500) });
  return { status: res.status, body: (await res.json()) as Readiness };
}

/** Polls /readyz until `adapter` is in `state` (the SDK's events arrive when they arrive). */
async function untilAdapter(base: string, adapter: string, state: string): Promise<{ status: number; body: Readiness }> {
  for (;;) {
    const answer = await readyz(base);
    if (answer.body.checks.adapters[adapter]?.state === state) return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const slackCtx: CommandContext = { platform: 'slack', workspace: 'T0001', channel: 'C0001', user: { id: 'U0001', name: 'Ada' }, now: new Date('2026-11-27T06:00:00Z'), canManageChannel: true };

describe('Slack in /readyz', () => {
  it('HTTP mode: connected once started; a token revoked while running turns readiness 503 naming slack, with what to do', async () => {
    slack = await startSlackHarness('http');
    const base = slack.service.service.url;
    expect(await readyz(base)).toMatchObject({ status: 200, body: { status: 'ready', checks: { adapters: { slack: { state: 'connected' } } } } });

    await slack.service.service.commands.runText('subscribe 09:00 UTC daily 3', slackCtx);
    slack.api.revokeTokens();
    slack.service.at('2026-11-27T09:00:00Z');
    const report = await slack.service.tick();
    expect(report.failed).toEqual([expect.objectContaining({ permanent: true, reason: expect.stringMatching(/token_revoked/) })]);

    const answer = await readyz(base);
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ status: 'not-ready', checks: { adapters: { slack: { state: 'disconnected' } } } });
    const what = 'Slack refused the bot token (token_revoked): the app was uninstalled or its token revoked; reinstall it and update SLACK_BOT_TOKEN, then restart paperboy';
    expect(answer.body.checks.adapters.slack!.detail).toBe(what);
    expect(slack.logged).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringContaining(what) }));
  });

  it('Socket Mode: a revoked token seen while answering an event (a link card) turns readiness 503', async () => {
    slack = await startSlackHarness('socket', {
      before: async (dataDir) => {
        const storage = SqliteStorage.open(join(dataDir, 'paperboy.sqlite'));
        await storage.savePapers([{ ...[...shippedCollection().all()][0]!, id: '2503.24322', arxivId: '2503.24322' }], 0);
        await storage.close();
      },
    });
    const base = slack.service.service.url;
    expect(await readyz(base)).toMatchObject({ status: 200, body: { checks: { adapters: { slack: { state: 'connected' } } } } });
    slack.api.revokeTokens();
    const links = [{ domain: 'arxiv.org', url: 'https://arxiv.org/abs/2503.24322' }];
    await slack.event({ type: 'link_shared', channel: 'C0001', user: 'U0001', message_ts: '1700000009.000100', links, event_ts: '1700000009.000200' });
    const answer = await untilAdapter(base, 'slack', 'disconnected');
    expect(answer.status).toBe(503);
    expect(answer.body.checks.adapters.slack!.detail).toMatch(/^Slack refused the bot token \(token_revoked\)/);
  });

  it('Socket Mode: a dropped connection is "connecting" (503) until the client reconnects by itself, then ready again', async () => {
    slack = await startSlackHarness('socket');
    const base = slack.service.service.url;
    const socket = slack.socket!;
    expect((await readyz(base)).status).toBe(200);
    socket.dropConnections();
    const lost = await untilAdapter(base, 'slack', 'connecting');
    expect(lost.status).toBe(503);
    expect(lost.body.checks.adapters.slack!.detail).toMatch(/reconnecting/);
    await socket.waitForConnection(2, 30_000);
    expect((await untilAdapter(base, 'slack', 'connected')).status).toBe(200);
    expect(slack.logged.map((l) => l.message)).toEqual(expect.arrayContaining(['Slack Socket Mode connection lost; reconnecting', 'Slack Socket Mode connection back']));
  });
});

describe('Discord in /readyz', () => {
  it('connected once ready; ready again after a resumed drop; a gateway closed for good (4004) turns readiness 503 naming discord, with what to do', async () => {
    discord = await startDiscordHarness();
    const base = discord.service.service.url;
    expect(await readyz(base)).toMatchObject({ status: 200, body: { checks: { adapters: { discord: { state: 'connected' } } } } });

    await discord.fake.dropConnection(); // discord.js resumes by itself
    expect((await untilAdapter(base, 'discord', 'connected')).status).toBe(200);

    discord.fake.closeConnection(4004); // Authentication failed: the token was reset
    const answer = await untilAdapter(base, 'discord', 'disconnected');
    expect(answer.status).toBe(503);
    expect(answer.body.checks.adapters.discord!.detail).toBe('gateway closed for good (code 4004): Discord refused the bot token; check DISCORD_TOKEN and restart');
    expect(discord.logged).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/code 4004\): Discord refused the bot token; check DISCORD_TOKEN and restart/) }));
  });
});
