import { bibtexEntry, bibtexFile, BIBTEX_MEDIA_TYPE } from '../cite/bibtex.js';
import { citationKey } from '../cite/bibtex-key.js';
import type { Message } from '../messages/message.js';
import { textMessage } from '../messages/message.js';
import type { CommandContext, CommandServices } from './command-context.js';
import { findPaper } from './lookup-commands.js';

/** cite and `saved bibtex`: papers as BibTeX to paste into LaTeX, answered privately. */
export const SAVED_BIBTEX_FILE = 'paperboy-saved.bib';

export async function citeCommand(services: CommandServices, options: { paper: string }): Promise<Message> {
  const paper = await findPaper(services.paperboy, options.paper);
  if (!paper.ok) return textMessage(paper.message);
  const entry = bibtexEntry(paper.value);
  return {
    visibility: 'private',
    fallback: `BibTeX for “${paper.value.title}”`,
    blocks: [
      { type: 'note', text: `BibTeX for “${paper.value.title}”, key ${citationKey(paper.value)}:` },
      { type: 'code', text: entry },
    ],
  };
}

/** The user's saved papers as one .bib file, keys unique within it. */
export async function savedBibtexCommand(services: CommandServices, ctx: CommandContext): Promise<Message> {
  const ids = await services.storage.savedPaperIds(ctx.platform, ctx.workspace, ctx.user.id);
  const papers = ids.map((id) => services.paperboy.papers.get(id)).filter((p) => p !== undefined);
  if (papers.length === 0) {
    const why = ids.length === 0 ? 'You have no saved papers yet' : 'None of your saved papers is in the corpus any more';
    return textMessage(`${why}, so there is nothing to cite. Save papers with /papers save <paper> or the Save button, then ask again.`);
  }
  const missing = ids.length - papers.length;
  const count = `${papers.length} ${papers.length === 1 ? 'entry' : 'entries'}`;
  return {
    visibility: 'private',
    fallback: `Your saved papers as BibTeX: ${SAVED_BIBTEX_FILE} (${count})`,
    blocks: [
      { type: 'text', text: `Your saved papers as BibTeX: ${SAVED_BIBTEX_FILE}, ${count}.` },
      ...(missing > 0 ? [{ type: 'note' as const, text: `${missing} saved paper${missing === 1 ? ' is' : 's are'} no longer in the corpus and left out.` }] : []),
    ],
    file: { name: SAVED_BIBTEX_FILE, mediaType: BIBTEX_MEDIA_TYPE, content: bibtexFile(papers) },
  };
}
