import type { Action, ActionKind } from '../messages/message.js';

/** The buttons a paper card can carry, each a command a click would run. */
const ACTIONS: Record<Exclude<ActionKind, 'next-page'>, (paperId: string) => Action> = {
  related: (paper) => ({ kind: 'related', label: 'Related', invocation: { name: 'related', options: { paper } } }),
  save: (paper) => ({ kind: 'save', label: 'Save', invocation: { name: 'save', options: { paper } } }),
  share: (paper) => ({ kind: 'share', label: 'Share in channel', invocation: { name: 'share', options: { paper } } }),
  discuss: (paper) => ({ kind: 'discuss', label: 'Discuss', invocation: { name: 'discuss', options: { paper } } }),
  cite: (paper) => ({ kind: 'cite', label: 'Cite', invocation: { name: 'cite', options: { paper } } }),
  upvote: (paper) => ({ kind: 'upvote', label: '👍', invocation: { name: 'upvote', options: { paper } } }),
};

export function paperActions(paperId: string, kinds: ReadonlyArray<Exclude<ActionKind, 'next-page'>>): Action[] {
  return kinds.map((kind) => ACTIONS[kind](paperId));
}
