/**
 * Whether the corpus can answer yet. An index that is being built (a new container, a
 * changed analyzer, a corrupt file) says how far it got, so users and load balancers see
 * progress instead of errors.
 */
export type CorpusStatus = { readonly state: 'ready' } | { readonly state: 'indexing'; readonly done: number; readonly total: number; readonly reason: string };

export const READY: CorpusStatus = { state: 'ready' };

/** "Indexing 41,000 of 100,000 papers; try again in a minute." */
export function describeStatus(status: CorpusStatus): string {
  if (status.state === 'ready') return 'The corpus is ready.';
  const count = (n: number): string => n.toLocaleString('en-US');
  const progress = status.total > 0 ? `${count(status.done)} of ${count(status.total)} papers` : 'the papers';
  return `Indexing ${progress}; try again in a minute.`;
}
