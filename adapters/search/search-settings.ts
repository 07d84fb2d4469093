/**
 * How the service and the CLI pick and run a search engine: the disk engine's settings
 * are this adapter's own, built by the service configuration (PAPERBOY_SEARCH,
 * PAPERBOY_SEARCH_WORKERS) and passed in.
 */
export type SearchMode = 'auto' | 'memory' | 'disk';

export interface SearchSettings {
  readonly mode: SearchMode;
  /** Where the index files live (PAPERBOY_DATA_DIR). */
  readonly dataDir: string;
  /** Worker threads answering searches on the disk engine in the service; 0 answers in this thread. */
  readonly workers: number;
  /** From this many papers on, `auto` picks the disk engine (measured: README, "Search engines"). */
  readonly crossover: number;
}

/**
 * Where the memory engine stops being the better choice (`npm run bench -- --only
 * crossover`, README "Where the engines cross"): below it, MiniSearch answers a lone search
 * about twice as fast and gives typo-tolerant title autocomplete; from about 2,000 papers
 * its searches, which run in the main thread, start to delay Slack acks during a burst
 * (p99 65 ms at 2k, 159 ms at 5k, 300 ms at 10k, against 14-35 ms on disk) and its restart
 * grows (1.3 s at 2k, 2.8 s at 10k) while the disk engine's stays under a second.
 */
export const DEFAULT_CROSSOVER = 2_000;

export type EngineKind = 'memory' | 'disk';

/** The engine for a corpus of `papers`: the override, or the crossover with some hysteresis once a disk index exists. */
export function chooseEngine(settings: Pick<SearchSettings, 'mode' | 'crossover'>, papers: number, diskIndexExists: boolean): EngineKind {
  if (settings.mode !== 'auto') return settings.mode;
  // A corpus hovering around the crossover must not flip engines (and rebuild) on every restart.
  const threshold = diskIndexExists ? settings.crossover / 2 : settings.crossover;
  return papers >= threshold ? 'disk' : 'memory';
}
