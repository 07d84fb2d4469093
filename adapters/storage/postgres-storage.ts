import pg from 'pg';
import { pendingMigrations, schemaMigrationsTable } from './migrations.js';
import { PostgresPeople } from './postgres-people.js';
import { poolConnection, postgresConnectError, quoteSchema } from './postgres-url.js';
import { SQL, toPostgres, type PostgresQuery, type Statement } from './storage-queries.js';
import { DEFAULT_STORAGE_TIMEOUTS, postgresPoolTimeouts, postgresTimeout, type StorageTimeouts } from './storage-timeouts.js';
import {
  type ChannelRef,
  type ChangedPaper,
  type Paper,
  type SavedChanges,
  type SignalInput,
  type Slot,
  type SlotClaim,
  type NewStoredThread,
  type PeopleStore,
  type Storage,
  type StoredThread,
  type StoredThreadCard,
  type Subscription,
  type SubscriptionKey,
  type SubscriptionSettings,
  type TeamSignals,
  type TeamSignalsOptions,
  type ArchivedDigest,
  type ReadingListEntry,
  subscriptionId,
} from '../../src/index.js';
import {
  archiveFromRows,
  boundedLimit,
  countFromRow,
  failingParam,
  leaseParam,
  MAX_ARCHIVE_DAYS,
  MAX_ERROR_LENGTH,
  MAX_READING_LIST,
  newSubscription,
  paperFromRow,
  paperIdsParam,
  paperJson,
  readingListEntryFromRow,
  slotFromRow,
  subscriptionFromRow,
  subscriptionParams,
  threadFromRows,
  truncate,
  utcDay,
  validRows,
  withDiscussions,
  type InvalidRowHandler,
} from './storage-rows.js';

type Row = Record<string, unknown>;
type Params = Record<string, string | number | null>;
type Queryable = pg.Pool | pg.PoolClient;

/** Any fixed number works, as long as every paperboy uses the same one ("pprboy" in ASCII). */
const MIGRATION_LOCK_KEY = 0x707072626f79;
/** Held while papers are written ("pprpap"). */
const PAPERS_LOCK_KEY = 0x707072706170;

const QUERIES = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, toPostgres(sql)])) as Record<Statement, PostgresQuery>;

export interface PostgresOptions {
  /** Keep paperboy's tables in this schema (created when missing) instead of `public`. */
  readonly schema?: string;
  /** Connections in the pool; pg's default is 10. */
  readonly poolSize?: number;
  /** Told about each stored subscription that no longer validates (it is skipped). */
  readonly onInvalidRow?: InvalidRowHandler;
  /** Connection and statement limits (DEFAULT_STORAGE_TIMEOUTS when not given). */
  readonly timeouts?: StorageTimeouts;
}

/**
 * Storage in PostgreSQL, for several replicas sharing one database. The exactly-once
 * guarantees come from single statements (see SQL.claimSlot) and short transactions, not
 * from anything held in this process.
 */
export class PostgresStorage implements Storage {
  readonly kind = 'postgres';
  readonly #pool: pg.Pool;
  #closing: Promise<void> | undefined;

  readonly #onInvalidRow: InvalidRowHandler;
  readonly #timeouts: StorageTimeouts;

  readonly #people: PostgresPeople;

  private constructor(pool: pg.Pool, onInvalidRow: InvalidRowHandler, timeouts: StorageTimeouts) {
    this.#pool = pool;
    this.#onInvalidRow = onInvalidRow;
    this.#timeouts = timeouts;
    this.#people = new PostgresPeople({ query: (name, params, on) => this.#query(name, params, on), transaction: (work) => this.#transaction(work) }, onInvalidRow);
  }

