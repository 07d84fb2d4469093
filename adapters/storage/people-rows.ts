import { z } from 'zod';
import {
  FOLLOW_KINDS,
  type Follow,
  type FollowInput,
  type ForgetReport,
  isTimeZone,
  type NewAlert,
  normalizeTime,
  type PersonPreferences,
  type PersonRef,
  personalChannel,
  type QueuedAlert,
  type QuietHours,
  subscriptionId,
} from '../../src/index.js';
import { ALERT_BATCH } from './people-queries.js';
import type { Statement } from './storage-queries.js';
import { type InvalidRowHandler, int, leaseParam, MAX_ERROR_LENGTH, optional, parseRow, truncate, validRows, withoutUndefined } from './storage-rows.js';

/**
 * The PeopleStore's rows turned into domain values and back, shared by both databases.
 * Rows read back are validated like subscriptions (a bad one is a CorruptRowError naming
 * the table and key, which the stores skip and report); values written are checked first,
 * so both databases refuse the same things.
 */
type Row = Record<string, unknown>;
export type Params = Record<string, string | number | null>;

/** What a channel digest's created_by becomes when the person who set it up is forgotten. */
export const FORGOTTEN = '(forgotten)';

export function personParams(person: PersonRef): Params {
  return { platform: person.platform, workspace: person.workspace, user: person.user };
}

function personOfRow(row: Row): string {
  return `${String(row.platform)}:${String(row.workspace)}:${String(row.user_id)}`;
}

/** PostgreSQL cannot store NUL in text and SQLite can: refuse it in both, so the two never differ. */
function storable(text: string, what: string): string {
  if (text.includes('\u0000')) throw new Error(`cannot store ${what}: it contains a NUL character`);
  return text;
}

/** An error or reason from a platform, kept short and storable (NUL becomes U+FFFD rather than failing the write). */
export function messageParam(text: string, what: string): string {
  const cleaned = truncate(text.replaceAll('\u0000', '\uFFFD'), MAX_ERROR_LENGTH);
  if (cleaned.trim() === '') throw new Error(`${what} needs a text`);
  return cleaned;
}

// ---- follows ----

const FollowRowSchema = z.object({
  id: z.number().int().positive(),
  platform: z.string().min(1),
  workspace: z.string().min(1),
  user: z.string().min(1),
  kind: z.enum(FOLLOW_KINDS as [Follow['kind'], ...Follow['kind'][]]),
  label: z.string().min(1),
  key: z.string().min(1),
  createdAt: z.number().int(),
});

export function followParams(person: PersonRef, follow: FollowInput, now: number): Params {
  if (!FOLLOW_KINDS.includes(follow.kind)) throw new Error(`cannot store a follow of kind ${JSON.stringify(follow.kind)}`);
  if (follow.label.trim() === '' || follow.key.trim() === '') throw new Error('cannot store a follow without a label and a key');
  return { ...personParams(person), kind: follow.kind, label: storable(follow.label, 'a follow label'), key: storable(follow.key, 'a follow key'), now };
}

export function followFromRow(row: Row): Follow {
  const value = {
    id: int(row.id),
    platform: row.platform,
    workspace: row.workspace,
    user: row.user_id,
    kind: row.kind,
    label: row.label,
    key: row.key,
    createdAt: int(row.created_at),
  };
  return parseRow(FollowRowSchema, value, 'follows', `${personOfRow(row)} #${String(row.id)}`);
}

/** Rows of several queries (one per platform) in one id order. */
export function byId(follows: Follow[]): Follow[] {
  return follows.sort((a, b) => a.id - b.id);
}

/** Each id once; one that is not a whole number matches no follow, so it is dropped rather than bound. */
export function followIds(ids: readonly number[]): number[] {
  return [...new Set(ids)].filter((id) => Number.isSafeInteger(id));
}

// ---- preferences ----

const TimeOfDay = z.string().refine((t) => normalizeTime(t) !== undefined, 'is not a time of day (HH:MM)');
const QuietSchema = z.object({ start: TimeOfDay, end: TimeOfDay, timezone: z.string().refine(isTimeZone, 'is not an IANA time zone') });
const PreferencesRowSchema = z.object({
  quiet: QuietSchema.optional(),
  unreachable: z.object({ reason: z.string().min(1), since: z.number().int() }).optional(),
});

