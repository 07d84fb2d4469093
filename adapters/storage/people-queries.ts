/**
 * The PeopleStore's statements (follows, preferences, the alert queue, forget me), written
 * once for both databases in the `@name` style of storage-queries.ts, which merges them
 * into SQL. Every per-person statement is bound by @platform, @workspace and @user.
 */
/** Alerts per queueAlerts statement: 500 parameters, far below either database's limit. */
export const ALERT_BATCH = 100;

const PERSON = 'platform = @platform AND workspace = @workspace AND user_id = @user';

/** Waiting for a first try or a retry, or claimed by someone whose lease ran out: claimable now. */
const DUE = `status <> 'sent' AND lease_until <= @now`;

/** Someone holds a live claim on this person's alerts. Uncorrelated, so both databases evaluate it once, before any row changes. */
const HELD = `EXISTS (SELECT 1 FROM alerts AS held WHERE held.platform = @platform AND held.workspace = @workspace AND held.user_id = @user
    AND held.status = 'claimed' AND held.lease_until > @now)`;

export const PEOPLE_SQL = {
  followByKey: `SELECT * FROM follows WHERE ${PERSON} AND kind = @kind AND key = @key`,
  followCount: `SELECT count(*) AS n FROM follows WHERE ${PERSON}`,
  /** Run after followByKey and followCount in the same transaction, under the person's lock (see addFollow). */
  insertFollow: `
INSERT INTO follows (platform, workspace, user_id, kind, label, key, created_at)
VALUES (@platform, @workspace, @user, @kind, @label, @key, @now)
ON CONFLICT (platform, workspace, user_id, kind, key) DO NOTHING
RETURNING *`,
  listFollows: `SELECT * FROM follows WHERE ${PERSON} ORDER BY id`,
  removeFollow: `DELETE FROM follows WHERE ${PERSON} AND id = @id`,
  removeAllFollows: `DELETE FROM follows WHERE ${PERSON}`,
  /** Someone who follows nothing any more gets no alert that was still waiting (quiet hours, a retry); one being sent goes out. */
  dropWaitingAlerts: `DELETE FROM alerts WHERE ${PERSON} AND status = 'waiting'
  AND NOT EXISTS (SELECT 1 FROM follows WHERE follows.platform = @platform AND follows.workspace = @workspace AND follows.user_id = @user)`,
  allFollows: `SELECT * FROM follows ORDER BY id`,
  platformFollows: `SELECT * FROM follows WHERE platform = @platform ORDER BY id`,

  preferences: `SELECT * FROM people WHERE ${PERSON}`,
  setQuietHours: `
INSERT INTO people (platform, workspace, user_id, quiet_start, quiet_end, quiet_timezone, updated_at)
VALUES (@platform, @workspace, @user, @start, @end, @timezone, @now)
ON CONFLICT (platform, workspace, user_id) DO UPDATE SET
  quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, quiet_timezone = excluded.quiet_timezone, updated_at = excluded.updated_at`,
  /** A person marked again keeps the time of the first failure: "since" is how long DMs have failed. */
  markUnreachable: `
INSERT INTO people (platform, workspace, user_id, unreachable_reason, unreachable_since, updated_at)
VALUES (@platform, @workspace, @user, @reason, @now, @now)
ON CONFLICT (platform, workspace, user_id) DO UPDATE SET
  unreachable_reason = excluded.unreachable_reason,
  unreachable_since = coalesce(people.unreachable_since, excluded.unreachable_since),
  updated_at = excluded.updated_at`,
  /** Clears only the reason that was read (compare and set), so of two commands at once only one tells the person. */
  clearUnreachable: `UPDATE people SET unreachable_reason = NULL, unreachable_since = NULL WHERE ${PERSON} AND unreachable_reason = @reason`,
  /** A people row lives only while it holds something. */
  dropEmptyPerson: `DELETE FROM people WHERE ${PERSON} AND quiet_start IS NULL AND unreachable_reason IS NULL`,

  /**
   * ALERT_BATCH alerts in one statement (a feed read can queue thousands: one round trip
   * each would hold PostgreSQL's transaction for seconds), their parameters numbered
   * @platform0, @platform1, …. lease_until starts at the queue time: due at once.
   */
  queueAlerts: `
INSERT INTO alerts (platform, workspace, user_id, paper_id, version, reasons, queued_at, status, owner, lease_until, attempts)
VALUES ${Array.from({ length: ALERT_BATCH }, (_, i) => `(@platform${i}, @workspace${i}, @user${i}, @paperId${i}, @version${i}, @reasons${i}, @now, 'waiting', NULL, @now, 0)`).join(',\n  ')}
ON CONFLICT (platform, workspace, user_id, paper_id, version) DO NOTHING`,
  /** Not filtered by platform here: the due set is small, and the store filters it. */
  peopleWithAlerts: `
SELECT DISTINCT due.platform, due.workspace, due.user_id FROM alerts AS due
WHERE due.status <> 'sent' AND due.lease_until <= @now
  AND NOT EXISTS (SELECT 1 FROM people AS p WHERE p.platform = due.platform AND p.workspace = due.workspace AND p.user_id = due.user_id
    AND p.unreachable_reason IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM alerts AS held WHERE held.platform = due.platform AND held.workspace = due.workspace AND held.user_id = due.user_id
    AND held.status = 'claimed' AND held.lease_until > @now)
ORDER BY due.platform, due.workspace, due.user_id`,
  /**
   * The whole claim in one statement: every due alert of the person, unless anyone holds a
   * live claim on them. Two replicas claiming at once cannot both take a row: PostgreSQL
   * re-checks DUE on a row another claim changed meanwhile, and SQLite has one writer.
   */
  claimAlerts: `
UPDATE alerts SET status = 'claimed', owner = @owner, lease_until = @leaseUntil
WHERE ${PERSON} AND ${DUE} AND NOT ${HELD}
RETURNING platform, workspace, user_id, paper_id, version, reasons, queued_at`,
  completeAlert: `
UPDATE alerts SET status = 'sent', message_id = @messageId, sent_at = @now, error = NULL
WHERE ${PERSON} AND paper_id = @paperId AND owner = @owner AND status = 'claimed'`,
  /** Back to waiting, not claimable before @retryAt. */
  releaseAlerts: `
UPDATE alerts SET status = 'waiting', owner = NULL, lease_until = @retryAt, error = @error, attempts = attempts + 1
WHERE ${PERSON} AND owner = @owner AND status = 'claimed'`,
  alertedPaperIds: `SELECT DISTINCT paper_id FROM alerts WHERE ${PERSON}`,

  forgetFollows: `DELETE FROM follows WHERE ${PERSON}`,
  forgetPreferences: `DELETE FROM people WHERE ${PERSON} RETURNING quiet_start, unreachable_reason`,
  forgetAlerts: `DELETE FROM alerts WHERE ${PERSON}`,
  /** Saves and 👍, both kinds. */
  forgetSignals: `DELETE FROM signals WHERE ${PERSON}`,
  /** @channel is the person's personal channel (`user:<id>`): their daily and weekly digests. */
  forgetPersonalSubscriptions: `DELETE FROM subscriptions WHERE platform = @platform AND workspace = @workspace AND channel = @channel`,
  /** By id, not through subscriptions: the post log outlives an unsubscribe. */
  forgetSlots: `DELETE FROM digest_slots WHERE subscription_id = @subscriptionId`,
  forgetPostedPapers: `DELETE FROM posted_papers WHERE subscription_id = @subscriptionId`,
  /** created_by holds the platform user id (subscription-commands.ts); the channel keeps its digest. */
  anonymizeSubscriptions: `UPDATE subscriptions SET created_by = @forgotten WHERE platform = @platform AND workspace = @workspace AND created_by = @user`,
} as const;
