import { describe, expect, it } from 'vitest';
import { ChannelPacer } from '../../adapters/slack/channel-pacer.js';
import { deliveryErrorFrom } from '../../adapters/slack/slack-errors.js';

/** A clock that only moves when something sleeps on it. */
function manualClock() {
  let now = 0;
  return { clock: { now: () => now, sleep: async (ms: number) => void (now += ms) }, now: () => now };
}

describe('ChannelPacer', () => {
  it('spaces posts to one channel a second apart, in order', async () => {
    const { clock } = manualClock();
    const pacer = new ChannelPacer(1000, clock);
    const sentAt: Array<[string, number]> = [];
    await Promise.all(['a', 'b', 'c'].map((m) => pacer.run('C1', async () => void sentAt.push([m, clock.now()]))));
    expect(sentAt).toEqual([
      ['a', 0],
      ['b', 1000],
      ['c', 2000],
    ]);
  });

  it('does not make other channels wait, and survives a failed send', async () => {
    const { clock } = manualClock();
    const pacer = new ChannelPacer(1000, clock);
    const failing = pacer.run('C1', async () => {
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    const other = await pacer.run('C2', async () => clock.now());
    expect(other).toBe(0);
    expect(await pacer.run('C1', async () => 'after')).toBe('after');
  });
});

describe('Slack errors as delivery failures', () => {
  const platform = (error: string, needed?: string) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error, ...(needed ? { needed } : {}) } });

  it.each(['not_in_channel', 'channel_not_found', 'is_archived', 'missing_scope', 'invalid_auth', 'token_revoked'])('treats %s as permanent, with advice', (code) => {
    const error = deliveryErrorFrom(platform(code, code === 'missing_scope' ? 'chat:write' : undefined));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(new RegExp(`^Slack: ${code}.*: .+`));
  });

  it('treats rate limits, 5xx, unknown platform errors and network failures as transient', () => {
    expect(deliveryErrorFrom({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 })).toMatchObject({ permanent: false, retryAfterMs: 7000 });
    expect(deliveryErrorFrom({ code: 'slack_webapi_http_error', statusCode: 503 })).toMatchObject({ permanent: false, message: 'Slack: HTTP 503' });
    expect(deliveryErrorFrom(platform('internal_error'))).toMatchObject({ permanent: false, message: 'Slack: internal_error' });
    expect(deliveryErrorFrom(new Error('A rate limit was exceeded'))).toMatchObject({ permanent: false });
  });
});
