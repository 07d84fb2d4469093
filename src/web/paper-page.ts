import type { VNode } from 'preact';
import { bibtexEntry } from '../cite/bibtex.js';
import { type Paper, paperDate } from '../model/paper.js';
import type { RelatedHit } from '../search/search-engine.js';
import { longDate } from '../text/long-date.js';
import { describeAppearance, type TeamSignals } from '../trending/trending-score.js';
import { html } from './html.js';
import { page } from './layout.js';
import { authorsPara, markedText, paperHeading, paperLinks } from './paper-parts.js';
import { errorPage } from './problem-page.js';
import type { PageContext, WebPage, WebPageDeps } from './web-types.js';

/** How many related papers a paper page lists. */
export const RELATED_ON_PAGE = 5;
/** A paper page names this many authors before "and N more" (hostile records may hold hundreds). */
const PAGE_AUTHORS = 100;
/** The feed sightings a paper page lists, newest first. */
const SIGHTINGS = 5;

function abstractSection(paper: Paper): VNode {
  const paragraphs = paper.abstract
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return html`<section aria-labelledby="abstract">
    <h2 id="abstract">Abstract</h2>
    ${paragraphs.length > 0 ? paragraphs.map((p) => html`<p>${p}</p>`) : html`<p class="empty">No abstract in the corpus.</p>`}
  </section>`;
}

function factsList(paper: Paper): VNode {
  const date = paperDate(paper);
  const seen = [...paper.appearances].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)).slice(0, SIGHTINGS);
  return html`<dl class="facts">
    ${date ? html`<dt>${paper.publishedAt ? 'Published' : 'First seen'}</dt><dd><time datetime=${date}>${longDate(date)}</time></dd>` : null}
    ${paper.arxivId ? html`<dt>arXiv</dt><dd>${paper.arxivId}</dd>` : null}
    ${seen.length > 0 ? html`<dt>In the feeds</dt><dd>${seen.map(describeAppearance).join(' · ')}</dd>` : null}
  </dl>`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What the viewer's team did with the paper: only ever rendered for a signed-in viewer. */
function teamPanel(signals: TeamSignals | undefined, savedByViewer: boolean): VNode {
  const saves = signals?.saves ?? 0;
  const reactions = signals?.reactions ?? 0;
  const replies = signals?.discussions ?? 0;
  return html`<section class="team-panel" aria-labelledby="team-panel">
    <h2 id="team-panel">Your team</h2>
    ${
      saves + reactions + replies === 0
        ? html`<p>Nobody on your team has saved, 👍’d or discussed this paper yet.</p>`
        : html`<ul class="team-signals">
            ${saves > 0 ? html`<li>Saved by ${count(saves, 'teammate', 'teammates')}</li>` : null}
            ${reactions > 0 ? html`<li>${reactions} 👍</li>` : null}
            ${replies > 0 ? html`<li>${count(replies, 'reply', 'replies')} in discussions</li>` : null}
          </ul>`
    }
    ${savedByViewer ? html`<p>You saved it: it is on your team’s reading list.</p>` : null}
  </section>`;
}

function relatedItem(hit: RelatedHit): VNode {
  return html`<li class="paper">
    ${paperHeading(hit.paper, 3)}
    ${hit.sharedWords.length > 0 ? html`<p class="why">shares: ${hit.sharedWords.join(', ')}</p>` : null}
    ${hit.snippet.text ? html`<p class="snippet">${markedText(hit.snippet)}</p>` : null}
  </li>`;
}

function relatedSection(hits: readonly RelatedHit[]): VNode {
  return html`<section aria-labelledby="related">
    <h2 id="related">Related papers</h2>
    ${hits.length > 0 ? html`<ol class="papers">${hits.map(relatedItem)}</ol>` : html`<p class="empty">Nothing in the corpus is close to this paper.</p>`}
  </section>`;
}

function citeSection(paper: Paper): VNode {
  return html`<section aria-labelledby="cite">
    <h2 id="cite">Cite</h2>
    <pre class="bibtex" tabindex="0"><code>${bibtexEntry(paper)}</code></pre>
  </section>`;
}

/** `/p/<id>`: full card, code and source links, related papers, BibTeX; with a viewer, the team's saves, 👍 and discussion. */
export async function paperPage(deps: WebPageDeps, ctx: PageContext, paperId: string): Promise<WebPage> {
  const shown = await deps.paperboy.show(paperId);
  if (!shown.ok) return errorPage(ctx, shown.error);
  const paper = shown.value;
  const related = await deps.paperboy.related(paper.id, { limit: RELATED_ON_PAGE });
  const { viewer } = ctx;
  let panel: VNode | null = null;
  if (viewer) {
    const { platform, workspace } = viewer.team;
    const [signals, saved] = await Promise.all([deps.storage.teamSignals(platform, workspace), deps.storage.savedPaperIds(platform, workspace, viewer.user)]);
    panel = teamPanel(signals.get(paper.id), saved.includes(paper.id));
  }
  const content = html`<article class="paper-page">
    <h1 dir="auto">${paper.title}</h1>
    ${authorsPara(paper, PAGE_AUTHORS)}
    ${factsList(paper)}
    ${paperLinks(paper, { pdf: true })}
    ${abstractSection(paper)}
    ${panel}
    ${relatedSection(related.ok ? related.value.hits : [])}
    ${citeSection(paper)}
  </article>`;
  return page(200, ctx, { title: paper.title }, content);
}
