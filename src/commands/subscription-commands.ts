import type { Message } from '../messages/message.js';
import { textMessage } from '../messages/message.js';
import { fail, ok, type Result } from '../result.js';
import { localDateOf } from '../scheduling/zoned-time.js';
import { describeWhen, nextDigestAt } from '../subscriptions/next-digest.js';
import { slotKey } from '../scheduling/due-slots.js';
import {
  type ChannelRef,
  type DigestDays,
  type DigestKind,
  digestKind,
  normalizeTime,
  type Subscription,
  type SubscriptionKey,
  type SubscriptionSettings,
  type Weekday,
} from '../subscriptions/subscription.js';
import { canonicalTimeZone, suggestTimeZone } from '../subscriptions/time-zones.js';
import { personOf } from '../personal/person.js';
import type { CommandContext, CommandServices } from './command-context.js';

/**
 * subscribe, unsubscribe, subscriptions: the channel's daily digest and its weekly one (a
 * channel may have both; `days` says which one a subscribe sets). Changes are announced to
 * the channel.
 */
export interface SubscribeOptions {
  readonly time: string;
  readonly timezone?: string | undefined;
  /** `weekly`: the weekly digest on the day it already has (Monday for a new one). */
  readonly days?: DigestDays | 'weekly' | undefined;
  readonly count?: number | undefined;
  readonly topic?: string | undefined;
  readonly threads?: 'on' | 'off' | undefined;
  /** `me`: the asker's own digest, by direct message (personal-digest-commands.ts). */
  readonly audience?: 'me' | undefined;
}

const DAY_MS = 86_400_000;

const DEFAULT_COUNT = 5;
const DEFAULT_WEEKDAY: Weekday = 'monday';
const NOT_ALLOWED = 'Only people who can manage this channel can change its digest; ask one of them, or use /papers trending for yourself.';

/** A typed time zone as its IANA name, or what to type instead (a suggestion for a near miss or an abbreviation). */
export function timeZoneFrom(typed: string): Result<string> {
  const timezone = canonicalTimeZone(typed);
  if (timezone) return ok(timezone);
  const guess = suggestTimeZone(typed);
  const shown = typed.slice(0, 40).replace(/_/g, ' ');
  if (guess && /^[A-Za-z]{2,4}$/.test(typed)) {
    return fail('bad_argument', `“${shown}” is an abbreviation, and abbreviations ignore daylight saving; use a zone name such as ${guess}.`);
  }
  return fail('bad_argument', `“${shown}” is not a time zone; use an IANA name such as Europe/Berlin or America/New_York${guess ? ` (did you mean ${guess}?)` : ''}.`);
}

/** Validated settings; `checkTopic` says whether the topic can be searched in this corpus. */
export async function settingsFrom(options: SubscribeOptions, checkTopic: (topic: string) => Promise<Result<unknown>>): Promise<Result<SubscriptionSettings>> {
  const time = normalizeTime(options.time);
  if (!time) return fail('bad_argument', `“${options.time.slice(0, 20)}” is not a time; use HH:MM, e.g. 09:30.`);
  const zone = timeZoneFrom(options.timezone ?? 'UTC');
  if (!zone.ok) return zone;
  const timezone = zone.value;
  if (options.topic !== undefined) {
    const topic = await checkTopic(options.topic);
    if (!topic.ok) return fail('bad_argument', topic.error.code === 'not_ready' ? topic.error.message : `The topic cannot be searched: ${topic.error.message}`);
  }
  return ok({
    time,
    timezone,
    days: options.days === 'weekly' ? DEFAULT_WEEKDAY : (options.days ?? 'daily'),
    count: options.count ?? DEFAULT_COUNT,
    ...(options.topic !== undefined ? { topic: options.topic } : {}),
    ...(options.threads === 'on' ? { threads: true } : {}),
  });
}

/** "every day", "every weekday", "weekly on Monday". */
function describeDays(days: DigestDays): string {
  if (days === 'daily') return 'every day';
  if (days === 'weekdays') return 'every weekday';
  return `weekly on ${days[0]!.toUpperCase()}${days.slice(1)}`;
}

