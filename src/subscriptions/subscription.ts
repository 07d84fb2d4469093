import { z } from 'zod';

/**
 * A channel's standing orders for digests: at most one daily one (every day, or weekdays)
 * and one weekly one (on one day of the week) per (platform, workspace, channel).
 * Subscribing again changes the settings of that kind, it never adds a second digest.
 */
export interface ChannelRef {
  /** `slack`, `discord`, `console`, … */
  readonly platform: string;
  /** Slack team id, Discord guild id, `local` for the console. */
  readonly workspace: string;
  readonly channel: string;
}

/** Day names in `weekdayOf` order (0 is Sunday). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Every day, Monday to Friday, or one day of the week (a weekly digest). */
export const DIGEST_DAYS = ['daily', 'weekdays', ...WEEKDAYS] as const;
export type DigestDays = (typeof DIGEST_DAYS)[number];

/**
 * A channel has at most one digest of each kind. Derived from `days`, so no column stores
 * it: a weekly subscription is one whose `days` names a weekday.
 */
export type DigestKind = 'daily' | 'weekly';

export function digestKind(days: DigestDays): DigestKind {
  return days === 'daily' || days === 'weekdays' ? 'daily' : 'weekly';
}

export function isWeekday(word: string): word is Weekday {
  return (WEEKDAYS as readonly string[]).includes(word);
}

/** One of a channel's digests; `kind` absent means the daily one (what every channel had before weekly digests). */
export interface SubscriptionKey extends ChannelRef {
  readonly kind?: DigestKind | undefined;
}

export interface SubscriptionSettings {
  /** Local time of day, `HH:MM`, 24-hour. */
  readonly time: string;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  readonly timezone: string;
  readonly days: DigestDays;
  /** Papers per digest, 1-10. */
  readonly count: number;
  /** A search query the papers must match (every word), or none. */
  readonly topic?: string;
  /** `threads: on`: a short header message, each paper's card a reply in its thread. Absent means off. */
  readonly threads?: boolean;
}

export interface Subscription extends ChannelRef, SubscriptionSettings {
  /** `platform:workspace:channel`, `…:weekly` for the weekly one; see subscriptionId. */
  readonly id: string;
  /** Always `digestKind(days)`. */
  readonly kind: DigestKind;
  /** Who set it (platform user id or name), for "set by …" lines. */
  readonly createdBy: string;
  readonly enabled: boolean;
  /** Why the last delivery failed for good (channel gone, no permission), until it works again. */
  readonly failing?: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

export const MIN_DIGEST_COUNT = 1;
export const MAX_DIGEST_COUNT = 10;
export const MAX_TOPIC_LENGTH = 200;

/** Daily ids are those shipped databases already hold; the weekly one of the same channel gets a suffix. */
export function subscriptionId(key: SubscriptionKey): string {
  const daily = `${key.platform}:${key.workspace}:${key.channel}`;
  return key.kind === 'weekly' ? `${daily}:weekly` : daily;
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** `9:30` → `09:30`; undefined when it is not a time of day. */
export function normalizeTime(text: string): string | undefined {
  const m = TIME.exec(text.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : undefined;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The stored shape, validated: what storage implementations read back. */
export const SubscriptionSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(['daily', 'weekly']),
    platform: z.string().min(1).max(40),
    workspace: z.string().min(1).max(200),
    channel: z.string().min(1).max(200),
    time: z.string().regex(TIME),
    timezone: z.string().refine(isTimeZone, 'is not an IANA time zone'),
    days: z.enum(DIGEST_DAYS),
    count: z.number().int().min(MIN_DIGEST_COUNT).max(MAX_DIGEST_COUNT),
    topic: z.string().min(1).max(MAX_TOPIC_LENGTH).optional(),
    threads: z.literal(true).optional(),
    createdBy: z.string().min(1).max(200),
    enabled: z.boolean(),
    failing: z.string().min(1).max(500).optional(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .refine((s) => s.kind === digestKind(s.days), { message: 'kind does not match days', path: ['kind'] });
