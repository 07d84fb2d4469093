import { afterAll } from 'vitest';
import { hostPlace, openMemoryHost, type HostPlace } from '../helpers/search-hosts.js';
import { searchEngineContract } from './search-engine.contract.js';

/** The memory engine as the service runs it: storage saves, MiniSearch takes the papers, a snapshot keeps them. */
const places: HostPlace[] = [];
afterAll(() => {
  for (const place of places) place.remove();
});

searchEngineContract('MiniSearch hosted over storage', async (drafts, options) => {
  const place = hostPlace();
  places.push(place);
  const storage = place.openStorage();
  const host = openMemoryHost(place, storage, options?.ranking ? { ranking: options.ranking } : {});
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
