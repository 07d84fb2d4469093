import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { pendingMigrations, schemaMigrationsTable } from './migrations.js';
import { SqlitePeople } from './sqlite-people.js';
import { SQL, type Statement } from './storage-queries.js';
import { DEFAULT_STORAGE_TIMEOUTS, sqliteBusy, type StorageTimeouts } from './storage-timeouts.js';
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

/**
 * Storage in one SQLite file, the default: nothing to run beside the bot. WAL lets readers
 * work while one connection writes; the busy timeout makes a write wait for another
 * process's write lock instead of failing at once with SQLITE_BUSY, then fail with an error
 * that says so. better-sqlite3 is synchronous, so every method does its work before
 * returning its promise (and that wait blocks the process: keep the timeout short).
 */
export interface SqliteOptions {
  /** Told about each stored subscription that no longer validates (it is skipped). */
  readonly onInvalidRow?: InvalidRowHandler;
  /** How long a write waits for another process's lock (DEFAULT_STORAGE_TIMEOUTS.busyTimeoutMs when not given). */
  readonly busyTimeoutMs?: number;
}

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  readonly #statements = new Map<Statement, Database.Statement>();
  readonly #onInvalidRow: InvalidRowHandler;
  readonly #file: string;
  readonly #timeouts: Pick<StorageTimeouts, 'busyTimeoutMs'>;
  readonly #people: SqlitePeople;
  #closed = false;

  private constructor(db: Database.Database, file: string, options: SqliteOptions) {
    this.#db = db;
    this.#file = file;
    this.#onInvalidRow = options.onInvalidRow ?? (() => {});
    this.#timeouts = { busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_STORAGE_TIMEOUTS.busyTimeoutMs };
    this.#people = new SqlitePeople(
      {
        run: (name, params) => this.#run(name, params),
        all: (name, params) => this.#all(name, params),
        get: (name, params) => this.#get(name, params),
        immediate: (work) => this.#immediate(work),
      },
      this.#onInvalidRow,
    );
  }

  /** Opens (creating it and its directory if need be) and migrates the database. */
  static open(file: string, options: SqliteOptions = {}): SqliteStorage {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    // better-sqlite3's timeout is SQLite's busy_timeout.
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_STORAGE_TIMEOUTS.busyTimeoutMs;
    const db = new Database(file, { timeout: busyTimeoutMs });
    try {
      db.pragma('journal_mode = WAL');
      // NORMAL is durable across application crashes in WAL mode; only power loss can drop the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } catch (error) {
      db.close();
      throw sqliteBusy(error, file, { busyTimeoutMs }) ?? error;
    }
    return new SqliteStorage(db, file, options);
  }

  /** Runs `work`; a lock that outlasted the busy timeout becomes an error saying so. */
  #locked<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw sqliteBusy(error, this.#file, this.#timeouts) ?? error;
    }
  }

  /** Runs `work` in one IMMEDIATE transaction: the write lock is taken up front, so it never has to upgrade a read lock (which can fail with SQLITE_BUSY). */
  #immediate<T>(work: () => T): T {
    if (this.#closed) throw new Error('the SQLite storage is closed');
    return this.#locked(() => this.#db.transaction(work).immediate());
  }

  #run(name: Statement, params: Params = {}): Database.RunResult {
    return this.#locked(() => this.#statement(name).run(params));
  }

  #all(name: Statement, params: Params = {}): Row[] {
    return this.#locked(() => this.#statement(name).all(params) as Row[]);
  }

  #get(name: Statement, params: Params = {}): Row | undefined {
    return this.#locked(() => this.#statement(name).get(params) as Row | undefined);
  }

  #statement(name: Statement): Database.Statement {
    if (this.#closed) throw new Error('the SQLite storage is closed');
    let statement = this.#statements.get(name);
    if (!statement) this.#statements.set(name, (statement = this.#db.prepare(SQL[name])));
    return statement;
  }

  async saveSubscription(ref: ChannelRef, settings: SubscriptionSettings, createdBy: string, now: number): Promise<Subscription> {
    const row = this.#get('saveSubscription', subscriptionParams(newSubscription(ref, settings, createdBy, now)));
    return subscriptionFromRow(row!);
  }

  async removeSubscription(key: SubscriptionKey): Promise<boolean> {
    return this.#run('removeSubscription', { id: subscriptionId(key) }).changes > 0;
  }

  async getSubscription(key: SubscriptionKey): Promise<Subscription | undefined> {
    const row = this.#get('getSubscription', { id: subscriptionId(key) });
    return row ? subscriptionFromRow(row) : undefined;
  }

  async listSubscriptions(filter: { platform?: string; workspace?: string } = {}): Promise<Subscription[]> {
    const rows = this.#all('listSubscriptions', { platform: filter.platform ?? null, workspace: filter.workspace ?? null });
    return validRows(rows, subscriptionFromRow, this.#onInvalidRow);
  }

  async setSubscriptionFailing(key: SubscriptionKey, reason: string | null, now: number): Promise<void> {
    this.#run('setSubscriptionFailing', { id: subscriptionId(key), failing: failingParam(reason), now });
  }

  async claimSlot(subscriptionId: string, localDate: string, owner: string, now: number, leaseUntil: number): Promise<SlotClaim | undefined> {
    const row = this.#get('claimSlot', { subscriptionId, localDate, owner, now, leaseUntil: leaseParam(leaseUntil) });
    return row ? { subscriptionId, localDate, owner, attempt: Number(row.attempts) } : undefined;
  }

  async completeSlot(claim: SlotClaim, messageId: string, paperIds: readonly string[], now: number): Promise<boolean> {
    return this.#immediate((): boolean => {
      const { subscriptionId, localDate, owner, attempt } = claim;
      if (this.#run('completeSlot', { subscriptionId, localDate, owner, attempt, messageId, paperIds: paperIdsParam(paperIds), now }).changes === 0) return false;
      for (const paperId of paperIds) this.#run('insertPostedPaper', { subscriptionId, localDate, paperId });
      return true;
    });
  }

  async failSlot(claim: SlotClaim, error: string, retryAt: number, now: number): Promise<void> {
    const { subscriptionId, localDate, owner, attempt } = claim;
    this.#run('failSlot', { subscriptionId, localDate, owner, attempt, error: truncate(error, MAX_ERROR_LENGTH), retryAt: leaseParam(retryAt), now });
  }

  async getSlot(subscriptionId: string, localDate: string): Promise<Slot | undefined> {
    const row = this.#get('getSlot', { subscriptionId, localDate });
    return row ? slotFromRow(row) : undefined;
  }

  async postedPaperIds(subscriptionId: string): Promise<Set<string>> {
    return new Set(this.#all('postedPaperIds', { subscriptionId }).map((row) => String(row.paper_id)));
  }

  async digestArchive(subscriptionId: string, limit: number): Promise<ArchivedDigest[]> {
    const rows = this.#all('digestArchive', { subscriptionId, limit: boundedLimit(limit, MAX_ARCHIVE_DAYS) });
    return archiveFromRows(subscriptionId, rows, this.#onInvalidRow);
  }

  async readingList(platform: string, workspace: string, limit: number): Promise<ReadingListEntry[]> {
    return this.#all('readingList', { platform, workspace, limit: boundedLimit(limit, MAX_READING_LIST) }).map(readingListEntryFromRow);
  }

  async addSignal(signal: SignalInput, now: number): Promise<boolean> {
    const { platform, workspace, paperId, user, kind } = signal;
    return this.#run('addSignal', { platform, workspace, paperId, user, kind, now }).changes > 0;
  }

  async teamSignals(platform: string, workspace: string, options: TeamSignalsOptions = {}): Promise<Map<string, TeamSignals>> {
    const signals = new Map<string, TeamSignals>();
    for (const row of this.#all('teamSignals', { platform, workspace, since: options.since ?? null })) {
      const id = String(row.paper_id);
      signals.set(id, { saves: countFromRow(row.saves, id), reactions: countFromRow(row.reactions, id) });
    }
    return withDiscussions(signals, this.#all('teamDiscussions', { platform, workspace, sinceDay: options.since === undefined ? null : utcDay(options.since) }));
  }

  async threadOnMessage(ref: ChannelRef, parentMessageId: string): Promise<StoredThread | undefined> {
    const { platform, workspace, channel } = ref;
    return this.#withCards(this.#get('threadOnMessage', { platform, workspace, channel, parentMessageId }));
  }

  async discussionThread(platform: string, workspace: string, threadId: string): Promise<StoredThread | undefined> {
    return this.#withCards(this.#get('discussionThread', { platform, workspace, threadId }));
  }

  async saveDiscussionThread(thread: NewStoredThread, now: number): Promise<StoredThread> {
    const { platform, workspace, channel, parentMessageId, threadId } = thread;
    this.#run('saveDiscussionThread', { platform, workspace, channel, parentMessageId, threadId, now });
    // The first thread recorded for this message (or with this id) is the one that stays.
    return (await this.threadOnMessage(thread, parentMessageId)) ?? (await this.discussionThread(platform, workspace, threadId))!;
  }

  async addDiscussionCard(platform: string, workspace: string, threadId: string, card: StoredThreadCard, now: number): Promise<boolean> {
    return this.#run('addDiscussionCard', { platform, workspace, threadId, paperId: card.paperId, messageId: card.messageId, now }).changes > 0;
  }

  async addDiscussionReply(platform: string, workspace: string, paperId: string, at: number): Promise<void> {
    this.#run('addDiscussionReply', { platform, workspace, paperId, day: utcDay(at) });
  }

  #withCards(row: Row | undefined): StoredThread | undefined {
    if (!row) return undefined;
    return threadFromRows(row, this.#all('threadCards', { platform: String(row.platform), workspace: String(row.workspace), threadId: String(row.thread_id) }));
  }

  async savedPaperIds(platform: string, workspace: string, user: string): Promise<string[]> {
    return this.#all('savedPaperIds', { platform, workspace, user }).map((row) => String(row.paper_id));
  }

  async savePapers(papers: readonly Paper[], now: number): Promise<SavedChanges | undefined> {
    const rows = papers.map(paperJson); // validate all before writing any
    if (rows.length === 0) return undefined;
    // IMMEDIATE: one writer at a time, so change numbers follow commit order.
    return this.#immediate(() => {
      const before = Number(this.#get('lastPaperSeq')!.seq);
      let seq = before;
      for (const row of rows) this.#run('savePaper', { ...row, now, seq: (seq += 1) });
      return { firstSeq: before + 1, lastSeq: seq };
    });
  }

  async loadPapers(): Promise<Paper[]> {
    return this.#all('loadPapers').map(paperFromRow);
  }

  async papersChangedSince(after: number, limit: number): Promise<ChangedPaper[]> {
    return this.#all('papersChangedSince', { after, limit }).map((row) => ({ seq: Number(row.seq), paper: paperFromRow(row) }));
  }

  async paperCount(): Promise<number> {
    return Number(this.#get('paperCount')!.n);
  }

  // The PeopleStore: follows, preferences, the alert queue and forget me (sqlite-people.ts).
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
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}

/** All pending migrations in one IMMEDIATE transaction: a second process opening the file waits, then finds nothing to do. */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    db.exec(schemaMigrationsTable('sqlite'));
    const applied = (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version);
    const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
    for (const migration of pendingMigrations(applied)) {
      db.exec(migration.sqlite);
      record.run(migration.version, Date.now());
    }
  }).immediate();
}
