import { z } from 'zod';
import {
  type ArchivedDigest,
  type ChannelRef,
  DIGEST_DAYS,
  type DigestDays,
  digestKind,
  type Paper,
  PaperSchema,
  type ReadingListEntry,
  type Slot,
  type StoredThread,
  type Subscription,
  SubscriptionSchema,
  type SubscriptionSettings,
  subscriptionId,
  type TeamSignals,
} from '../../src/index.js';

/**
 * Turning rows into domain values and back, shared by both databases. Every row read back
 * is validated, so a row damaged by hand or by another program is a clear error naming
 * the table and key, never a wrong value passed on.
 */

/** Stands for Infinity in BIGINT columns (a lease that never ends). */
export const FOREVER = Number.MAX_SAFE_INTEGER;

export const MAX_ERROR_LENGTH = 500;

export class CorruptRowError extends Error {
  constructor(table: string, key: string, problem: string) {
    super(`the ${table} row ${JSON.stringify(key)} in the database is invalid: ${problem}`);
    this.name = 'CorruptRowError';
  }
}

/** One line per zod issue, `path: message`. */
function issues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

export function parseRow<T>(schema: z.ZodType<T>, value: unknown, table: string, key: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CorruptRowError(table, key, issues(parsed.error));
  return parsed.data;
}

/** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, cut);
}

/** PostgreSQL BIGINT and COUNT come back as strings; SQLite gives numbers. NaN fails validation. */
export function int(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
}

export function optional(value: unknown): unknown {
  return value === null ? undefined : value;
}

/** SQLite stores 0/1, PostgreSQL true/false; anything else is left for validation to reject. */
function bool(value: unknown): unknown {
  return value === 1 || value === 0 ? value === 1 : value;
}

export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---- subscriptions ----

/** The full row a subscribe would write, validated before it is written. */
export function newSubscription(ref: ChannelRef, settings: SubscriptionSettings, createdBy: string, now: number): Subscription {
  const kind = digestKind(settings.days);
  const candidate = withoutUndefined({
    id: subscriptionId({ ...ref, kind }),
    kind,
    platform: ref.platform,
    workspace: ref.workspace,
    channel: ref.channel,
    time: settings.time,
    timezone: settings.timezone,
    days: settings.days,
    count: settings.count,
    topic: settings.topic,
    threads: settings.threads === true ? true : undefined,
    createdBy,
    enabled: true,
    createdAt: now,
    updatedAt: now,
  });
  const parsed = SubscriptionSchema.safeParse(candidate);
  if (!parsed.success) throw new Error(`cannot save the subscription for ${candidate.id}: ${issues(parsed.error)}`);
  return parsed.data as Subscription;
}

