import { z } from 'zod';

/**
 * A channel's standing order for a daily digest. One per (platform, workspace, channel):
 * subscribing again changes the settings, it never adds a second digest.
 */
export interface ChannelRef {
  /** `slack`, `discord`, `console`, … */
  readonly platform: string;
  /** Slack team id, Discord guild id, `local` for the console. */
  readonly workspace: string;
  readonly channel: string;
}

export type DigestDays = 'daily' | 'weekdays';

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
  /** `platform:workspace:channel`; see subscriptionId. */
  readonly id: string;
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

export function subscriptionId(ref: ChannelRef): string {
  return `${ref.platform}:${ref.workspace}:${ref.channel}`;
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
export const SubscriptionSchema = z.object({
  id: z.string().min(1),
  platform: z.string().min(1).max(40),
  workspace: z.string().min(1).max(200),
  channel: z.string().min(1).max(200),
  time: z.string().regex(TIME),
  timezone: z.string().refine(isTimeZone, 'is not an IANA time zone'),
  days: z.enum(['daily', 'weekdays']),
  count: z.number().int().min(MIN_DIGEST_COUNT).max(MAX_DIGEST_COUNT),
  topic: z.string().min(1).max(MAX_TOPIC_LENGTH).optional(),
  threads: z.literal(true).optional(),
  createdBy: z.string().min(1).max(200),
  enabled: z.boolean(),
  failing: z.string().min(1).max(500).optional(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