/** Quiet hours to write (all three columns), or all NULL to clear them. */
export function quietParams(person: PersonRef, quiet: QuietHours | null, now: number): Params {
  if (quiet === null) return { ...personParams(person), start: null, end: null, timezone: null, now };
  const parsed = QuietSchema.safeParse(quiet);
  if (!parsed.success) throw new Error(`cannot store quiet hours ${JSON.stringify(quiet)}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return { ...personParams(person), start: quiet.start, end: quiet.end, timezone: quiet.timezone, now };
}

function preferencesFromRow(row: Row): PersonPreferences {
  const anyQuiet = [row.quiet_start, row.quiet_end, row.quiet_timezone].some((v) => v !== null && v !== undefined);
  const value = withoutUndefined({
    quiet: anyQuiet ? { start: optional(row.quiet_start), end: optional(row.quiet_end), timezone: optional(row.quiet_timezone) } : undefined,
    unreachable: optional(row.unreachable_reason) === undefined ? undefined : { reason: row.unreachable_reason, since: int(optional(row.unreachable_since)) },
  });
  return parseRow(PreferencesRowSchema, value, 'people', personOfRow(row)) as PersonPreferences;
}

/** A person with no row, or only an invalid one (reported), has no preferences: an empty object. */
export function preferencesOf(row: Row | undefined, onInvalid: InvalidRowHandler): PersonPreferences {
  return validRows(row ? [row] : [], preferencesFromRow, onInvalid)[0] ?? {};
}

// ---- alerts ----

const AlertRowSchema = z.object({
  platform: z.string().min(1),
  workspace: z.string().min(1),
  user: z.string().min(1),
  paperId: z.string().min(1),
  version: z.number().int().min(1).optional(),
  reasons: z.array(z.string()),
  queuedAt: z.number().int(),
});

const PersonRowSchema = z.object({ platform: z.string().min(1), workspace: z.string().min(1), user: z.string().min(1) });

function alertParams(alert: NewAlert, now: number): Params {
  if (alert.paperId === '') throw new Error('cannot queue an alert without a paper id');
  // JSON escapes what a column could not hold (NUL), so reasons come back exactly.
  return { ...personParams(alert), paperId: storable(alert.paperId, 'a paper id'), version: alert.version ?? 0, reasons: JSON.stringify(alert.reasons), now };
}

/**
 * The parameters of SQL.queueAlerts for each batch of ALERT_BATCH alerts. A short last
 * batch repeats its last alert to fill the statement; the conflict clause drops the
 * repeats, so they add nothing and count nothing.
 */
export function alertBatches(alerts: readonly NewAlert[], now: number): Params[] {
  const rows = alerts.map((alert) => alertParams(alert, now)); // check all before writing any
  const batches: Params[] = [];
  for (let start = 0; start < rows.length; start += ALERT_BATCH) {
    const batch: Params = { now };
    for (let i = 0; i < ALERT_BATCH; i += 1) {
      const row = rows[Math.min(start + i, rows.length - 1)]!;
      for (const name of ['platform', 'workspace', 'user', 'paperId', 'version', 'reasons']) batch[`${name}${i}`] = row[name]!;
    }
    batches.push(batch);
  }
  return batches;
}

export function queuedAlertFromRow(row: Row): QueuedAlert {
  const key = `${personOfRow(row)} ${String(row.paper_id)}`;
  let reasons: unknown;
  try {
    reasons = JSON.parse(String(row.reasons));
  } catch {
    reasons = undefined; // reported by validation below
  }
  // 0 is a new paper's alert: no version to speak of.
  const version = int(row.version);
  const value = { platform: row.platform, workspace: row.workspace, user: row.user_id, paperId: row.paper_id, ...(version === 0 ? {} : { version }), reasons, queuedAt: int(row.queued_at) };
  return parseRow(AlertRowSchema, value, 'alerts', key) as QueuedAlert;
}

/** Claimed rows come back in no set order; the contract says oldest first. */
export function oldestFirst(alerts: QueuedAlert[]): QueuedAlert[] {
  return alerts.sort((a, b) => a.queuedAt - b.queuedAt || (a.paperId < b.paperId ? -1 : a.paperId > b.paperId ? 1 : 0));
}

export function personFromRow(row: Row): PersonRef {
  return parseRow(PersonRowSchema, { platform: row.platform, workspace: row.workspace, user: row.user_id }, 'alerts', personOfRow(row));
}

export function claimParams(person: PersonRef, owner: string, now: number, leaseUntil: number): Params {
  return { ...personParams(person), owner, now, leaseUntil: leaseParam(leaseUntil) };
}

export function releaseParams(person: PersonRef, owner: string, retryAt: number, error: string): Params {
  return { ...personParams(person), owner, retryAt: leaseParam(retryAt), error: messageParam(error, 'a failed alert') };
}

// ---- forget me ----

/** One statement of forgetPerson and the count its changed rows add to. */
export interface ForgetStep {
  readonly name: Statement;
  readonly params: Params;
  readonly counts: keyof ForgetReport;
}

/**
 * Everything forgetPerson runs, in order, inside one transaction. Personal digests go
 * before the anonymizing, which would otherwise rename them too (the person set them up).
 */
export function forgetSteps(person: PersonRef): ForgetStep[] {
  const who = personParams(person);
  const channel = personalChannel(person);
  const steps: ForgetStep[] = [
    { name: 'forgetFollows', params: who, counts: 'follows' },
    { name: 'forgetSignals', params: who, counts: 'signals' },
    { name: 'forgetAlerts', params: who, counts: 'alerts' },
    { name: 'forgetPreferences', params: who, counts: 'preferences' },
    { name: 'forgetPersonalSubscriptions', params: { platform: channel.platform, workspace: channel.workspace, channel: channel.channel }, counts: 'subscriptions' },
  ];
  for (const kind of ['daily', 'weekly'] as const) {
    const id = subscriptionId({ ...channel, kind });
    steps.push({ name: 'forgetSlots', params: { subscriptionId: id }, counts: 'postLog' }, { name: 'forgetPostedPapers', params: { subscriptionId: id }, counts: 'postLog' });
  }
  steps.push({ name: 'anonymizeSubscriptions', params: { ...who, forgotten: FORGOTTEN }, counts: 'anonymized' });
  return steps;
}

export function emptyForgetReport(): Record<keyof ForgetReport, number> {
  return { follows: 0, signals: 0, subscriptions: 0, postLog: 0, alerts: 0, preferences: 0, anonymized: 0 };
}
