/**
 * Words that say what a person wants rather than what a paper is about: "does anyone know
 * papers about…", "methods that make attention cheaper". The analyzer already drops
 * English stop words everywhere; these go from queries only (a paper's "method" section is
 * still text). Measured on SciFact claims and chat questions: they cost nothing there and
 * stop generic words from outranking the topic (README, Relevance).
 */
export const QUERY_STOP_WORDS: ReadonlySet<string> = new Set([
  'does',
  'doing',
  'paper',
  'papers',
  'method',
  'methods',
  'approach',
  'approaches',
  'technique',
  'techniques',
  'anyone',
  'know',
  'find',
  'show',
  'tell',
  'recommend',
  'please',
  'looking',
  'want',
  'need',
  'help',
  'something',
  'anything',
  'no',
  'not',
]);