  /** Connects, creates the schema if asked, and migrates; failures say what to check, never the password. */
  static async connect(url: string, options: PostgresOptions = {}): Promise<PostgresStorage> {
    if (options.schema !== undefined) quoteSchema(options.schema); // a bad name is a usage error, not a connection error
    const timeouts = options.timeouts ?? DEFAULT_STORAGE_TIMEOUTS;
    let pool: pg.Pool;
    try {
      pool = new pg.Pool({ ...poolConnection(url, options.schema), max: options.poolSize ?? 10, ...postgresPoolTimeouts(timeouts) });
    } catch (error) {
      throw postgresConnectError(url, error);
    }
    // A connection that dies while idle is dropped by the pool; the next query reports the problem.
    pool.on('error', () => {});
    try {
      await migrate(pool, options.schema);
    } catch (error) {
      await pool.end().catch(() => {});
      throw postgresConnectError(url, error);
    }
    return new PostgresStorage(pool, options.onInvalidRow ?? (() => {}), timeouts);
  }

  /** A timeout becomes an error that says which limit ran out and what to check; others pass unchanged. */
  #explained(error: unknown): unknown {
    return postgresTimeout(error, this.#timeouts) ?? error;
  }

  async #query(name: Statement, params: Params = {}, on: Queryable = this.#pool): Promise<pg.QueryResult<Row>> {
    if (this.#closing) throw new Error('the PostgreSQL storage is closed');
    const { text, names } = QUERIES[name];
    try {
      return await on.query<Row>(
        text,
        names.map((n) => params[n] ?? null),
      );
    } catch (error) {
      throw this.#explained(error);
    }
  }

