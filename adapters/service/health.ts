import type { Paperboy } from '../../src/index.js';
import type { AdapterConnection, ChatAdapter } from '../chat-adapter.js';
import type { IndexReport, SearchHost } from '../search/search-host.js';
import type { StorageCheck, StorageProbe } from './storage-probe.js';

/**
 * The service's two health answers.
 * - Liveness (/healthz): the process is alive. Built from what is in memory, so it answers
 *   at once whatever the database or the platforms do; a failing one means "restart me".
 * - Readiness (/readyz): this replica can do its work now: storage answered a cheap read
 *   within a second, the search index is ready, every chat adapter is connected. A failing
 *   one means "send traffic elsewhere for now"; each part says its state, so the body is
 *   also the first thing to read when something is wrong.
 */
export interface HealthDeps {
  readonly paperboy: Paperboy;
  readonly search: SearchHost;
  readonly probe: StorageProbe;
  readonly storageKind: string;
  readonly adapters: ReadonlyMap<string, ChatAdapter>;
  readonly instance: string;
  /** Seconds since the service started. */
  readonly uptimeSeconds: () => number;
  readonly stopping: () => boolean;
  /** Why the search index could not be opened, if it could not. */
  readonly indexError: () => string | undefined;
}

export interface Liveness {
  readonly status: 'ok' | 'stopping';
  readonly papers: number;
  readonly index: IndexReport;
  readonly storage: { readonly kind: string };
  readonly adapters: readonly string[];
  readonly instance: string;
  readonly uptimeSeconds: number;
}

export interface IndexCheck {
  readonly state: IndexReport['state'] | 'failed';
  readonly engine: IndexReport['engine'];
  readonly papers: number;
  readonly progress?: IndexReport['progress'];
  readonly error?: string;
}

export interface Readiness {
  readonly status: 'ready' | 'not-ready';
  readonly instance: string;
  readonly checks: {
    readonly service: { readonly state: 'running' | 'stopping' };
    readonly storage: StorageCheck;
    readonly index: IndexCheck;
    readonly adapters: Readonly<Record<string, AdapterConnection>>;
  };
}

export function liveness(deps: HealthDeps): Liveness {
  return {
    status: deps.stopping() ? 'stopping' : 'ok',
    papers: deps.paperboy.papers.size,
    index: deps.search.report(),
    storage: { kind: deps.storageKind },
    adapters: [...deps.adapters.keys()],
    instance: deps.instance,
    uptimeSeconds: deps.uptimeSeconds(),
  };
}

export async function readiness(deps: HealthDeps): Promise<Readiness> {
  const storage = await deps.probe.check();
  const report = deps.search.report();
  const indexError = deps.indexError();
  const index: IndexCheck = {
    state: indexError ? 'failed' : report.state,
    engine: report.engine,
    papers: report.papers,
    ...(report.progress ? { progress: report.progress } : {}),
    ...(indexError ? { error: indexError } : {}),
  };
  const adapters = Object.fromEntries([...deps.adapters].map(([id, adapter]) => [id, adapter.connection()]));
  const stopping = deps.stopping();
  const ready = !stopping && storage.state === 'ok' && index.state === 'ready' && Object.values(adapters).every((a) => a.state === 'connected');
  return {
    status: ready ? 'ready' : 'not-ready',
    instance: deps.instance,
    checks: { service: { state: stopping ? 'stopping' : 'running' }, storage, index, adapters },
  };
}
