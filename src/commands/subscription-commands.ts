import type { Message } from '../messages/message.js';
import { textMessage } from '../messages/message.js';
import { fail, ok, type Result } from '../result.js';
import { localDateOf } from '../scheduling/zoned-time.js';
import { describeWhen, nextDigestAt } from '../subscriptions/next-digest.js';
import { normalizeTime, type Subscription, type SubscriptionSettings } from '../subscriptions/subscription.js';
import { canonicalTimeZone, suggestTimeZone } from '../subscriptions/time-zones.js';
import type { CommandContext, CommandServices } from './command-context.js';

/** subscribe, unsubscribe, subscriptions: the channel's daily digest. Changes are announced to the channel. */
export interface SubscribeOptions {
  readonly time: string;
  readonly timezone?: string | undefined;
  readonly days?: 'daily' | 'weekdays' | undefined;
  readonly count?: number | undefined;
  readonly topic?: string | undefined;
  readonly threads?: 'on' | 'off' | undefined;
}

const DAY_MS = 86_400_000;

const DEFAULT_COUNT = 5;
const NOT_ALLOWED = 'Only people who can manage this channel can change its digest; ask one of them, or use /papers trending for yourself.';

/** Validated settings; `checkTopic` says whether the topic can be searched in this corpus. */
export async function settingsFrom(options: SubscribeOptions, checkTopic: (topic: string) => Promise<Result<unknown>>): Promise<Result<SubscriptionSettings>> {
  const time = normalizeTime(options.time);
  if (!time) return fail('bad_argument', `“${options.time.slice(0, 20)}” is not a time; use HH:MM, e.g. 09:30.`);
  const typed = options.timezone ?? 'UTC';
  const timezone = canonicalTimeZone(typed);
  if (!timezone) {
    const guess = suggestTimeZone(typed);
    const shown = typed.slice(0, 40).replace(/_/g, ' ');
    if (guess && /^[A-Za-z]{2,4}$/.test(typed)) {
      return fail('bad_argument', `“${shown}” is an abbreviation, and abbreviations ignore daylight saving; use a zone name such as ${guess}.`);
    }
    return fail('bad_argument', `“${shown}” is not a time zone; use an IANA name such as Europe/Berlin or America/New_York${guess ? ` (did you mean ${guess}?)` : ''}.`);
  }
  if (options.topic !== undefined) {
    const topic = await checkTopic(options.topic);
    if (!topic.ok) return fail('bad_argument', topic.error.code === 'not_ready' ? topic.error.message : `The topic cannot be searched: ${topic.error.message}`);
  }
  return ok({
    time,
    timezone,
    days: options.days ?? 'daily',
    count: options.count ?? DEFAULT_COUNT,
    ...(options.topic !== undefined ? { topic: options.topic } : {}),
    ...(options.threads === 'on' ? { threads: true } : {}),
  });
}

/** "5 papers every weekday at 09:00 Europe/Berlin on “model merging”", and ", each in its own thread reply" with threads on. */
export function describeSubscription(s: Omit<SubscriptionSettings, 'topic'> & { readonly topic?: string | undefined }): string {
  const days = s.days === 'weekdays' ? 'every weekday' : 'every day';
  const threads = s.threads ? ', each in its own thread reply' : '';
  return `${s.count} paper${s.count === 1 ? '' : 's'} ${days} at ${s.time} ${s.timezone}${s.topic ? ` on “${s.topic}”` : ''}${threads}`;
}

/** The next digest time, knowing whether today's already went out (or failed for good). */
async function nextFor(services: CommandServices, sub: Subscription, now: Date): Promise<{ localDate: string; at: Date }> {
  const today = localDateOf(now, sub.timezone);
  const slot = await services.storage.getSlot(sub.id, today);
  const doneToday = slot !== undefined && (slot.status === 'posted' || (slot.status === 'failed' && (slot.leaseUntil ?? 0) > now.getTime() + DAY_MS));
  return nextDigestAt(sub, now, doneToday);
}

