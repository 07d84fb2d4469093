import { describe, expect, it } from 'vitest';
import { StorageProbe } from '../../adapters/service/storage-probe.js';
import type { Storage } from '../../src/index.js';

/**
 * The readiness probe's question to storage, against a storage whose one read the test
 * answers by hand: it answers in time whatever the database does, and never piles up reads.
 */
function heldStorage() {
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const storage = {
    kind: 'postgres',
    getSubscription: () =>
      new Promise<undefined>((resolve, reject) => {
        pending.push({ resolve: () => resolve(undefined), reject });
      }),
  } as unknown as Storage;
  return { storage, pending };
}

describe('the storage probe', () => {
  it('answers ok with how long the read took', async () => {
    const { storage, pending } = heldStorage();
    const probe = new StorageProbe(storage, { timeoutMs: 10_000 });
    const answer = probe.check();
    pending[0]!.resolve();
    expect(await answer).toEqual({ state: 'ok', kind: 'postgres', ms: expect.any(Number) });
  });

  it('answers error with the driver’s message', async () => {
    const { storage, pending } = heldStorage();
    const probe = new StorageProbe(storage, { timeoutMs: 10_000 });
    const answer = probe.check();
    pending[0]!.reject(new Error('connection refused'));
    expect(await answer).toMatchObject({ state: 'error', kind: 'postgres', error: 'connection refused' });
  });

  it('answers timeout when the read hangs, shares the one read in flight, and asks again only once it settled', async () => {
    const { storage, pending } = heldStorage();
    const probe = new StorageProbe(storage, { timeoutMs: 50 });
    const answers = await Promise.all([probe.check(), probe.check(), probe.check()]);
    for (const answer of answers) expect(answer).toEqual({ state: 'timeout', kind: 'postgres', error: 'no answer within 50 ms' });
    expect(pending).toHaveLength(1);
    // Past its limit, the hung read is answered "timeout" at once, still without a second read.
    expect(await probe.check()).toMatchObject({ state: 'timeout' });
    expect(pending).toHaveLength(1);
    // When it finally fails, whoever asks then hears so; the next check asks again.
    pending[0]!.reject(new Error('Query read timeout'));
    expect(await probe.check()).toMatchObject({ state: 'error', error: 'Query read timeout' });
    const next = probe.check();
    expect(pending).toHaveLength(2);
    pending[1]!.resolve();
    expect(await next).toMatchObject({ state: 'ok' });
  });

  it('treats a driver that throws at once as an answer', async () => {
    const storage = {
      kind: 'sqlite',
      getSubscription: () => {
        throw new Error('the SQLite storage is closed');
      },
    } as unknown as Storage;
    expect(await new StorageProbe(storage).check()).toMatchObject({ state: 'error', kind: 'sqlite', error: 'the SQLite storage is closed' });
  });
});
