import { createHash } from 'node:crypto';
import type pg from 'pg';
import {
  type AddFollowOutcome,
  type Follow,
  type FollowInput,
  type ForgetReport,
  type NewAlert,
  type PeopleStore,
  type PersonPreferences,
  type PersonRef,
  personKey,
  type QueuedAlert,
  type QuietHours,
} from '../../src/index.js';
import {
  alertBatches,
  byId,
  claimParams,
  emptyForgetReport,
  followFromRow,
  followIds,
  followParams,
  forgetSteps,
  messageParam,
  oldestFirst,
  type Params,
  personFromRow,
  personParams,
  preferencesOf,
  queuedAlertFromRow,
  quietParams,
  releaseParams,
} from './people-rows.js';
import type { Statement } from './storage-queries.js';
import { type InvalidRowHandler, validRows } from './storage-rows.js';

type Row = Record<string, unknown>;

/** What PostgresPeople needs of the PostgreSQL storage: its named statements and its transactions. */
export interface PostgresStatements {
  query(name: Statement, params: Params, on?: pg.PoolClient): Promise<pg.QueryResult<Row>>;
  /** Runs `work` in one transaction on one pooled connection. */
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
}

/** The first key of the per-person advisory lock that addFollow takes ("fol" in ASCII); the second is the person's hash. */
const FOLLOWS_LOCK_CLASS = 0x666f6c;

/** A 32-bit number for the person: two people sharing one only wait for each other, never break anything. */
function personLockKey(person: PersonRef): number {
  return createHash('sha256').update(personKey(person)).digest().readInt32BE(0);
}

const changed = (result: pg.QueryResult<Row>): number => result.rowCount ?? 0;

/**
 * The PeopleStore on PostgreSQL (see src/ports/people.port.ts for the contract), for
 * several replicas. The follow limit is a count and then an insert, which two replicas
 * could interleave under READ COMMITTED; a transaction-scoped advisory lock per person
 * (pg_advisory_xact_lock, released at commit) makes two adds for one person take turns,
 * without needing a people row to lock. Claims are one conditional UPDATE (SQL.claimAlerts).
 */
export class PostgresPeople implements PeopleStore {
  readonly #db: PostgresStatements;
  readonly #onInvalidRow: InvalidRowHandler;

  constructor(db: PostgresStatements, onInvalidRow: InvalidRowHandler) {
    this.#db = db;
    this.#onInvalidRow = onInvalidRow;
  }

