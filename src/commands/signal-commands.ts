import type { Message } from '../messages/message.js';
import { textMessage } from '../messages/message.js';
import type { CommandContext, CommandServices } from './command-context.js';
import { fullCard } from './lookup-commands.js';
import { paperActions } from './paper-actions.js';

/** save, saved, upvote and share: what a team does with papers, which also feeds trending. */
const SAVED_SHOWN = 20;

export async function saveCommand(services: CommandServices, ctx: CommandContext, options: { paper: string }): Promise<Message> {
  const paper = await services.paperboy.show(options.paper);
  if (!paper.ok) return textMessage(paper.error.message);
  const added = await services.storage.addSignal({ platform: ctx.platform, workspace: ctx.workspace, paperId: paper.value.id, user: ctx.user.id, kind: 'save' }, ctx.now.getTime());
  return textMessage(added ? `Saved “${paper.value.title}”. /papers saved lists your papers.` : `“${paper.value.title}” was already in your saved papers.`);
}

export async function upvoteCommand(services: CommandServices, ctx: CommandContext, options: { paper: string }): Promise<Message> {
  const paper = await services.paperboy.show(options.paper);
  if (!paper.ok) return textMessage(paper.error.message);
  const added = await services.storage.addSignal({ platform: ctx.platform, workspace: ctx.workspace, paperId: paper.value.id, user: ctx.user.id, kind: 'reaction' }, ctx.now.getTime());
  return textMessage(added ? `👍 counted for “${paper.value.title}”: it ranks higher in this team’s trending.` : `You already upvoted “${paper.value.title}”.`);
}

export async function savedCommand(services: CommandServices, ctx: CommandContext): Promise<Message> {
  const ids = await services.storage.savedPaperIds(ctx.platform, ctx.workspace, ctx.user.id);
  if (ids.length === 0) return textMessage('You have no saved papers yet. Save one with /papers save <paper id>, or the Save button on any result.');
  const papers = ids.map((id) => services.paperboy.papers.get(id)).filter((p) => p !== undefined);
  const missing = ids.length - papers.length;
  const shown = papers.slice(0, SAVED_SHOWN);
  return {
    visibility: 'private',
    fallback: `Your saved papers: ${shown.map((p) => p.title).join(' · ')}`,
    blocks: [
      { type: 'heading', text: `Your saved papers (${papers.length})` },
      ...shown.map((p, i) => ({
        type: 'paper' as const,
        card: {
          paperId: p.id,
          title: p.title,
          rank: i + 1,
          ...(p.url ? { url: p.url } : {}),
          ...(p.codeUrls[0] ? { codeUrl: p.codeUrls[0] } : {}),
          actions: paperActions(p.id, ['related', 'share', 'cite']),
        },
      })),
      ...(papers.length > SAVED_SHOWN ? [{ type: 'note' as const, text: `and ${papers.length - SAVED_SHOWN} more` }] : []),
      ...(missing > 0 ? [{ type: 'note' as const, text: `${missing} saved paper${missing === 1 ? ' is' : 's are'} no longer in the corpus.` }] : []),
    ],
  };
}

/** The paper's card, posted for the whole channel and attributed to whoever shared it. */
export async function shareCommand(services: CommandServices, ctx: CommandContext, options: { paper: string }): Promise<Message> {
  const paper = await services.paperboy.show(options.paper);
  if (!paper.ok) return textMessage(paper.error.message);
  const card = fullCard(paper.value, false);
  return {
    visibility: 'channel',
    fallback: `${ctx.user.name} shared: ${paper.value.title}`,
    blocks: [
      { type: 'note', text: `${ctx.user.name} shared:` },
      { type: 'paper', card: { ...card, actions: paperActions(paper.value.id, ['save', 'upvote', 'discuss', 'cite']) } },
    ],
  };
}