export function subscriptionParams(s: Subscription): Record<string, string | number | null> {
  return {
    id: s.id,
    platform: s.platform,
    workspace: s.workspace,
    channel: s.channel,
    time: s.time,
    timezone: s.timezone,
    days: s.days,
    count: s.count,
    topic: s.topic ?? null,
    threads: s.threads === true ? 1 : 0,
    createdBy: s.createdBy,
    enabled: s.enabled ? 1 : 0,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export function subscriptionFromRow(row: Record<string, unknown>): Subscription {
  const value = withoutUndefined({
    id: row.id,
    // Not a column: read from days (an unknown days value is reported by validation).
    kind: (DIGEST_DAYS as readonly unknown[]).includes(row.days) ? digestKind(row.days as DigestDays) : undefined,
    platform: row.platform,
    workspace: row.workspace,
    channel: row.channel,
    time: row.time,
    timezone: row.timezone,
    days: row.days,
    count: int(row.count),
    topic: optional(row.topic),
    // Off is the absence of the key, as for topic, so settings read back compare equal to those saved.
    threads: bool(row.threads) === false ? undefined : bool(row.threads),
    createdBy: row.created_by,
    enabled: bool(row.enabled),
    failing: optional(row.failing),
    createdAt: int(row.created_at),
    updatedAt: int(row.updated_at),
  });
  return parseRow(SubscriptionSchema, value, 'subscriptions', String(row.id)) as Subscription;
}

/** The reason a subscription is failing, or null to clear it. */
export function failingParam(reason: string | null): string | null {
  if (reason === null) return null;
  if (reason.trim() === '') throw new Error('a failing subscription needs a reason');
  return truncate(reason, MAX_ERROR_LENGTH);
}

// ---- digest slots ----

const SlotRowSchema = z.object({
  subscriptionId: z.string().min(1),
  localDate: z.string().min(1),
  status: z.enum(['claimed', 'posted', 'failed']),
  owner: z.string().optional(),
  attempts: z.number().int().min(1),
  leaseUntil: z.number().int().optional(),
  messageId: z.string().optional(),
  error: z.string().max(MAX_ERROR_LENGTH).optional(),
  postedAt: z.number().int().optional(),
});

export function slotFromRow(row: Record<string, unknown>): Slot {
  const key = `${String(row.subscription_id)} ${String(row.local_date)}`;
  // Absent columns are left out rather than set to undefined, so the parsed value is a Slot.
  const slot = parseRow(
    SlotRowSchema,
    withoutUndefined({
      subscriptionId: row.subscription_id,
      localDate: row.local_date,
      status: row.status,
      owner: optional(row.owner),
      attempts: int(row.attempts),
      leaseUntil: int(optional(row.lease_until)),
      messageId: optional(row.message_id),
      error: optional(row.error),
      postedAt: int(optional(row.posted_at)),
    }),
    'digest_slots',
    key,
  ) as Slot;
  return slot.leaseUntil !== undefined && slot.leaseUntil >= FOREVER ? { ...slot, leaseUntil: Number.POSITIVE_INFINITY } : slot;
}

/** Infinity (retry never) and anything past the sentinel store as the sentinel. */
export function leaseParam(leaseUntil: number): number {
  if (Number.isNaN(leaseUntil)) throw new Error('a lease time must be a number, not NaN');
  return Math.max(-FOREVER, Math.min(FOREVER, Math.trunc(leaseUntil)));
}

// ---- the digest archive ----

/** A year of daily digests: the most one archive read returns. */
export const MAX_ARCHIVE_DAYS = 366;

/** A caller's limit, kept to 1..max so one page can never read a whole table; NaN is a bug. */
export function boundedLimit(limit: number, max: number): number {
  if (Number.isNaN(limit)) throw new Error('a limit must be a number, not NaN');
  return Math.max(1, Math.min(max, Math.trunc(limit)));
}

/** The posted papers as stored on the slot: each once, in posting order. */
export function paperIdsParam(paperIds: readonly string[]): string {
  return JSON.stringify([...new Set(paperIds)]);
}

const ArchivedDigestSchema = z.object({
  localDate: z.string().min(1),
  postedAt: z.number().int(),
  messageId: z.string().optional(),
  paperIds: z.array(z.string().min(1)),
});

function archivedDigest(rows: readonly Record<string, unknown>[], key: string): ArchivedDigest {
  const first = rows[0]!;
  let paperIds: unknown;
  if (first.paper_ids === null) {
    paperIds = rows.map((row) => row.logged_paper_id).filter((id) => id !== null);
  } else {
    try {
      paperIds = JSON.parse(String(first.paper_ids));
    } catch {
      throw new CorruptRowError('digest_slots', key, 'paper_ids is not valid JSON');
    }
  }
  const value = withoutUndefined({ localDate: first.local_date, postedAt: int(first.posted_at), messageId: optional(first.message_id), paperIds });
  return parseRow(ArchivedDigestSchema, value, 'digest_slots', key) as ArchivedDigest;
}

/** The archive query's rows (a slot's rows are adjacent) as one digest per slot, in the rows' order. */
export function archiveFromRows(subscriptionId: string, rows: readonly Record<string, unknown>[], onInvalid: InvalidRowHandler): ArchivedDigest[] {
  const slots = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const date = String(row.local_date);
    const slot = slots.get(date);
    if (slot) slot.push(row);
    else slots.set(date, [row]);
  }
  return validRows([...slots.entries()], ([date, slotRows]) => archivedDigest(slotRows, `${subscriptionId} ${date}`), onInvalid);
}

// ---- signals ----

export function countFromRow(value: unknown, what: string): number {
  const n = int(value ?? 0);
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new CorruptRowError('signals', what, `count ${String(value)} is not a count`);
  return n;
}

/** Adds each paper's discussion replies to its saves and reactions (a paper discussed but never saved gets zeros for those). */
export function withDiscussions(signals: Map<string, TeamSignals>, rows: readonly Record<string, unknown>[]): Map<string, TeamSignals> {
  for (const row of rows) {
    const id = String(row.paper_id);
    const discussions = countFromRow(row.replies, id);
    if (discussions === 0) continue;
    signals.set(id, { ...(signals.get(id) ?? { saves: 0, reactions: 0 }), discussions });
  }
  return signals;
}

/** Enough for any team's page; the most one reading list read returns. */
export const MAX_READING_LIST = 500;

export function readingListEntryFromRow(row: Record<string, unknown>): ReadingListEntry {
  const paperId = String(row.paper_id);
  const lastSavedAt = int(row.last_saved_at);
  if (typeof lastSavedAt !== 'number' || !Number.isSafeInteger(lastSavedAt)) throw new CorruptRowError('signals', paperId, `created_at ${String(row.last_saved_at)} is not a time`);
  return { paperId, saves: countFromRow(row.saves, paperId), lastSavedAt };
}

// ---- discussion threads ----

const ThreadRowSchema = z.object({
  platform: z.string().min(1),
  workspace: z.string().min(1),
  channel: z.string().min(1),
  parentMessageId: z.string().min(1),
  threadId: z.string().min(1),
  createdAt: z.number().int(),
  cards: z.array(z.object({ paperId: z.string().min(1), messageId: z.string().min(1) })),
});

export function threadFromRows(row: Record<string, unknown>, cards: readonly Record<string, unknown>[]): StoredThread {
  return parseRow(
    ThreadRowSchema,
    {
      platform: row.platform,
      workspace: row.workspace,
      channel: row.channel,
      parentMessageId: row.parent_message_id,
      threadId: row.thread_id,
      createdAt: int(row.created_at),
      cards: cards.map((c) => ({ paperId: c.paper_id, messageId: c.message_id })),
    },
    'discussion_threads',
    `${String(row.platform)} ${String(row.workspace)} ${String(row.thread_id)}`,
  );
}

/** The UTC day a reply is counted on. */
/** The UTC day discussion replies are counted under; `since` filters by it, so a window counts whole UTC days. */
export function utcDay(at: number): string {
  if (!Number.isFinite(at)) throw new Error(`a reply time must be a finite number, not ${at}`);
  return new Date(at).toISOString().slice(0, 10);
}

// ---- papers ----

/** The validated paper and the JSON to store for it; throws on an invalid paper. */
export function paperJson(paper: Paper): { id: string; json: string } {
  const parsed = PaperSchema.safeParse(paper);
  if (!parsed.success) throw new Error(`cannot save paper ${JSON.stringify(paper.id)}: ${issues(parsed.error)}`);
  return { id: parsed.data.id, json: JSON.stringify(parsed.data) };
}

export function paperFromRow(row: Record<string, unknown>): Paper {
  const key = String(row.id);
  let value: unknown;
  try {
    value = JSON.parse(String(row.json));
  } catch {
    throw new CorruptRowError('papers', key, 'json is not valid JSON');
  }
  const paper = parseRow(PaperSchema, value, 'papers', key);
  if (paper.id !== key) throw new CorruptRowError('papers', key, `json holds paper ${JSON.stringify(paper.id)}`);
  return paper;
}

/** Called for a stored row that no longer validates; the row is skipped, never the whole list. */
export type InvalidRowHandler = (error: Error) => void;

/**
 * Rows that parse, and a report for each that does not: one bad subscription (say, written
 * by a newer paperboy with wider limits) must not stop every other channel's digest.
 */
export function validRows<T, R = Record<string, unknown>>(rows: readonly R[], parse: (row: R) => T, onInvalid: InvalidRowHandler): T[] {
  const out: T[] = [];
  for (const row of rows) {
    try {
      out.push(parse(row));
    } catch (error) {
      if (!(error instanceof CorruptRowError)) throw error;
      onInvalid(error);
    }
  }
  return out;
}
