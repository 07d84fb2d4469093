import { afterAll } from 'vitest';
import { hostPlace, openDiskHost, type HostPlace } from '../helpers/search-hosts.js';
import { searchEngineContract } from './search-engine.contract.js';

/** The disk engine as the service runs it: storage saves, the index file takes the papers, worker threads answer. */
const places: HostPlace[] = [];
afterAll(() => {
  for (const place of places) place.remove();
});

searchEngineContract('SQLite FTS5 on disk, behind worker threads', async (drafts, options) => {
  const place = hostPlace();
  places.push(place);
  const storage = place.openStorage();
  const host = openDiskHost(place, storage, { workers: 1, ...(options?.ranking ? { ranking: options.ranking } : {}) });
  await host.start();
  await host.paperboy.ingest({ papers: [...drafts], problems: [] });
  return {
    paperboy: host.paperboy,
    close: async () => {
      await host.close();
      await storage.close();
    },
  };
});
