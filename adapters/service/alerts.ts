import { AlertDispatcher, DeliveryError, FeedAlerts, type Clock, type DeliverAlert, type Logger, type MetricsObserver, type Paperboy, type Storage, withPaperPages } from '../../src/index.js';
import type { ChatAdapter } from '../chat-adapter.js';

/**
 * Alerts in a running process: a dispatcher that sends the queue through the adapters
 * this process runs (only people on those platforms: another replica or a chat session
 * sends the rest), and the feed hook that queues a read's matches for everyone, whatever
 * their platform (a replica that reads feeds but has no Discord token still queues Discord
 * people's alerts, for the replicas that have it), and sends its own at once.
 */
export interface ProcessAlerts {
  readonly dispatcher: AlertDispatcher;
  readonly feedAlerts: FeedAlerts;
}

export interface ProcessAlertsDeps {
  readonly paperboy: Paperboy;
  readonly storage: Storage;
  readonly adapters: ReadonlyMap<string, ChatAdapter>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Unique per process (config.instance). */
  readonly owner: string;
  readonly leaseMs?: number | undefined;
  /** Counts the DMs sent and failed (the service's Prometheus metrics). */
  readonly metrics?: MetricsObserver | undefined;
  /** A paper's page on the team's site, for the cards to link to; absent, they link to the paper's source. */
  readonly pageOf?: ((paperId: string) => string | undefined) | undefined;
}

/** A direct message through the person's platform's adapter, its cards linking to `pageOf`'s pages when given. */
export function deliverDirect(adapters: ReadonlyMap<string, ChatAdapter>, pageOf?: (paperId: string) => string | undefined): DeliverAlert {
  return async (person, message) => {
    const adapter = adapters.get(person.platform);
    // Not the person's fault: only people on running platforms are claimed, so this is a bug; retried, never marked.
    if (!adapter) throw new DeliveryError(`${person.platform} is not connected in this process`, { permanent: false });
    return adapter.postDirect(person, pageOf ? withPaperPages(message, pageOf) : message);
  };
}

export function processAlerts(deps: ProcessAlertsDeps): ProcessAlerts {
  const platforms = new Set(deps.adapters.keys());
  const { pageOf } = deps;
  // A paper another replica read and this one does not know yet has no page here: its card keeps linking to arXiv.
  const knownPageOf = pageOf && ((id: string) => (deps.paperboy.papers.get(id) ? pageOf(id) : undefined));
  const dispatcher = new AlertDispatcher({
    storage: deps.storage,
    deliver: deliverDirect(deps.adapters, knownPageOf),
    clock: deps.clock,
    owner: deps.owner,
    logger: deps.logger,
    paperOf: (id) => deps.paperboy.papers.get(id),
    leaseMs: deps.leaseMs,
    platforms,
    metrics: deps.metrics,
  });
  const feedAlerts = new FeedAlerts({ storage: deps.storage, dispatcher, clock: deps.clock, logger: deps.logger });
  return { dispatcher, feedAlerts };
}
