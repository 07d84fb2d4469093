import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { bibtexEntry, createPaperboy, paperPage, type PageContext } from '../../../src/index.js';
import { shippedCollection, shippedPaperboy } from '../../helpers/shipped-corpus.js';
import { decode, depsOver, expectSafePage, hasClass, NOW, openTempStorage, paperLinksOf, PUBLIC, sectionOf, tagsWith, textOf } from './page-reading.js';

const NOPROP = 'noprop-training-neural-networks-without';
const VIEWER: PageContext = { now: NOW, viewer: { team: { platform: 'slack', workspace: 'T1' }, user: 'U1' } };

describe('the paper page (/p/<id>)', () => {
  test('shows the whole paper: title, date, feed sightings, full abstract, related papers and its BibTeX', async () => {
    const paperboy = shippedPaperboy();
    const page = await paperPage(depsOver(paperboy), PUBLIC, NOPROP);
    expect(page.status).toBe(200);
    expectSafePage(page.html);
    const paper = paperboy.papers.get(NOPROP)!;
    expect(page.html).toContain(`<h1 dir="auto">${paper.title}</h1>`);
    const text = textOf(page.html);
    expect(text).toContain('First seen Thursday 26 November 2026');
    expect(text).toContain('#1 on hf-trending 2026-11-26');
    // The full abstract, not the summary: its last sentence is there.
    expect(text).toContain('as well as potentially impacting other characteristics of the learning process.');

    const related = await paperboy.related(NOPROP, { limit: 5 });
    if (!related.ok) throw new Error(related.error.message);
    expect(paperLinksOf(sectionOf(page.html, '<h2 id="related"', '</section>')).map((l) => l.title)).toEqual(related.value.hits.map((h) => h.paper.title));
    expect(textOf(page.html)).toContain(`shares: ${related.value.hits[0]!.sharedWords.join(', ')}`);

    const bibtex = /<pre class="bibtex"[^>]*><code>([\s\S]*?)<\/code><\/pre>/.exec(page.html)?.[1];
    expect(decode(bibtex ?? '')).toBe(bibtexEntry(paper));
    expect(decode(bibtex ?? '')).toMatch(/^@misc\{anon2026noprop,\n {2}title = \{\{NoProp: Training Neural Networks/);
  });

  test('links the code the abstract names; a paper without links gets none', async () => {
    const paperboy = shippedPaperboy();
    const fusion = paperboy.papers.get('Model Fusion via Optimal Transport')!;
    const page = await paperPage(depsOver(paperboy), PUBLIC, fusion.id);
    const code = tagsWith(page.html, hasClass('code-link'));
    expect(code).toHaveLength(1);
    expect(code[0]!.attrs.get('href')).toMatch(/^https:\/\/github\.com\/sidak\/otfusion/);
    const noprop = await paperPage(depsOver(paperboy), PUBLIC, NOPROP);
    expect(tagsWith(noprop.html, hasClass('code-link'))).toHaveLength(0);
    expect(tagsWith(noprop.html, hasClass('links'))).toHaveLength(0);
  });

  test('an unknown id is a 404 page that names what was asked for, as text', async () => {
    const page = await paperPage(depsOver(shippedPaperboy()), PUBLIC, '<img src=x onerror=alert(1)>');
    expect(page.status).toBe(404);
    expectSafePage(page.html);
    expect(page.html).toContain('data-problem="not-found"');
    expect(textOf(page.html)).toContain('<img src=x onerror=alert(1)>');
  });

  test('while the index is being built: 503', async () => {
    const building = createPaperboy({ papers: shippedCollection(), status: () => ({ state: 'indexing', done: 1, total: 2, reason: 'first build' }) });
    expect((await paperPage(depsOver(building), PUBLIC, NOPROP)).status).toBe(503);
  });
});

describe('the team panel on a paper page', () => {
  let store: ReturnType<typeof openTempStorage>;
  beforeEach(() => {
    store = openTempStorage();
  });
  afterEach(() => store.close());

  const signal = (workspace: string, user: string, kind: 'save' | 'reaction') => store.storage.addSignal({ platform: 'slack', workspace, paperId: NOPROP, user, kind }, NOW.getTime());

  test('a signed-in viewer sees their own team’s saves, 👍 and discussion replies; nobody else’s', async () => {
    await signal('T1', 'U1', 'save');
    await signal('T1', 'U2', 'save');
    await signal('T1', 'U2', 'reaction');
    await store.storage.addDiscussionReply('slack', 'T1', NOPROP, NOW.getTime());
    await signal('T2', 'U9', 'save');
    await signal('T2', 'U8', 'save');
    await signal('T2', 'U7', 'save');

    const page = await paperPage(depsOver(shippedPaperboy(), store.storage), VIEWER, NOPROP);
    expectSafePage(page.html);
    const panel = textOf(sectionOf(page.html, '<section class="team-panel"', '</section>'));
    expect(panel).toContain('Saved by 2 teammates');
    expect(panel).toContain('1 👍');
    expect(panel).toContain('1 reply in discussions');
    expect(panel).toContain('You saved it');
  });

  test('a team that did nothing with the paper is told so, one that only saved it hears only that; a signed-out reader sees no panel at all', async () => {
    const signedIn = await paperPage(depsOver(shippedPaperboy(), store.storage), VIEWER, NOPROP);
    expect(textOf(sectionOf(signedIn.html, '<section class="team-panel"', '</section>'))).toContain('Nobody on your team has saved');
    await signal('T1', 'U2', 'save');
    const oneSave = textOf(sectionOf((await paperPage(depsOver(shippedPaperboy(), store.storage), VIEWER, NOPROP)).html, '<section class="team-panel"', '</section>'));
    expect(oneSave).toContain('Saved by 1 teammate');
    expect(oneSave).not.toMatch(/👍|repl|You saved/);
    // Public pages never read storage (the deps' storage throws on any read).
    const signedOut = await paperPage(depsOver(shippedPaperboy()), PUBLIC, NOPROP);
    expect(signedOut.html).not.toContain('team-panel');
    expect(textOf(signedOut.html)).not.toContain('Your team');
  });
});
