import type { Message } from '../messages/message.js';
import { textMessage } from '../messages/message.js';
import { personalChannel } from '../personal/person.js';
import type { QuietHours } from '../personal/preferences.js';
import { fail, ok, type Result } from '../result.js';
import { normalizeTime } from '../subscriptions/subscription.js';
import { askerOf, type CommandContext, type CommandServices } from './command-context.js';
import { describeQuiet } from './following-command.js';
import { timeZoneFrom } from './subscription-commands.js';

/**
 * `/papers quiet 22:00-08:00 Europe/Berlin`: hours in which alerts wait (they come together
 * when the hours end); `quiet off` removes them, `quiet` alone says what is set. A range
 * may cross midnight. The zone defaults to the one set before, else the personal digest's,
 * else UTC (and then the reply says so).
 */
export interface QuietOptions {
  readonly hours?: string | undefined;
  readonly timezone?: string | undefined;
  readonly off?: 'yes' | undefined;
}

const EXAMPLE = '/papers quiet 22:00-08:00 Europe/Berlin';
const RANGE = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(?:-|–|—|\bto\b)\s*(\d{1,2})(?:[:.h](\d{2}))?$/i;

/** `22:00-08:00`, `22-8`, `22.30 – 7.00`, `22:00 to 08:00` as start and end `HH:MM`. */
export function parseQuietRange(text: string): Result<{ start: string; end: string }> {
  const m = RANGE.exec(text.trim());
  if (!m) return fail('bad_argument', `“${text.slice(0, 40)}” is not a range of hours; give from-to in 24-hour time, e.g. ${EXAMPLE}, or /papers quiet off.`);
  const [start, end] = [`${m[1]}:${m[2] ?? '00'}`, `${m[3]}:${m[4] ?? '00'}`];
  const [from, to] = [normalizeTime(start), normalizeTime(end)];
  if (!from || !to) return fail('bad_argument', `“${from ? end : start}” is not a time of day; use 00:00 to 23:59, e.g. ${EXAMPLE}.`);
  if (from === to) return fail('bad_argument', `Quiet from ${from} to ${to} would hold alerts all day and night; give a range such as 22:00-08:00. To get no alerts at all, /papers unfollow all.`);
  return ok({ start: from, end: to });
}

async function zoneFor(services: CommandServices, ctx: CommandContext, typed: string | undefined, before: QuietHours | undefined): Promise<Result<{ timezone: string; assumed: boolean }>> {
  if (typed !== undefined) {
    const zone = timeZoneFrom(typed);
    return zone.ok ? ok({ timezone: zone.value, assumed: false }) : zone;
  }
  if (before) return ok({ timezone: before.timezone, assumed: false });
  const digest = await services.storage.getSubscription({ ...personalChannel(askerOf(ctx)), kind: 'daily' });
  return ok({ timezone: digest?.timezone ?? 'UTC', assumed: digest === undefined });
}

export async function quietCommand(services: CommandServices, ctx: CommandContext, options: QuietOptions): Promise<Message> {
  const person = askerOf(ctx);
  const off = options.off === 'yes' || options.hours?.toLowerCase() === 'off';
  if (off && options.hours !== undefined && options.hours.toLowerCase() !== 'off') return textMessage(`Give quiet hours or off, not both: ${EXAMPLE}, or /papers quiet off.`);
  const before = (await services.storage.preferences(person)).quiet;
  if (off) {
    if (!before) return textMessage(`You have no quiet hours: alerts come at any time. ${EXAMPLE} sets some.`);
    await services.storage.setQuietHours(person, null, ctx.now.getTime());
    return textMessage(`Quiet hours are off: alerts come at any time, and any that were waiting go out at the next check. ${EXAMPLE} sets them again.`);
  }
  if (options.hours === undefined) {
    if (options.timezone !== undefined) return textMessage(`Give the hours too: ${EXAMPLE}.`);
    if (!before) return textMessage(`You have no quiet hours: alerts come at any time. ${EXAMPLE} sets some.`);
    return textMessage(`Your quiet hours: ${describeQuiet(before)}; alerts wait until they end. /papers quiet off removes them; ${EXAMPLE} changes them.`);
  }
  const range = parseQuietRange(options.hours);
  if (!range.ok) return textMessage(range.error.message);
  const zone = await zoneFor(services, ctx, options.timezone, before);
  if (!zone.ok) return textMessage(zone.error.message);
  const quiet: QuietHours = { ...range.value, timezone: zone.value.timezone };
  await services.storage.setQuietHours(person, quiet, ctx.now.getTime());
  const text = `Quiet hours ${before ? 'changed to' : 'set:'} ${describeQuiet(quiet)}. Alerts found in those hours wait, and come in one message at ${quiet.end}.`;
  const assumed = zone.value.assumed ? ` That is ${quiet.end} UTC; if you are elsewhere, add your time zone: /papers quiet ${quiet.start}-${quiet.end} Europe/Berlin.` : '';
  return textMessage(`${text}${assumed} /papers quiet off removes them.`);
}
