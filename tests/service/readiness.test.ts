import { afterEach, describe, expect, it } from 'vitest';
import type { StorageTimeouts } from '../../adapters/storage/storage-timeouts.js';
import { BlackholeProxy } from '../helpers/blackhole-proxy.js';
import { freshSchema, type TestSchema } from '../helpers/postgres-schema.js';
import { postgresUrl } from '../helpers/scheduling-storage.js';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness.js';

/**
 * What a load balancer sees when the database stops answering (a network blackhole, not a
 * refusal): liveness answers at once, readiness answers 503 naming storage, both well
 * before a client's 1.5 s timeout; and readiness comes back by itself with the database.
 */
const CLIENT_TIMEOUT_MS = 1_500;
const TIMEOUTS: StorageTimeouts = { connectTimeoutMs: 2_000, statementTimeoutMs: 3_000, busyTimeoutMs: 5_000 };

type Answer = { status: number; body: { status: string; checks: { storage: { state: string; kind: string; error?: string } } } };

let h: ServiceHarness | undefined;
let proxy: BlackholeProxy | undefined;
let schema: TestSchema | undefined;
afterEach(async () => {
  proxy?.open(); // a stop must not wait on a silent database
  await h?.close();
  await schema?.drop();
  await proxy?.close();
  h = undefined;
  proxy = undefined;
  schema = undefined;
});

/** GET with the client timeout a load balancer would use: a slower answer fails the test. */
async function get(path: string): Promise<Answer> {
  const res = await fetch(`${h!.service.url}${path}`, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

describe.skipIf(!postgresUrl)(postgresUrl ? 'a service whose PostgreSQL goes silent' : 'a service whose PostgreSQL goes silent (skipped: set PAPERBOY_TEST_DATABASE_URL)', () => {
  it('answers /healthz 200 and /readyz 503 (storage: timeout) before the client gives up, and is ready again once the database is back', async () => {
    schema = await freshSchema(postgresUrl!, 'paperboy_readyz');
    proxy = await BlackholeProxy.start({ port: Number(new URL(postgresUrl!).port || 5432) });
    h = await startServiceHarness({ adapters: () => [], config: { databaseUrl: proxy.urlFor(schema.url), storageTimeouts: TIMEOUTS } });
    expect(await get('/readyz')).toMatchObject({ status: 200, body: { status: 'ready', checks: { storage: { state: 'ok', kind: 'postgres' } } } });

    proxy.blackhole();
    expect(await get('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    // Load balancers probing together share one question to the database.
    const together = await Promise.all([get('/readyz'), get('/readyz'), get('/readyz')]);
    for (const answer of together) expect(answer).toMatchObject({ status: 503, body: { status: 'not-ready', checks: { storage: { state: 'timeout', kind: 'postgres' } } } });
    // While that question still hangs, the next probe hears "timeout" without asking again.
    expect(await get('/readyz')).toMatchObject({ status: 503, body: { checks: { storage: { state: 'timeout' } } } });
    expect((await get('/healthz')).status).toBe(200);

    proxy.open();
    let answer = await get('/readyz');
    while (answer.status !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 50)); // poll until the database answers again
      answer = await get('/readyz');
    }
    expect(answer.body).toMatchObject({ status: 'ready', checks: { storage: { state: 'ok' } } });
  });
});
