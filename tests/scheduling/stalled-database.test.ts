import { afterEach, describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import type { StorageTimeouts } from '../../adapters/storage/storage-timeouts.js';
import { DEFAULT_DELIVERY_TIMEOUT_MS, DEFAULT_LEASE_MS } from '../../src/scheduling/digest-scheduler.js';
import type { CommandContext, Storage } from '../../src/index.js';
import { BlackholeProxy } from '../helpers/blackhole-proxy.js';
import { freshSchema, type TestSchema } from '../helpers/postgres-schema.js';
import { postgresUrl } from '../helpers/scheduling-storage.js';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness.js';

/**
 * A stalled database never holds the digest pass past the delivery deadline: with the
 * statement timeout far shorter than it, a claim or a record that meets a silent database
 * fails within seconds, the pass ends, and the slot is tried again later and posted once.
 * The database goes silent (a network blackhole) at the moment the scheduler makes the
 * chosen call.
 */
const TIMEOUTS: StorageTimeouts = { connectTimeoutMs: 1_000, statementTimeoutMs: 1_000, busyTimeoutMs: 5_000 };

let h: ServiceHarness | undefined;
let proxy: BlackholeProxy | undefined;
let schema: TestSchema | undefined;
afterEach(async () => {
  proxy?.open();
  await h?.close();
  await schema?.drop();
  await proxy?.close();
  h = undefined;
  proxy = undefined;
  schema = undefined;
});

const ctx: CommandContext = { platform: 'slack', workspace: 'T1', channel: 'C1', user: { id: 'U1', name: 'Ada' }, now: new Date('2026-11-27T06:00:00Z'), canManageChannel: true };

/** The service on PostgreSQL behind a proxy that turns silent when the scheduler next calls `method`. */
async function serviceStallingOn(method: keyof Storage): Promise<{ slack: RecordingAdapter; stallNext: () => void }> {
  schema = await freshSchema(postgresUrl!, 'paperboy_stall');
  const silent = await BlackholeProxy.start({ port: Number(new URL(postgresUrl!).port || 5432) });
  proxy = silent;
  let armed = false;
  const stalling = (storage: Storage): Storage =>
    new Proxy(storage, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (key === method && armed) {
            armed = false;
            silent.blackhole();
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const slack = new RecordingAdapter({ id: 'slack' });
  h = await startServiceHarness({ adapters: () => [slack], config: { databaseUrl: silent.urlFor(schema.url), storageTimeouts: TIMEOUTS }, storage: stalling });
  await h.service.commands.runText('subscribe 09:00 UTC daily 3', ctx);
  return {
    slack,
    stallNext: () => {
      armed = true;
    },
  };
}

describe.skipIf(!postgresUrl)(postgresUrl ? 'the digest pass on a database that goes silent' : 'the digest pass on a database that goes silent (skipped: set PAPERBOY_TEST_DATABASE_URL)', () => {
  it('fails a stalled claim fast, posts nothing, and posts once on the next minute when the database is back', async () => {
    const { slack, stallNext } = await serviceStallingOn('claimSlot');
    h!.at('2026-11-27T09:00:00Z');
    stallNext();
    const started = performance.now();
    const stalled = await h!.tick();
    expect(performance.now() - started).toBeLessThan(DEFAULT_DELIVERY_TIMEOUT_MS);
    expect(stalled.failed).toEqual([
      expect.objectContaining({ subscriptionId: 'slack:T1:C1', attempt: undefined, reason: expect.stringMatching(/PostgreSQL did not answer|no PostgreSQL connection/) }),
    ]);
    expect(slack.posts).toHaveLength(0);

    proxy!.open();
    h!.at('2026-11-27T09:01:00Z');
    expect((await h!.tick()).posted).toHaveLength(1);
    h!.at('2026-11-27T09:02:00Z');
    await h!.tick();
    expect(slack.postsTo('C1')).toHaveLength(1);
  });

  it('fails a read stalled after the claim fast, cannot record that either, and retries the slot once its lease runs out', async () => {
    const { slack, stallNext } = await serviceStallingOn('postedPaperIds');
    h!.at('2026-11-27T09:00:00Z');
    stallNext(); // silent from the read after the claim on: the failure cannot be recorded either
    const stalled = await h!.tick();
    expect(stalled.failed).toEqual([expect.objectContaining({ subscriptionId: 'slack:T1:C1', attempt: 1, reason: expect.stringMatching(/PostgreSQL did not answer|no PostgreSQL connection/) })]);
    expect(h!.logged.map((l) => l.message)).toContain('cannot record the failed digest; it will be retried when the lease runs out');
    expect(slack.posts).toHaveLength(0);

    proxy!.open();
    h!.at('2026-11-27T09:01:00Z');
    expect((await h!.tick()).posted).toHaveLength(0); // our own claim still holds the slot
    h!.at(new Date(Date.parse('2026-11-27T09:00:00Z') + DEFAULT_LEASE_MS).toISOString());
    expect((await h!.tick()).posted).toEqual([expect.objectContaining({ attempt: 2 })]);
    expect(slack.postsTo('C1')).toHaveLength(1);
  });
});
