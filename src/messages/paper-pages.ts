import type { Block, Message } from './message.js';

/**
 * The message with every paper card linking to its page on the team's paperboy site, so
 * chat leads to the team's page rather than away from it. `pageOf` answers undefined when
 * there is no page to link to (no public URL): such a card is left exactly as it was, and
 * so is every block that is not a card. Pure: the message given is never changed.
 */
export function withPaperPages(message: Message, pageOf: (paperId: string) => string | undefined): Message {
  let changed = false;
  const blocks = message.blocks.map((block): Block => {
    if (block.type !== 'paper') return block;
    const pageUrl = pageOf(block.card.paperId);
    if (pageUrl === undefined) return block;
    changed = true;
    return { ...block, card: { ...block.card, pageUrl } };
  });
  return changed ? { ...message, blocks } : message;
}
