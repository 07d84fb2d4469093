import { createPaperboy, memoryEngine, PaperCollection } from '../../src/index.js';
import { searchEngineContract } from './search-engine.contract.js';

searchEngineContract('MiniSearch in memory', async (drafts, options) => {
  const papers = new PaperCollection();
  papers.addAll(drafts);
  const { reader, writer } = memoryEngine(papers, options?.ranking);
  return { paperboy: createPaperboy({ papers, reader, writer }), close: async () => {} };
});
