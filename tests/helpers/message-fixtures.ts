import type { Action, Block, Message, PaperCard } from '../../src/index.js';

/** Hand-built Messages for renderer tests (Slack and Discord): a paper card with the usual buttons, and a message around blocks. */
export function card(overrides: Partial<PaperCard> = {}): PaperCard {
  const paperId = overrides.paperId ?? 'p1';
  const actions: Action[] = [
    { kind: 'related', label: 'Related', invocation: { name: 'related', options: { paper: paperId } } },
    { kind: 'save', label: 'Save', invocation: { name: 'save', options: { paper: paperId } } },
  ];
  return { paperId, title: 'Attention Is All You Need', url: 'https://arxiv.org/abs/1706.03762', actions, ...overrides };
}

export const message = (blocks: Block[], visibility: Message['visibility'] = 'private', fallback = 'Results'): Message => ({ visibility, fallback, blocks });

/** Save and Cite, as an alert's cards carry them. */
export function alertActions(paperId: string): Action[] {
  return [
    { kind: 'save', label: 'Save', invocation: { name: 'save', options: { paper: paperId } } },
    { kind: 'cite', label: 'Cite', invocation: { name: 'cite', options: { paper: paperId } } },
  ];
}

/** A direct message shaped like an alert (heading, cards saying why they matched, a closing note): what postDirect tests send. */
export function alertMessage(cards: readonly PaperCard[], heading = 'New papers for you'): Message {
  return {
    visibility: 'private',
    fallback: `${heading}: ${cards.map((c) => c.title).join(' · ')}`,
    blocks: [{ type: 'heading', text: heading }, ...cards.map((c) => ({ type: 'paper' as const, card: c })), { type: 'note', text: 'Change what you follow with /papers following.' }],
  };
}