/** What the user left out keeps its current value when the channel already has a digest; `topic: none` removes the topic. */
function mergeWith(before: Subscription | undefined, options: SubscribeOptions): SubscribeOptions {
  if (!before) return options.topic?.toLowerCase() === 'none' ? { ...options, topic: undefined } : options;
  const topic = options.topic === undefined ? before.topic : options.topic.toLowerCase() === 'none' ? undefined : options.topic;
  return {
    time: options.time,
    timezone: options.timezone ?? before.timezone,
    days: options.days ?? before.days,
    count: options.count ?? before.count,
    ...(topic !== undefined ? { topic } : {}),
    threads: options.threads ?? (before.threads ? 'on' : 'off'),
  };
}

export async function subscribeCommand(services: CommandServices, ctx: CommandContext, options: SubscribeOptions): Promise<Message> {
  if (!ctx.canManageChannel) return textMessage(NOT_ALLOWED);
  const before = await services.storage.getSubscription(ctx);
  const settings = await settingsFrom(mergeWith(before, options), (topic) => services.paperboy.checkTopic(topic));
  if (!settings.ok) return textMessage(settings.error.message);
  const saved = await services.storage.saveSubscription(ctx, settings.value, ctx.user.id, ctx.now.getTime());
  const next = await nextFor(services, saved, ctx.now);
  const verb = before ? 'changed this channel’s digest to' : 'subscribed this channel to';
  const text = `${ctx.user.name} ${verb} ${describeSubscription(saved)}. Next digest: ${describeWhen(next.localDate, saved)}.`;
  services.logger.info({ subscription: saved.id, user: ctx.user.id }, before ? 'subscription changed' : 'subscription created');
  return {
    visibility: 'channel',
    fallback: text,
    blocks: [
      { type: 'text', text },
      { type: 'note', text: 'Papers already posted here are never repeated. /papers unsubscribe stops it; /papers subscriptions lists this workspace’s digests.' },
    ],
  };
}

export async function unsubscribeCommand(services: CommandServices, ctx: CommandContext): Promise<Message> {
  if (!ctx.canManageChannel) return textMessage(NOT_ALLOWED);
  const removed = await services.storage.removeSubscription(ctx);
  if (!removed) return textMessage('This channel has no daily digest to stop. /papers subscriptions lists the ones in this workspace.');
  services.logger.info({ channel: ctx.channel, user: ctx.user.id }, 'subscription removed');
  return textMessage(`${ctx.user.name} turned off this channel’s daily digest.`, 'channel');
}

async function line(services: CommandServices, sub: Subscription, now: Date, here: boolean): Promise<string> {
  const where = here ? 'This channel' : `#${sub.channel}`;
  if (!sub.enabled) return `${where}: off`;
  const next = await nextFor(services, sub, now);
  const state = sub.failing ? `FAILING: ${sub.failing}` : `next ${describeWhen(next.localDate, sub)}`;
  // Other channels' topics stay in those channels: they may be private.
  const settings = here ? sub : { ...sub, topic: undefined };
  return `${where}: ${describeSubscription(settings)} · ${state}`;
}

export async function subscriptionsCommand(services: CommandServices, ctx: CommandContext): Promise<Message> {
  const all = await services.storage.listSubscriptions({ platform: ctx.platform, workspace: ctx.workspace });
  if (all.length === 0) return textMessage('No channel in this workspace has a daily digest yet. Start one with /papers subscribe 09:00 Europe/Berlin weekdays.');
  const ordered = [...all.filter((s) => s.channel === ctx.channel), ...all.filter((s) => s.channel !== ctx.channel)];
  const lines = await Promise.all(ordered.map((s) => line(services, s, ctx.now, s.channel === ctx.channel)));
  const failing = all.filter((s) => s.failing).length;
  return {
    visibility: 'private',
    fallback: `${all.length} digest${all.length === 1 ? '' : 's'} in this workspace`,
    blocks: [
      { type: 'heading', text: `Daily digests in this workspace (${all.length})` },
      ...lines.map((text) => ({ type: 'text' as const, text })),
      ...(failing > 0 ? [{ type: 'note' as const, text: `${failing} failing: fix the channel (re-invite the bot, restore the permission) and the next digest goes out by itself.` }] : []),
    ],
  };
}