/** "5 papers every weekday at 09:00 Europe/Berlin on “model merging”", "3 papers weekly on Monday at 09:00 UTC", and ", each in its own thread reply" with threads on. */
export function describeSubscription(s: Omit<SubscriptionSettings, 'topic'> & { readonly topic?: string | undefined }): string {
  const threads = s.threads ? ', each in its own thread reply' : '';
  return `${s.count} paper${s.count === 1 ? '' : 's'} ${describeDays(s.days)} at ${s.time} ${s.timezone}${s.topic ? ` on “${s.topic}”` : ''}${threads}`;
}

/** The next digest time, knowing whether the current slot (today's, or this week's for a weekly digest) already went out or failed for good. */
export async function nextFor(services: CommandServices, sub: Subscription, now: Date): Promise<{ localDate: string; at: Date }> {
  const current = slotKey(sub.kind, localDateOf(now, sub.timezone));
  const slot = await services.storage.getSlot(sub.id, current);
  const done = slot !== undefined && (slot.status === 'posted' || (slot.status === 'failed' && (slot.leaseUntil ?? 0) > now.getTime() + DAY_MS));
  return nextDigestAt(sub, now, done);
}

/** Which of the channel's digests a subscribe sets: the weekly one when `days` names a day of the week (or `weekly`). */
function kindOf(options: SubscribeOptions): DigestKind {
  if (options.days === 'weekly') return 'weekly';
  return options.days === undefined ? 'daily' : digestKind(options.days);
}

function keyOf(destination: ChannelRef, kind: DigestKind): SubscriptionKey {
  return { platform: destination.platform, workspace: destination.workspace, channel: destination.channel, kind };
}

/** What the user left out keeps its current value when the channel already has that digest; `topic: none` removes the topic. */
function mergeWith(before: Subscription | undefined, options: SubscribeOptions): SubscribeOptions {
  if (!before) return options.topic?.toLowerCase() === 'none' ? { ...options, topic: undefined } : options;
  const topic = options.topic === undefined ? before.topic : options.topic.toLowerCase() === 'none' ? undefined : options.topic;
  return {
    time: options.time,
    timezone: options.timezone ?? before.timezone,
    days: options.days === undefined || options.days === 'weekly' ? before.days : options.days,
    count: options.count ?? before.count,
    ...(topic !== undefined ? { topic } : {}),
    threads: options.threads ?? (before.threads ? 'on' : 'off'),
  };
}

/** A digest as saved, what it replaced, and when it next goes out. */
export interface SavedDigest {
  readonly saved: Subscription;
  readonly before: Subscription | undefined;
  readonly next: { readonly localDate: string; readonly at: Date };
}

/**
 * Creates or changes the destination's digest of the kind the options set (a channel, or a
 * person's `user:` destination): what the user left out keeps its current value, and a
 * destination's second digest starts in the zone of its first, unless told otherwise.
 */
export async function saveDigest(services: CommandServices, ctx: CommandContext, destination: ChannelRef, options: SubscribeOptions): Promise<Result<SavedDigest>> {
  const kind = kindOf(options);
  const before = await services.storage.getSubscription(keyOf(destination, kind));
  const sibling = before || options.timezone !== undefined ? undefined : await services.storage.getSubscription(keyOf(destination, kind === 'weekly' ? 'daily' : 'weekly'));
  const given = sibling ? { ...options, timezone: sibling.timezone } : options;
  const settings = await settingsFrom(mergeWith(before, given), (topic) => services.paperboy.checkTopic(topic));
  if (!settings.ok) return settings;
  const saved = await services.storage.saveSubscription(destination, settings.value, ctx.user.id, ctx.now.getTime());
  return ok({ saved, before, next: await nextFor(services, saved, ctx.now) });
}

export async function subscribeCommand(services: CommandServices, ctx: CommandContext, options: SubscribeOptions): Promise<Message> {
  if (!ctx.canManageChannel) return textMessage(NOT_ALLOWED);
  const kind = kindOf(options);
  const digest = await saveDigest(services, ctx, ctx, options);
  if (!digest.ok) return textMessage(digest.error.message);
  const { saved, before, next } = digest.value;
  const verb = before ? `changed this channel’s ${kind === 'weekly' ? 'weekly ' : ''}digest to` : 'subscribed this channel to';
  const text = `${ctx.user.name} ${verb} ${describeSubscription(saved)}. Next digest: ${describeWhen(next.localDate, saved)}.`;
  services.logger.info({ subscription: saved.id, user: ctx.user.id }, before ? 'subscription changed' : 'subscription created');
  const note =
    kind === 'weekly'
      ? 'Papers this weekly digest already posted are never repeated; the channel’s daily digest, if any, goes on. /papers unsubscribe weekly stops it; /papers subscriptions lists this workspace’s digests.'
      : 'Papers already posted here are never repeated. /papers unsubscribe stops it; /papers subscriptions lists this workspace’s digests.';
  return {
    visibility: 'channel',
    fallback: text,
    blocks: [
      { type: 'text', text },
      { type: 'note', text: note },
    ],
  };
}