  /** Runs `work` in a transaction on one pooled connection. */
  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.#closing) throw new Error('the PostgreSQL storage is closed');
    const client = await this.#pool.connect().catch((error: unknown) => {
      throw this.#explained(error);
    });
    let broken = false;
    // A connection reset while checked out emits 'error' on the client; unheard, it would end the
    // process. The query in flight fails with it anyway, so mark the connection broken and go on.
    const onError = (): void => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back (or timed out) is discarded, not returned to the pool.
      if (postgresTimeout(error, this.#timeouts)) broken = true;
      else await client.query('ROLLBACK').catch(() => (broken = true));
      throw this.#explained(error);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async saveSubscription(ref: ChannelRef, settings: SubscriptionSettings, createdBy: string, now: number): Promise<Subscription> {
    const { rows } = await this.#query('saveSubscription', subscriptionParams(newSubscription(ref, settings, createdBy, now)));
    return subscriptionFromRow(rows[0]!);
  }

  async removeSubscription(key: SubscriptionKey): Promise<boolean> {
    return ((await this.#query('removeSubscription', { id: subscriptionId(key) })).rowCount ?? 0) > 0;
  }

  async getSubscription(key: SubscriptionKey): Promise<Subscription | undefined> {
    const { rows } = await this.#query('getSubscription', { id: subscriptionId(key) });
    return rows[0] ? subscriptionFromRow(rows[0]) : undefined;
  }

  async listSubscriptions(filter: { platform?: string; workspace?: string } = {}): Promise<Subscription[]> {
    const { rows } = await this.#query('listSubscriptions', { platform: filter.platform ?? null, workspace: filter.workspace ?? null });
    return validRows(rows, subscriptionFromRow, this.#onInvalidRow);
  }

  async setSubscriptionFailing(key: SubscriptionKey, reason: string | null, now: number): Promise<void> {
    await this.#query('setSubscriptionFailing', { id: subscriptionId(key), failing: failingParam(reason), now });
  }

  async claimSlot(subscriptionId: string, localDate: string, owner: string, now: number, leaseUntil: number): Promise<SlotClaim | undefined> {
    const { rows } = await this.#query('claimSlot', { subscriptionId, localDate, owner, now, leaseUntil: leaseParam(leaseUntil) });
    return rows[0] ? { subscriptionId, localDate, owner, attempt: Number(rows[0].attempts) } : undefined;
  }

  async completeSlot(claim: SlotClaim, messageId: string, paperIds: readonly string[], now: number): Promise<boolean> {
    const { subscriptionId, localDate, owner, attempt } = claim;
    return this.#transaction(async (client) => {
      const updated = await this.#query('completeSlot', { subscriptionId, localDate, owner, attempt, messageId, paperIds: paperIdsParam(paperIds), now }, client);
      if (updated.rowCount === 0) return false;
      for (const paperId of paperIds) await this.#query('insertPostedPaper', { subscriptionId, localDate, paperId }, client);
      return true;
    });
  }

  async failSlot(claim: SlotClaim, error: string, retryAt: number, now: number): Promise<void> {
    const { subscriptionId, localDate, owner, attempt } = claim;
    await this.#query('failSlot', { subscriptionId, localDate, owner, attempt, error: truncate(error, MAX_ERROR_LENGTH), retryAt: leaseParam(retryAt), now });
  }

  async getSlot(subscriptionId: string, localDate: string): Promise<Slot | undefined> {
    const { rows } = await this.#query('getSlot', { subscriptionId, localDate });
    return rows[0] ? slotFromRow(rows[0]) : undefined;
  }

  async postedPaperIds(subscriptionId: string): Promise<Set<string>> {
    const { rows } = await this.#query('postedPaperIds', { subscriptionId });
    return new Set(rows.map((row) => String(row.paper_id)));
  }

  async digestArchive(subscriptionId: string, limit: number): Promise<ArchivedDigest[]> {
    const { rows } = await this.#query('digestArchive', { subscriptionId, limit: boundedLimit(limit, MAX_ARCHIVE_DAYS) });
    return archiveFromRows(subscriptionId, rows, this.#onInvalidRow);
  }

  async readingList(platform: string, workspace: string, limit: number): Promise<ReadingListEntry[]> {
    const { rows } = await this.#query('readingList', { platform, workspace, limit: boundedLimit(limit, MAX_READING_LIST) });
    return rows.map(readingListEntryFromRow);
  }

  async addSignal(signal: SignalInput, now: number): Promise<boolean> {
    const { platform, workspace, paperId, user, kind } = signal;
    return ((await this.#query('addSignal', { platform, workspace, paperId, user, kind, now })).rowCount ?? 0) > 0;
  }

  async teamSignals(platform: string, workspace: string, options: TeamSignalsOptions = {}): Promise<Map<string, TeamSignals>> {
    const signals = new Map<string, TeamSignals>();
    for (const row of (await this.#query('teamSignals', { platform, workspace, since: options.since ?? null })).rows) {
      const id = String(row.paper_id);
      signals.set(id, { saves: countFromRow(row.saves, id), reactions: countFromRow(row.reactions, id) });
    }
    return withDiscussions(signals, (await this.#query('teamDiscussions', { platform, workspace, sinceDay: options.since === undefined ? null : utcDay(options.since) })).rows);
  }

  async threadOnMessage(ref: ChannelRef, parentMessageId: string): Promise<StoredThread | undefined> {
    const { platform, workspace, channel } = ref;
    return this.#withCards((await this.#query('threadOnMessage', { platform, workspace, channel, parentMessageId })).rows[0]);
  }

  async discussionThread(platform: string, workspace: string, threadId: string): Promise<StoredThread | undefined> {
    return this.#withCards((await this.#query('discussionThread', { platform, workspace, threadId })).rows[0]);
  }

  async saveDiscussionThread(thread: NewStoredThread, now: number): Promise<StoredThread> {
    const { platform, workspace, channel, parentMessageId, threadId } = thread;
    await this.#query('saveDiscussionThread', { platform, workspace, channel, parentMessageId, threadId, now });
    // The first thread recorded for this message (or with this id) is the one that stays.
    return (await this.threadOnMessage(thread, parentMessageId)) ?? (await this.discussionThread(platform, workspace, threadId))!;
  }

  async addDiscussionCard(platform: string, workspace: string, threadId: string, card: StoredThreadCard, now: number): Promise<boolean> {
    const result = await this.#query('addDiscussionCard', { platform, workspace, threadId, paperId: card.paperId, messageId: card.messageId, now });
    return (result.rowCount ?? 0) > 0;
  }

  async addDiscussionReply(platform: string, workspace: string, paperId: string, at: number): Promise<void> {
    await this.#query('addDiscussionReply', { platform, workspace, paperId, day: utcDay(at) });
  }

  async #withCards(row: Row | undefined): Promise<StoredThread | undefined> {
    if (!row) return undefined;
    const cards = await this.#query('threadCards', { platform: String(row.platform), workspace: String(row.workspace), threadId: String(row.thread_id) });
    return threadFromRows(row, cards.rows);
  }

  async savedPaperIds(platform: string, workspace: string, user: string): Promise<string[]> {
    const { rows } = await this.#query('savedPaperIds', { platform, workspace, user });
    return rows.map((row) => String(row.paper_id));
  }

  async savePapers(papers: readonly Paper[], now: number): Promise<SavedChanges | undefined> {
    const rows = papers.map(paperJson); // validate all before writing any
    if (rows.length === 0) return undefined;
    return this.#transaction(async (client) => {
      // One writer at a time, so change numbers follow commit order and no index skips a late commit.
      await client.query('SELECT pg_advisory_xact_lock($1)', [PAPERS_LOCK_KEY]);
      const before = Number((await this.#query('lastPaperSeq', {}, client)).rows[0]!.seq);
      let seq = before;
      for (const row of rows) await this.#query('savePaper', { ...row, now, seq: (seq += 1) }, client);
      return { firstSeq: before + 1, lastSeq: seq };
    });
  }

  async loadPapers(): Promise<Paper[]> {
    return (await this.#query('loadPapers')).rows.map(paperFromRow);
  }

  async papersChangedSince(after: number, limit: number): Promise<ChangedPaper[]> {
    return (await this.#query('papersChangedSince', { after, limit })).rows.map((row) => ({ seq: Number(row.seq), paper: paperFromRow(row) }));
  }

  async paperCount(): Promise<number> {
    return Number((await this.#query('paperCount')).rows[0]!.n);
  }

  // The PeopleStore: follows, preferences, the alert queue and forget me (postgres-people.ts).
  addFollow: PeopleStore['addFollow'] = (...args) => this.#people.addFollow(...args);
  listFollows: PeopleStore['listFollows'] = (...args) => this.#people.listFollows(...args);
  removeFollows: PeopleStore['removeFollows'] = (...args) => this.#people.removeFollows(...args);
  allFollows: PeopleStore['allFollows'] = (...args) => this.#people.allFollows(...args);
  preferences: PeopleStore['preferences'] = (...args) => this.#people.preferences(...args);
  setQuietHours: PeopleStore['setQuietHours'] = (...args) => this.#people.setQuietHours(...args);
  markUnreachable: PeopleStore['markUnreachable'] = (...args) => this.#people.markUnreachable(...args);
  clearUnreachable: PeopleStore['clearUnreachable'] = (...args) => this.#people.clearUnreachable(...args);
  queueAlerts: PeopleStore['queueAlerts'] = (...args) => this.#people.queueAlerts(...args);
  peopleWithAlerts: PeopleStore['peopleWithAlerts'] = (...args) => this.#people.peopleWithAlerts(...args);
  claimAlerts: PeopleStore['claimAlerts'] = (...args) => this.#people.claimAlerts(...args);
  completeAlerts: PeopleStore['completeAlerts'] = (...args) => this.#people.completeAlerts(...args);
  releaseAlerts: PeopleStore['releaseAlerts'] = (...args) => this.#people.releaseAlerts(...args);
  alertedPaperIds: PeopleStore['alertedPaperIds'] = (...args) => this.#people.alertedPaperIds(...args);
  forgetPerson: PeopleStore['forgetPerson'] = (...args) => this.#people.forgetPerson(...args);

  async close(): Promise<void> {
    this.#closing ??= this.#pool.end();
    return this.#closing;
  }
}

/**
 * Creates the schema and runs pending migrations in one transaction under an advisory
 * lock, so replicas starting together queue up and only the first does the work.
 */
async function migrate(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const client = await pool.connect();
  let broken = false;
  const onError = (): void => {
    broken = true; // see #transaction: a reset must fail the migration, not the process
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    if (schema !== undefined) {
      // Look first: CREATE SCHEMA needs the CREATE right on the database even when the schema exists.
      const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (found.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteSchema(schema)}`);
      // The connection's search_path named the schema before it existed; make sure this transaction uses it.
      await client.query(`SET LOCAL search_path TO ${quoteSchema(schema)}`);
    }
    await client.query(schemaMigrationsTable('postgres'));
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    for (const migration of pendingMigrations(rows.map((r) => r.version))) {
      await client.query(migration.postgres);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [migration.version, Date.now()]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
