import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openStorage } from '../../adapters/storage/open-storage.js';
import type { Storage } from '../../src/index.js';

/**
 * The database a scenario's processes share: an SQLite file in the scenario's directory, or a
 * fresh PostgreSQL database created for the run (dropped after, connections and all). The suite
 * keeps its own connection, straight to the database (never through the fault proxy), to
 * subscribe channels and to watch their slots get recorded.
 */
export interface ChaosDatabase {
  readonly kind: 'sqlite' | 'postgres';
  /** DATABASE_URL for the service ('' for SQLite); `proxyPort` routes it through a TcpProxy. */
  databaseUrl(proxyPort?: number): string;
  /** Subscribes `n` Slack channels whose digest fell due a few minutes ago; returns their channel ids. */
  subscribe(n: number, now?: Date): Promise<string[]>;
  /** How many of the subscribed channels have their slot recorded as posted. */
  posted(): Promise<number>;
  destroy(): Promise<void>;
}

/** Slack team id of every subscribed channel (the fake's own). */
const WORKSPACE = 'T0001';

/**
 * A subscription time `minutesAgo` in the past, in a zone where it is about noon: far from
 * midnight, where a slot belongs to the day before and is never caught up. Etc/GMT-N is UTC+N.
 */
export function slotMinutesAgo(now: Date, minutesAgo: number): { timezone: string; time: string; localDate: string } {
  const offset = 12 - now.getUTCHours();
  const timezone = offset === 0 ? 'UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  const local = new Date(now.getTime() + offset * 3_600_000 - minutesAgo * 60_000);
  return { timezone, time: local.toISOString().slice(11, 16), localDate: local.toISOString().slice(0, 10) };
}

function tracking(kind: 'sqlite' | 'postgres', storage: Storage, databaseUrl: (proxyPort?: number) => string, drop: () => Promise<void>): ChaosDatabase {
  let subscribed: Array<{ id: string; localDate: string }> = [];
  return {
    kind,
    databaseUrl,
    async subscribe(n, now = new Date()) {
      const slot = slotMinutesAgo(now, 3);
      // Saved an hour before the slot: a slot that passed before its subscription was saved is not due.
      const savedAt = now.getTime() - 3_600_000;
      const channels: string[] = [];
      for (let i = 0; i < n; i += 1) {
        const channel = `C${String(i).padStart(5, '0')}`;
        const subscription = await storage.saveSubscription(
          { platform: 'slack', workspace: WORKSPACE, channel },
          { time: slot.time, timezone: slot.timezone, days: 'daily', count: 3 },
          'chaos',
          savedAt,
        );
        subscribed.push({ id: subscription.id, localDate: slot.localDate });
        channels.push(channel);
      }
      return channels;
    },
    async posted() {
      let count = 0;
      for (const { id, localDate } of subscribed) {
        if ((await storage.getSlot(id, localDate))?.status === 'posted') count += 1;
      }
      return count;
    },
    async destroy() {
      subscribed = [];
      await storage.close().catch(() => undefined);
      await drop();
    },
  };
}

export async function sqliteDatabase(dir: string): Promise<ChaosDatabase> {
  mkdirSync(dir, { recursive: true });
  // The service's file name in PAPERBOY_DATA_DIR: every process of the scenario gets this directory.
  const storage = await openStorage({ sqliteFile: join(dir, 'paperboy.sqlite') });
  return tracking(
    'sqlite',
    storage,
    () => '',
    async () => {},
  );
}

/** A new database `paperboy_chaos_<random>` next to the one `adminUrl` names; dropped by destroy(). */
export async function postgresDatabase(adminUrl: string): Promise<ChaosDatabase> {
  const name = `paperboy_chaos_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let storage: Storage;
  try {
    storage = await openStorage({ databaseUrl: url.toString(), sqliteFile: '/nonexistent' });
  } catch (error) {
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw error;
  }
  const databaseUrl = (proxyPort?: number): string => {
    if (proxyPort === undefined) return url.toString();
    const proxied = new URL(url);
    proxied.host = `127.0.0.1:${proxyPort}`;
    return proxied.toString();
  };
  return tracking('postgres', storage, databaseUrl, () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
