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
 * Where the memory engine stops being the better choice: below it, the in-memory index
 * loads from its snapshot in about the time the disk engine's worker threads take to
 * start, and answers near spellings and title autocomplete with MiniSearch's own fuzzy
 * matching; above it, the snapshot grows by about 8 KB of heap and a few seconds of load
 * time per thousand papers while the disk engine opens in milliseconds (`npm run bench
 * -- --only scale`).
 */
export const DEFAULT_CROSSOVER = 10_000;

export type EngineKind = 'memory' | 'disk';

/** The engine for a corpus of `papers`: the override, or the crossover with some hysteresis once a disk index exists. */
export function chooseEngine(settings: Pick<SearchSettings, 'mode' | 'crossover'>, papers: number, diskIndexExists: boolean): EngineKind {
  if (settings.mode !== 'auto') return settings.mode;
  // A corpus hovering around the crossover must not flip engines (and rebuild) on every restart.
  const threshold = diskIndexExists ? settings.crossover / 2 : settings.crossover;
  return papers >= threshold ? 'disk' : 'memory';
}
