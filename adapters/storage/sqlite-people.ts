import type Database from 'better-sqlite3';
import type { AddFollowOutcome, Follow, FollowInput, ForgetReport, NewAlert, PeopleStore, PersonPreferences, PersonRef, QueuedAlert, QuietHours } from '../../src/index.js';
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

/** What SqlitePeople needs of the SQLite storage: its prepared statements and its write transaction. */
export interface SqliteStatements {
  run(name: Statement, params: Params): Database.RunResult;
  all(name: Statement, params: Params): Row[];
  get(name: Statement, params: Params): Row | undefined;
  /** Runs `work` in one IMMEDIATE transaction: the write lock is taken first, so nobody else writes in between. */
  immediate<T>(work: () => T): T;
}

/**
 * The PeopleStore on SQLite (see src/ports/people.port.ts for the contract). better-sqlite3
 * is synchronous and the file has one writer at a time, so a check and the write that
 * depends on it (the follow limit) are race-free inside one IMMEDIATE transaction.
 */
export class SqlitePeople implements PeopleStore {
  readonly #db: SqliteStatements;
  readonly #onInvalidRow: InvalidRowHandler;

  constructor(db: SqliteStatements, onInvalidRow: InvalidRowHandler) {
    this.#db = db;
    this.#onInvalidRow = onInvalidRow;
  }

  async addFollow(person: PersonRef, follow: FollowInput, max: number, now: number): Promise<AddFollowOutcome> {
    const params = followParams(person, follow, now);
    return this.#db.immediate((): AddFollowOutcome => {
      const existing = this.#db.get('followByKey', params);
      if (existing) return { status: 'duplicate', follow: followFromRow(existing) };
      const count = Number(this.#db.get('followCount', params)!.n);
      if (count >= max) return { status: 'full', count };
      return { status: 'added', follow: followFromRow(this.#db.get('insertFollow', params)!) };
    });
  }

  async listFollows(person: PersonRef): Promise<Follow[]> {
    return validRows(this.#db.all('listFollows', personParams(person)), followFromRow, this.#onInvalidRow);
  }

  async removeFollows(person: PersonRef, ids: readonly number[] | 'all'): Promise<number> {
    const who = personParams(person);
    return this.#db.immediate(() => {
      const removed = ids === 'all' ? this.#db.run('removeAllFollows', who).changes : followIds(ids).reduce((n, id) => n + this.#db.run('removeFollow', { ...who, id }).changes, 0);
      this.#db.run('dropWaitingAlerts', who);
      return removed;
    });
  }

  async allFollows(platforms?: ReadonlySet<string>): Promise<Follow[]> {
    const rows = platforms ? [...platforms].flatMap((platform) => this.#db.all('platformFollows', { platform })) : this.#db.all('allFollows', {});
    return byId(validRows(rows, followFromRow, this.#onInvalidRow));
  }

  async preferences(person: PersonRef): Promise<PersonPreferences> {
    return preferencesOf(this.#db.get('preferences', personParams(person)), this.#onInvalidRow);
  }

  async setQuietHours(person: PersonRef, quiet: QuietHours | null, now: number): Promise<void> {
    const params = quietParams(person, quiet, now);
    this.#db.immediate(() => {
      this.#db.run('setQuietHours', params);
      this.#db.run('dropEmptyPerson', params);
    });
  }

  async markUnreachable(person: PersonRef, reason: string, now: number): Promise<void> {
    this.#db.run('markUnreachable', { ...personParams(person), reason: messageParam(reason, 'an unreachable mark'), now });
  }

  async clearUnreachable(person: PersonRef): Promise<string | undefined> {
    const who = personParams(person);
    return this.#db.immediate(() => {
      const reason = this.#db.get('preferences', who)?.unreachable_reason;
      if (typeof reason !== 'string' || this.#db.run('clearUnreachable', { ...who, reason }).changes === 0) return undefined;
      this.#db.run('dropEmptyPerson', who);
      return reason;
    });
  }

  async queueAlerts(alerts: readonly NewAlert[], now: number): Promise<number> {
    const batches = alertBatches(alerts, now);
    return this.#db.immediate(() => batches.reduce((added, batch) => added + this.#db.run('queueAlerts', batch).changes, 0));
  }

  async peopleWithAlerts(now: number, platforms?: ReadonlySet<string>): Promise<PersonRef[]> {
    const people = validRows(this.#db.all('peopleWithAlerts', { now }), personFromRow, this.#onInvalidRow);
    return platforms ? people.filter((person) => platforms.has(person.platform)) : people;
  }

  async claimAlerts(person: PersonRef, owner: string, now: number, leaseUntil: number): Promise<QueuedAlert[]> {
    return oldestFirst(validRows(this.#db.all('claimAlerts', claimParams(person, owner, now, leaseUntil)), queuedAlertFromRow, this.#onInvalidRow));
  }

  async completeAlerts(person: PersonRef, owner: string, paperIds: readonly string[], messageId: string, now: number): Promise<number> {
    const params = { ...personParams(person), owner, messageId, now };
    return this.#db.immediate(() => [...new Set(paperIds)].reduce((sent, paperId) => sent + this.#db.run('completeAlert', { ...params, paperId }).changes, 0));
  }

  async releaseAlerts(person: PersonRef, owner: string, retryAt: number, error: string, _now: number): Promise<void> {
    this.#db.run('releaseAlerts', releaseParams(person, owner, retryAt, error));
  }

  async alertedPaperIds(person: PersonRef): Promise<Set<string>> {
    return new Set(this.#db.all('alertedPaperIds', personParams(person)).map((row) => String(row.paper_id)));
  }

  async forgetPerson(person: PersonRef): Promise<ForgetReport> {
    const steps = forgetSteps(person);
    return this.#db.immediate(() => {
      const report = emptyForgetReport();
      for (const step of steps) report[step.counts] += this.#db.run(step.name, step.params).changes;
      return report;
    });
  }
}