  async addFollow(person: PersonRef, follow: FollowInput, max: number, now: number): Promise<AddFollowOutcome> {
    const params = followParams(person, follow, now);
    return this.#db.transaction(async (client): Promise<AddFollowOutcome> => {
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [FOLLOWS_LOCK_CLASS, personLockKey(person)]);
      const existing = (await this.#db.query('followByKey', params, client)).rows[0];
      if (existing) return { status: 'duplicate', follow: followFromRow(existing) };
      const count = Number((await this.#db.query('followCount', params, client)).rows[0]!.n);
      if (count >= max) return { status: 'full', count };
      return { status: 'added', follow: followFromRow((await this.#db.query('insertFollow', params, client)).rows[0]!) };
    });
  }

  async listFollows(person: PersonRef): Promise<Follow[]> {
    return validRows((await this.#db.query('listFollows', personParams(person))).rows, followFromRow, this.#onInvalidRow);
  }

  async removeFollows(person: PersonRef, ids: readonly number[] | 'all'): Promise<number> {
    const who = personParams(person);
    const wanted = ids === 'all' ? 'all' : followIds(ids);
    if (wanted !== 'all' && wanted.length === 0) return 0;
    return this.#db.transaction(async (client) => {
      let removed = 0;
      if (wanted === 'all') removed = changed(await this.#db.query('removeAllFollows', who, client));
      else for (const id of wanted) removed += changed(await this.#db.query('removeFollow', { ...who, id }, client));
      await this.#db.query('dropWaitingAlerts', who, client);
      return removed;
    });
  }

  async allFollows(platforms?: ReadonlySet<string>): Promise<Follow[]> {
    const results = platforms ? await Promise.all([...platforms].map((platform) => this.#db.query('platformFollows', { platform }))) : [await this.#db.query('allFollows', {})];
    return byId(
      validRows(
        results.flatMap((result) => result.rows),
        followFromRow,
        this.#onInvalidRow,
      ),
    );
  }

  async preferences(person: PersonRef): Promise<PersonPreferences> {
    return preferencesOf((await this.#db.query('preferences', personParams(person))).rows[0], this.#onInvalidRow);
  }

  async setQuietHours(person: PersonRef, quiet: QuietHours | null, now: number): Promise<void> {
    const params = quietParams(person, quiet, now);
    await this.#db.transaction(async (client) => {
      await this.#db.query('setQuietHours', params, client);
      await this.#db.query('dropEmptyPerson', params, client);
    });
  }

  async markUnreachable(person: PersonRef, reason: string, now: number): Promise<void> {
    await this.#db.query('markUnreachable', { ...personParams(person), reason: messageParam(reason, 'an unreachable mark'), now });
  }

  async clearUnreachable(person: PersonRef): Promise<string | undefined> {
    const who = personParams(person);
    const reason = (await this.#db.query('preferences', who)).rows[0]?.unreachable_reason;
    if (typeof reason !== 'string') return undefined;
    // Compare and set: of two clears at once, the second finds the reason gone and changes nothing.
    if (changed(await this.#db.query('clearUnreachable', { ...who, reason })) === 0) return undefined;
    await this.#db.query('dropEmptyPerson', who);
    return reason;
  }

  async queueAlerts(alerts: readonly NewAlert[], now: number): Promise<number> {
    const batches = alertBatches(alerts, now);
    if (batches.length === 0) return 0;
    return this.#db.transaction(async (client) => {
      let added = 0;
      for (const batch of batches) added += changed(await this.#db.query('queueAlerts', batch, client));
      return added;
    });
  }

  async peopleWithAlerts(now: number, platforms?: ReadonlySet<string>): Promise<PersonRef[]> {
    const people = validRows((await this.#db.query('peopleWithAlerts', { now })).rows, personFromRow, this.#onInvalidRow);
    return platforms ? people.filter((person) => platforms.has(person.platform)) : people;
  }

  async claimAlerts(person: PersonRef, owner: string, now: number, leaseUntil: number): Promise<QueuedAlert[]> {
    const { rows } = await this.#db.query('claimAlerts', claimParams(person, owner, now, leaseUntil));
    return oldestFirst(validRows(rows, queuedAlertFromRow, this.#onInvalidRow));
  }

  async completeAlerts(person: PersonRef, owner: string, paperIds: readonly string[], messageId: string, now: number): Promise<number> {
    const params = { ...personParams(person), owner, messageId, now };
    const papers = [...new Set(paperIds)];
    if (papers.length === 0) return 0;
    return this.#db.transaction(async (client) => {
      let sent = 0;
      for (const paperId of papers) sent += changed(await this.#db.query('completeAlert', { ...params, paperId }, client));
      return sent;
    });
  }

  async releaseAlerts(person: PersonRef, owner: string, retryAt: number, error: string, _now: number): Promise<void> {
    await this.#db.query('releaseAlerts', releaseParams(person, owner, retryAt, error));
  }

  async alertedPaperIds(person: PersonRef): Promise<Set<string>> {
    return new Set((await this.#db.query('alertedPaperIds', personParams(person))).rows.map((row) => String(row.paper_id)));
  }

  async forgetPerson(person: PersonRef): Promise<ForgetReport> {
    const steps = forgetSteps(person);
    return this.#db.transaction(async (client) => {
      const report = emptyForgetReport();
      for (const step of steps) report[step.counts] += changed(await this.#db.query(step.name, step.params, client));
      return report;
    });
  }
}
