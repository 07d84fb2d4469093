import type { VNode } from 'preact';
import type { Paper } from '../model/paper.js';
import type { ArchivedDigest, ReadingListEntry } from '../ports/storage.port.js';
import type { Subscription } from '../subscriptions/subscription.js';
import { mondayOfIsoWeek, weekNumber } from '../scheduling/iso-week.js';
import { longDate } from '../text/long-date.js';
import { teamBoost, type TeamSignals } from '../trending/trending-score.js';
import { html } from './html.js';
import { page } from './layout.js';
import { paperHeading } from './paper-parts.js';
import { paperPath } from './web-paths.js';
import type { PageContext, TeamRef, Viewer, WebPage, WebPageDeps } from './web-types.js';

/** Days of digests shown per channel, newest first. */
export const ARCHIVE_DAYS = 14;
export const READING_LIST_SIZE = 50;
export const TOP_OF_WEEK = 10;
const WEEK_MS = 7 * 86_400_000;

const PLATFORM_NAMES: Record<string, string> = { slack: 'Slack', discord: 'Discord', console: 'Console' };

/** "Slack workspace T01", "Discord server 1234": which team this is, in the platform's words. */
export function teamName(team: TeamRef): string {
  const platform = PLATFORM_NAMES[team.platform] ?? team.platform;
  return `${platform} ${team.platform === 'discord' ? 'server' : 'workspace'} ${team.workspace}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A paper by id as a list item: its title linked, or its bare id when the corpus no longer has it. */
function paperItem(paper: Paper | undefined, id: string, details?: string): VNode {
  return html`<li class="paper">
    ${paper ? paperHeading(paper, 3) : html`<h3 class="gone">${id} <span class="note">(no longer in the corpus)</span></h3>`}
    ${details ? html`<p class="why">${details}</p>` : null}
  </li>`;
}

/** A small paper item for a digest: the title linked (the digest's own heading is the level above). */
function digestPaper(paper: Paper | undefined, id: string): VNode {
  return html`<li>${paper ? html`<a class="paper-title" href=${paperPath(paper.id)} dir="auto">${paper.title}</a>` : html`<span class="gone">${id} (no longer in the corpus)</span>`}</li>`;
}

function describeSubscription(sub: Subscription): string {
  const when = sub.days === 'daily' ? 'every day' : sub.days === 'weekdays' ? 'on weekdays' : `on ${sub.days[0]!.toUpperCase()}${sub.days.slice(1)}s`;
  return `${when} at ${sub.time} (${sub.timezone})${sub.topic ? `, about “${sub.topic}”` : ''}`;
}

/** A digest's heading: its day, or for a weekly digest (kept under its ISO week, `2026-W48`) the week and its Monday. */
function digestHeading(key: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(key)) return longDate(key);
  try {
    return `Week ${weekNumber(key)} of ${key.slice(0, 4)}, from ${longDate(mondayOfIsoWeek(key), { withYear: false })}`;
  } catch {
    return key;
  }
}

function postedTime(at: number): VNode {
  const iso = new Date(at).toISOString();
  return html`<time datetime=${iso}>${iso.slice(11, 16)} UTC</time>`;
}

function channelArchive(sub: Subscription, digests: readonly ArchivedDigest[], lookup: (id: string) => Paper | undefined): VNode {
  const labelId = `channel-${sub.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return html`<section class="channel" aria-labelledby=${labelId}>
    <p class="channel-name" id=${labelId}><strong>Channel ${sub.channel}</strong> · ${describeSubscription(sub)}</p>
    ${
      digests.length === 0
        ? html`<p class="empty">No digest posted here yet.</p>`
        : digests.map(
            (digest) => html`<article class="digest">
              <h3>${digestHeading(digest.localDate)}</h3>
              <p class="note">Posted ${longDate(new Date(digest.postedAt).toISOString().slice(0, 10), { withYear: false })} at ${postedTime(digest.postedAt)}, ${plural(digest.paperIds.length, 'paper', 'papers')}</p>
              <ol class="digest-papers">${digest.paperIds.map((id) => digestPaper(lookup(id), id))}</ol>
            </article>`,
          )
    }
  </section>`;
}

/** The papers the team did the most with this week: saves, 👍 and discussion replies, as the round-up weighs them. */
export function topOfWeek(signals: ReadonlyMap<string, TeamSignals>, limit = TOP_OF_WEEK): Array<{ paperId: string; signals: TeamSignals }> {
  return [...signals]
    .map(([paperId, s]) => ({ paperId, signals: s, score: teamBoost(s) }))
    .filter((e) => e.score > 0)
    .sort((a, b) => b.score - a.score || (a.paperId < b.paperId ? -1 : a.paperId > b.paperId ? 1 : 0))
    .slice(0, limit)
    .map(({ paperId, signals: s }) => ({ paperId, signals: s }));
}

/** "saved by 2 · 3 👍 · 1 reply": a team's signals as a reader says them. */
export function signalsLine(s: TeamSignals): string {
  const parts: string[] = [];
  if (s.saves > 0) parts.push(`saved by ${s.saves}`);
  if (s.reactions > 0) parts.push(`${s.reactions} 👍`);
  const replies = s.discussions ?? 0;
  if (replies > 0) parts.push(plural(replies, 'reply', 'replies'));
  return parts.join(' · ');
}

function readingItem(entry: ReadingListEntry, paper: Paper | undefined): VNode {
  const saved = new Date(entry.lastSavedAt).toISOString().slice(0, 10);
  return paperItem(paper, entry.paperId, `saved by ${entry.saves} · last on ${longDate(saved, { withYear: false })}`);
}

/** `/team/<platform>/<workspace>` for its own viewer: digest archive per channel, reading list, top papers of the week. */
export async function teamPage(deps: WebPageDeps, ctx: PageContext & { readonly viewer: Viewer }): Promise<WebPage> {
  const { platform, workspace } = ctx.viewer.team;
  const lookup = (id: string) => deps.paperboy.papers.get(id);
  const subscriptions = (await deps.storage.listSubscriptions({ platform, workspace })).filter((s) => !s.channel.startsWith('user:'));
  const [archives, reading, week] = await Promise.all([
    Promise.all(subscriptions.map((s) => deps.storage.digestArchive(s.id, ARCHIVE_DAYS))),
    deps.storage.readingList(platform, workspace, READING_LIST_SIZE),
    deps.storage.teamSignals(platform, workspace, { since: ctx.now.getTime() - WEEK_MS }),
  ]);
  const top = topOfWeek(week);
  const name = teamName(ctx.viewer.team);
  const content = html`
    <h1>${name}</h1>
    <p class="lede">Signed in as ${ctx.viewer.user}. This page is only for your team.</p>
    <nav class="on-page" aria-label="On this page">
      <ul><li><a href="#archive">Digest archive</a></li><li><a href="#reading-list">Reading list</a></li><li><a href="#top-week">Top papers this week</a></li></ul>
    </nav>
    <section aria-labelledby="archive">
      <h2 id="archive">Digest archive</h2>
      ${
        subscriptions.length === 0
          ? html`<p class="empty">No channel of this team gets a digest yet: type /papers subscribe in a channel to start one.</p>`
          : subscriptions.map((s, i) => channelArchive(s, archives[i] ?? [], lookup))
      }
    </section>
    <section aria-labelledby="reading-list">
      <h2 id="reading-list">Reading list</h2>
      ${
        reading.length === 0
          ? html`<p class="empty">Nobody has saved a paper yet: press Save on a card, or type /papers save and the paper’s id.</p>`
          : html`<ol class="papers">${reading.map((e) => readingItem(e, lookup(e.paperId)))}</ol>`
      }
    </section>
    <section aria-labelledby="top-week">
      <h2 id="top-week">Top papers this week</h2>
      ${
        top.length === 0
          ? html`<p class="empty">Nobody on the team saved, 👍’d or discussed a paper in the last 7 days.</p>`
          : html`<ol class="papers">${top.map((e) => paperItem(lookup(e.paperId), e.paperId, signalsLine(e.signals)))}</ol>`
      }
    </section>`;
  return page(200, ctx, { title: name, current: 'team' }, content);
}
