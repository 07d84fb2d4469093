import { afterEach, describe } from 'vitest';
import type { Storage } from '../../src/ports/storage.port.js';
import { alertsContract } from './contract/alerts.contract.js';
import { archiveContract } from './contract/archive.contract.js';
import { discussionsContract } from './contract/discussions.contract.js';
import { forgetContract } from './contract/forget.contract.js';
import { lifecycleContract } from './contract/lifecycle.contract.js';
import { peopleContract } from './contract/people.contract.js';
import { readingListContract } from './contract/reading-list.contract.js';
import { signalsAndPapersContract } from './contract/signals-papers.contract.js';
import { slotsContract } from './contract/slots.contract.js';
import { subscriptionsContract } from './contract/subscriptions.contract.js';
import { weeklyContract } from './contract/weekly.contract.js';

/** How one implementation is opened for the shared suite. */
export interface StorageHarness {
  /** `kind` the implementation reports. */
  readonly kind: string;
  /** A storage on an empty database (or schema). */
  open(): Promise<Storage>;
  /** A second, independent storage (own connection or pool) on the same database as `first`. */
  openSecond(first: Storage): Promise<Storage>;
  /** Runs raw SQL on the database behind `storage` (to damage rows the way another program might); returns its rows. */
  sql(storage: Storage, text: string): Promise<Record<string, unknown>[]>;
}

/** The harness as the contract sections see it: everything opened is closed after each test. */
export interface ContractContext extends StorageHarness {
  readonly name: string;
}

/**
 * Every behaviour the Storage interface promises, run against each implementation so
 * SQLite and PostgreSQL cannot differ.
 */
export function describeStorageContract(name: string, harness: StorageHarness): void {
  describe(`${name}: Storage contract`, () => {
    const opened: Storage[] = [];
    const track = (storage: Storage): Storage => {
      opened.push(storage);
      return storage;
    };
    const context: ContractContext = {
      name,
      kind: harness.kind,
      open: async () => track(await harness.open()),
      openSecond: async (first) => track(await harness.openSecond(first)),
      sql: (storage, text) => harness.sql(storage, text),
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((storage) => storage.close()));
    });

    subscriptionsContract(context);
    slotsContract(context);
    signalsAndPapersContract(context);
    discussionsContract(context);
    lifecycleContract(context);
    weeklyContract(context);
    peopleContract(context);
    alertsContract(context);
    forgetContract(context);
    archiveContract(context);
    readingListContract(context);
  });
}