/** `unsubscribe` stops the daily digest, `unsubscribe weekly` the weekly one; asking for the one a channel does not have names the one it has. */
export async function unsubscribeCommand(services: CommandServices, ctx: CommandContext, options: { digest?: DigestKind | undefined } = {}): Promise<Message> {
  if (!ctx.canManageChannel) return textMessage(NOT_ALLOWED);
  const kind = options.digest ?? 'daily';
  const removed = await services.storage.removeSubscription(keyOf(ctx, kind));
  if (!removed) {
    const other: DigestKind = kind === 'daily' ? 'weekly' : 'daily';
    const hasOther = (await services.storage.getSubscription(keyOf(ctx, other))) !== undefined;
    const stopOther = other === 'weekly' ? '/papers unsubscribe weekly' : '/papers unsubscribe';
    if (hasOther) return textMessage(`This channel has no ${kind} digest to stop; its ${other} digest stops with ${stopOther}.`);
    return textMessage(`This channel has no ${kind} digest to stop. /papers subscriptions lists the ones in this workspace.`);
  }
  services.logger.info({ channel: ctx.channel, kind, user: ctx.user.id }, 'subscription removed');
  return textMessage(`${ctx.user.name} turned off this channel’s ${kind} digest.`, 'channel');
}

/** Whose a digest is, seen by the asker: this channel's (shown in full), the asker's own, or another channel's. */
type Whose = 'here' | 'yours' | 'elsewhere';

async function line(services: CommandServices, sub: Subscription, now: Date, whose: Whose): Promise<string> {
  const where = whose === 'here' ? 'This channel' : whose === 'yours' ? 'Your personal digest (by direct message)' : `#${sub.channel}`;
  if (!sub.enabled) return `${where}: off`;
  const next = await nextFor(services, sub, now);
  const state = sub.failing ? `FAILING: ${sub.failing}` : `next ${describeWhen(next.localDate, sub)}`;
  // Other channels' topics stay in those channels: they may be private.
  const settings = whose === 'elsewhere' ? { ...sub, topic: undefined } : sub;
  return `${where}: ${describeSubscription(settings)} · ${state}`;
}

export async function subscriptionsCommand(services: CommandServices, ctx: CommandContext): Promise<Message> {
  const workspace = await services.storage.listSubscriptions({ platform: ctx.platform, workspace: ctx.workspace });
  // A personal digest is its owner's business: the asker sees their own, and nobody else's, not even that it exists.
  const whose = (s: Subscription): Whose | undefined => {
    const person = personOf(s);
    if (person) return person.user === ctx.user.id ? 'yours' : undefined;
    return s.channel === ctx.channel ? 'here' : 'elsewhere';
  };
  const order: readonly Whose[] = ['here', 'yours', 'elsewhere'];
  const all = order.flatMap((w) => workspace.filter((s) => whose(s) === w));
  if (all.length === 0) {
    return textMessage(
      'No channel in this workspace has a digest yet. Start one with /papers subscribe 09:00 Europe/Berlin weekdays, or a weekly one with /papers subscribe weekly monday 09:00 Europe/Berlin; /papers subscribe me 08:30 Europe/Berlin gets you your own.',
    );
  }
  const lines = await Promise.all(all.map((s) => line(services, s, ctx.now, whose(s)!)));
  const failing = all.filter((s) => s.failing && whose(s) !== 'yours').length;
  return {
    visibility: 'private',
    fallback: `${all.length} digest${all.length === 1 ? '' : 's'} in this workspace`,
    blocks: [
      { type: 'heading', text: `Digests in this workspace (${all.length})` },
      ...lines.map((text) => ({ type: 'text' as const, text })),
      ...(failing > 0 ? [{ type: 'note' as const, text: `${failing} failing: fix the channel (re-invite the bot, restore the permission) and the next digest goes out by itself.` }] : []),
    ],
  };
}
