import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { REST, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveryErrorFrom as discordFailure } from '../../adapters/discord/discord-errors.js';
import { deliveryErrorFrom as slackFailure } from '../../adapters/slack/slack-errors.js';

/**
 * The errors the real SDKs throw, from a loopback server answering as Slack's Web API or
 * Discord's REST API would, classified as the digest scheduler needs them: permanent (a
 * person must fix something, and the reason says what) or transient (try again later).
 */
let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (s) await new Promise((resolve) => s.close(resolve));
});

async function answering(reply: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = createServer((req, res) => {
    req.resume();
    req.on('end', () => reply(req, res));
  });
  server = s;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };

/** A port nothing listens on: the connection is refused. */
async function closedPort(): Promise<string> {
  const base = await answering(json(200, {}));
  const s = server!;
  server = undefined;
  await new Promise((resolve) => s.close(resolve));
  return base;
}

async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

describe('Slack Web API errors, as @slack/web-api throws them', () => {
  const post = (base: string) => {
    const client = new webApi.WebClient('xoxb-test', {
      slackApiUrl: `${base}/api/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: webApi.LogLevel.ERROR,
    });
    return thrown(() => client.chat.postMessage({ channel: 'C1', text: 'digest' }));
  };

  it.each([
    ['not_in_channel', {}, 'Slack: not_in_channel: the bot is not in this channel; invite it with /invite @paperboy'],
    ['missing_scope', { needed: 'chat:write' }, 'Slack: missing_scope (needs chat:write): the app lacks a permission; reinstall it from the manifest (adapters/slack/manifest.yml)'],
    ['token_revoked', {}, 'Slack: token_revoked: the app was uninstalled or its token revoked; reinstall it and update SLACK_BOT_TOKEN'],
  ])('%s is permanent, with what to do', async (code, extra, message) => {
    const error = await post(await answering(json(200, { ok: false, error: code, ...extra })));
    expect(error).toBeInstanceOf(webApi.WebAPIPlatformError);
    expect(slackFailure(error)).toMatchObject({ permanent: true, message });
  });

  it('an unknown platform error, a rate limit, a 5xx and a refused connection are transient', async () => {
    expect(slackFailure(await post(await answering(json(200, { ok: false, error: 'internal_error' }))))).toMatchObject({ permanent: false, message: 'Slack: internal_error' });

    const limited = await post(await answering(json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' })));
    expect(limited).toBeInstanceOf(webApi.WebAPIRateLimitedError);
    expect(slackFailure(limited)).toMatchObject({ permanent: false, message: 'Slack: rate limited', retryAfterMs: 7000 });

    const down = await post(await answering(json(503, { ok: false })));
    expect(down).toBeInstanceOf(webApi.WebAPIHTTPError);
    expect(slackFailure(down)).toMatchObject({ permanent: false, message: 'Slack: HTTP 503' });

    const refused = await post(await closedPort());
    expect(refused).toBeInstanceOf(webApi.WebAPIRequestError);
    expect(slackFailure(refused)).toMatchObject({ permanent: false });
    expect(slackFailure(refused).message).toMatch(/^Slack: cannot reach Slack \(.*ECONNREFUSED.*\); retrying$/);
  });
});

describe('Discord REST errors, as @discordjs/rest throws them', () => {
  const send = (base: string) => {
    const rest = new REST({ api: `${base}/api`, retries: 0, rejectOnRateLimit: () => true, timeout: 30_000 }).setToken('test-token');
    return thrown(() => rest.post(Routes.channelMessages('300000000000000002'), { body: { content: 'digest' } }));
  };

  it.each([
    [404, 10003, 'Unknown Channel', 'Discord: Unknown Channel (10003): the channel is gone; subscribe again in a channel that exists'],
    [403, 50001, 'Missing Access', 'Discord: Missing Access (50001): the bot cannot see this channel; give paperboy View Channel there (channel settings → Permissions)'],
    [403, 50013, 'Missing Permissions', 'Discord: Missing Permissions (50013): the bot may not post here; give paperboy Send Messages and Embed Links in this channel'],
    [401, 0, '401: Unauthorized', 'Discord: 401 Unauthorized: the bot token is not valid; check DISCORD_TOKEN'],
  ])('HTTP %i code %i is permanent, with what to do', async (status, code, text, message) => {
    const error = await send(await answering(json(status, { code, message: text })));
    expect((error as Error).name).toMatch(/^DiscordAPIError/);
    expect(discordFailure(error)).toMatchObject({ permanent: true, message });
  });

  it('an unknown code, a rate limit, a 5xx and a refused connection are transient', async () => {
    expect(discordFailure(await send(await answering(json(400, { code: 130000, message: 'API resource overloaded' }))))).toMatchObject({
      permanent: false,
      message: 'Discord: API resource overloaded (130000)',
    });

    const limited = await send(await answering(json(429, { message: 'You are being rate limited.', retry_after: 2.5, global: false }, { 'retry-after': '3', 'x-ratelimit-scope': 'user' })));
    expect((limited as Error).name).toMatch(/^RateLimitError/);
    const failure = discordFailure(limited);
    expect(failure).toMatchObject({ permanent: false, message: 'Discord: rate limited' });
    expect(failure.retryAfterMs).toBeGreaterThanOrEqual(2500);

    const down = await send(await answering((_req, res) => res.writeHead(502).end('Bad Gateway')));
    expect((down as Error).name).toBe('HTTPError');
    expect(discordFailure(down)).toMatchObject({ permanent: false, message: 'Discord: HTTP 502' });

    const refused = await send(await closedPort());
    expect(discordFailure(refused)).toMatchObject({ permanent: false });
    expect(discordFailure(refused).message).toMatch(/^Discord: /);
  });
});
