import { bibtexFile, findPaper, type Paper } from '../../../src/index.js';
import { CliExit, CliFailure, type CliContext } from '../cli-context.js';

/** `paperboy cite` and `paperboy saved`: BibTeX for papers, and a team's or a person's reading list. */

/**
 * Prints one BibTeX entry per paper, keys unique across them (so the output is one valid
 * .bib). A paper that cannot be found gets the closest titles on stderr; the others are
 * still printed, and the exit status is 1.
 */
export async function citeCommand(ctx: CliContext, refs: string[]): Promise<void> {
  const papers: Paper[] = [];
  let missing = 0;
  for (const ref of refs) {
    const found = await findPaper(ctx.paperboy(), ref);
    if (found.ok) papers.push(found.value);
    else {
      missing += 1;
      ctx.warn(found.message);
    }
  }
  if (papers.length > 0) ctx.out(bibtexFile(papers));
  if (missing > 0) throw new CliExit(1);
}

export interface SavedOptions {
  /** `platform:workspace`, as subscriptions name them: `slack:T0123`, `discord:300000000000000001`. */
  readonly team: string;
  readonly user?: string;
  readonly bibtex?: boolean;
  readonly json?: boolean;
}

const TEAM = /^([a-z]+):([^\s:]+)$/;

/** The ids a team saved (most saved first), or one person's (newest first). */
async function savedIds(ctx: CliContext, platform: string, workspace: string, user: string | undefined): Promise<string[]> {
  const storage = ctx.storage();
  if (!storage) throw new CliFailure('no storage to read saves from: saves are kept by the running service (npm start), in PAPERBOY_DATA_DIR or DATABASE_URL');
  if (user !== undefined) return storage.savedPaperIds(platform, workspace, user);
  const signals = await storage.teamSignals(platform, workspace);
  return [...signals]
    .filter(([, s]) => s.saves > 0)
    .sort(([a, x], [b, y]) => y.saves - x.saves || (a < b ? -1 : 1))
    .map(([id]) => id);
}

export async function savedCommand(ctx: CliContext, options: SavedOptions): Promise<void> {
  const team = TEAM.exec(options.team.trim());
  if (!team) throw new CliFailure(`--team takes platform:workspace, e.g. slack:T0123 or discord:300000000000000001 (got "${options.team.slice(0, 60)}")`);
  const [, platform = '', workspace = ''] = team;
  const user = options.user?.trim() || undefined;
  const ids = await savedIds(ctx, platform, workspace, user);
  const papers = ids.flatMap((id) => ctx.paperboy().papers.get(id) ?? []);
  const whose = user ? `${user} in ${platform}:${workspace}` : `${platform}:${workspace}`;
  if (ids.length > papers.length) ctx.warn(`${ids.length - papers.length} saved paper(s) of ${whose} are no longer in the corpus and left out`);
  if (papers.length === 0) {
    ctx.warn(`${whose} has no saved papers${options.bibtex ? ', so there is nothing to cite' : ''}`);
    return;
  }
  if (options.bibtex) ctx.out(bibtexFile(papers));
  else if (options.json) ctx.json({ team: `${platform}:${workspace}`, ...(user ? { user } : {}), papers: papers.map((p) => ({ id: p.id, title: p.title, ...(p.url ? { url: p.url } : {}) })) });
  else ctx.out(papers.map((p, i) => `${String(i + 1).padStart(3)}. ${p.title}\n     id ${p.id}${p.url ? ` · ${p.url}` : ''}\n`).join(''));
}
