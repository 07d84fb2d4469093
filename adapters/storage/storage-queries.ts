import { PEOPLE_SQL } from './people-queries.js';

/**
 * Every statement both databases run, written once with `@name` parameters. better-sqlite3
 * binds `@name` from an object as it is; `toPostgres` numbers them `$1, $2, …` for pg. One
 * text for both means the exactly-once logic (claimSlot above all) cannot differ between
 * the two implementations.
 */
export const SQL = {
  saveSubscription: `
INSERT INTO subscriptions (id, platform, workspace, channel, time, timezone, days, count, topic, threads, created_by, enabled, failing, created_at, updated_at)
VALUES (@id, @platform, @workspace, @channel, @time, @timezone, @days, @count, @topic, @threads, @createdBy, @enabled, NULL, @createdAt, @updatedAt)
ON CONFLICT (id) DO UPDATE SET
  time = excluded.time, timezone = excluded.timezone, days = excluded.days, count = excluded.count,
  topic = excluded.topic, threads = excluded.threads, created_by = excluded.created_by, enabled = excluded.enabled,
  failing = NULL, updated_at = excluded.updated_at
RETURNING *`,
  removeSubscription: `DELETE FROM subscriptions WHERE id = @id`,
  getSubscription: `SELECT * FROM subscriptions WHERE id = @id`,
  listSubscriptions: `
SELECT * FROM subscriptions
WHERE (CAST(@platform AS TEXT) IS NULL OR platform = @platform) AND (CAST(@workspace AS TEXT) IS NULL OR workspace = @workspace)
ORDER BY id`, // the casts tell PostgreSQL the type of a parameter that may be NULL
  setSubscriptionFailing: `UPDATE subscriptions SET failing = @failing, updated_at = @now WHERE id = @id`,

  /**
   * The whole claim in one statement, so two replicas can never both win: a new slot is
   * attempt 1; an existing one is taken over only when not posted and its lease has run out.
   * When the WHERE fails, nothing is returned.
   */
  claimSlot: `
INSERT INTO digest_slots (subscription_id, local_date, status, owner, attempts, lease_until, updated_at)
VALUES (@subscriptionId, @localDate, 'claimed', @owner, 1, @leaseUntil, @now)
ON CONFLICT (subscription_id, local_date) DO UPDATE SET
  status = 'claimed', owner = excluded.owner, lease_until = excluded.lease_until,
  attempts = digest_slots.attempts + 1, updated_at = excluded.updated_at
WHERE digest_slots.status <> 'posted' AND digest_slots.lease_until <= @now
RETURNING attempts`,
  /** A claim is its owner and attempt: an older attempt of the same owner cannot complete. @paperIds: JSON, in posting order. */
  completeSlot: `
UPDATE digest_slots SET status = 'posted', message_id = @messageId, paper_ids = @paperIds, posted_at = @now, error = NULL, updated_at = @now
WHERE subscription_id = @subscriptionId AND local_date = @localDate
  AND owner = @owner AND attempts = @attempt AND status = 'claimed'`,
  insertPostedPaper: `
INSERT INTO posted_papers (subscription_id, paper_id, local_date) VALUES (@subscriptionId, @paperId, @localDate)
ON CONFLICT (subscription_id, paper_id) DO NOTHING`,
  failSlot: `
UPDATE digest_slots SET status = 'failed', error = @error, lease_until = @retryAt, updated_at = @now
WHERE subscription_id = @subscriptionId AND local_date = @localDate
  AND owner = @owner AND attempts = @attempt AND status = 'claimed'`,
  getSlot: `SELECT * FROM digest_slots WHERE subscription_id = @subscriptionId AND local_date = @localDate`,
  postedPaperIds: `SELECT paper_id FROM posted_papers WHERE subscription_id = @subscriptionId`,
  /**
   * The newest posted slots, one row per slot that kept its papers' order; a slot posted
   * before it did (paper_ids NULL) gets one row per paper of its date in the post log, in
   * id order (and one row with a NULL paper when it logged none).
   */
  digestArchive: `
SELECT s.local_date, s.posted_at, s.message_id, s.paper_ids, p.paper_id AS logged_paper_id
FROM (
  SELECT local_date, posted_at, message_id, paper_ids FROM digest_slots
  WHERE subscription_id = @subscriptionId AND status = 'posted'
  ORDER BY local_date DESC LIMIT @limit
) AS s
LEFT JOIN posted_papers AS p ON s.paper_ids IS NULL AND p.subscription_id = @subscriptionId AND p.local_date = s.local_date
ORDER BY s.local_date DESC, p.paper_id`,

  addSignal: `
INSERT INTO signals (platform, workspace, paper_id, user_id, kind, created_at)
VALUES (@platform, @workspace, @paperId, @user, @kind, @now)
ON CONFLICT (platform, workspace, paper_id, user_id, kind) DO NOTHING`,
  teamSignals: `
SELECT paper_id,
  SUM(CASE WHEN kind = 'save' THEN 1 ELSE 0 END) AS saves,
  SUM(CASE WHEN kind = 'reaction' THEN 1 ELSE 0 END) AS reactions
FROM signals WHERE platform = @platform AND workspace = @workspace
  AND (CAST(@since AS BIGINT) IS NULL OR created_at >= @since)
GROUP BY paper_id`,
  savedPaperIds: `
SELECT paper_id FROM signals
WHERE platform = @platform AND workspace = @workspace AND user_id = @user AND kind = 'save'
ORDER BY created_at DESC, paper_id`,

  /** Saves only (a 👍 is not "to read"); the primary key's (platform, workspace, paper_id) prefix serves it. */
  readingList: `
SELECT paper_id, count(*) AS saves, max(created_at) AS last_saved_at FROM signals
WHERE platform = @platform AND workspace = @workspace AND kind = 'save'
GROUP BY paper_id
ORDER BY saves DESC, last_saved_at DESC, paper_id
LIMIT @limit`,

  teamDiscussions: `
SELECT paper_id, SUM(replies) AS replies FROM discussion_counts
WHERE platform = @platform AND workspace = @workspace
  AND (CAST(@sinceDay AS TEXT) IS NULL OR day >= @sinceDay)
GROUP BY paper_id`,

  /** No conflict target: a second thread on the same message, or the same thread id again, is ignored and the first stays. */
  saveDiscussionThread: `
INSERT INTO discussion_threads (platform, workspace, channel, parent_message_id, thread_id, created_at)
VALUES (@platform, @workspace, @channel, @parentMessageId, @threadId, @now)
ON CONFLICT DO NOTHING`,
  threadOnMessage: `
SELECT * FROM discussion_threads
WHERE platform = @platform AND workspace = @workspace AND channel = @channel AND parent_message_id = @parentMessageId`,
  discussionThread: `SELECT * FROM discussion_threads WHERE platform = @platform AND workspace = @workspace AND thread_id = @threadId`,
  /** Cards recorded together (a digest's) come in posting order: message ids grow with time, longer is later (compareMessageIds). */
  threadCards: `
SELECT paper_id, message_id FROM discussion_cards
WHERE platform = @platform AND workspace = @workspace AND thread_id = @threadId
ORDER BY created_at, length(message_id), message_id, paper_id`,
  addDiscussionCard: `
INSERT INTO discussion_cards (platform, workspace, thread_id, paper_id, message_id, created_at)
VALUES (@platform, @workspace, @threadId, @paperId, @messageId, @now)
ON CONFLICT (platform, workspace, thread_id, paper_id) DO NOTHING`,
  addDiscussionReply: `
INSERT INTO discussion_counts (platform, workspace, paper_id, day, replies) VALUES (@platform, @workspace, @paperId, @day, 1)
ON CONFLICT (platform, workspace, paper_id, day) DO UPDATE SET replies = discussion_counts.replies + 1`,

  /** Run inside a transaction that holds the papers' write lock, so numbers are given in commit order. */
  lastPaperSeq: `SELECT coalesce(max(seq), 0) AS seq FROM papers`,
  savePaper: `
INSERT INTO papers (id, json, updated_at, seq) VALUES (@id, @json, @now, @seq)
ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at, seq = excluded.seq`,
  loadPapers: `SELECT id, json FROM papers ORDER BY id`,
  papersChangedSince: `SELECT seq, id, json FROM papers WHERE seq > @after ORDER BY seq LIMIT @limit`,
  paperCount: `SELECT count(*) AS n FROM papers`,

  ...PEOPLE_SQL,
} as const;

export type Statement = keyof typeof SQL;

export interface PostgresQuery {
  readonly text: string;
  /** Parameter names in `$n` order. */
  readonly names: readonly string[];
}

/** `@name` → `$n`, the same number for every use of one name. */
export function toPostgres(sql: string): PostgresQuery {
  const names: string[] = [];
  const text = sql.replace(/@([A-Za-z_]\w*)/g, (_, name: string) => {
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text, names };
}
