import { html } from './html.js';
import { page } from './layout.js';
import type { UserError } from '../result.js';
import type { PageContext, PageProblem, WebPage } from './web-types.js';

const NEW_LINK = 'Ask for a new link: type /papers web in your team’s Slack or Discord. The link is only for you.';

/** Each problem's status, heading and what to do about it. */
const PROBLEMS: Record<PageProblem, { status: number; heading: string; what: string }> = {
  'not-found': { status: 404, heading: 'Not found', what: 'Nothing is at this address. Search for the paper, or go back to today’s papers.' },
  'bad-request': { status: 400, heading: 'That request did not make sense', what: 'Check the address or the search, and try again.' },
  indexing: { status: 503, heading: 'Still indexing', what: 'The paper index is being built. Try again in a minute.' },
  'signed-out': { status: 401, heading: 'Sign in to see your team’s page', what: `Your team’s page needs a personal sign-in link. ${NEW_LINK}` },
  'link-malformed': { status: 400, heading: 'This sign-in link is broken', what: `The link was cut short or mistyped. ${NEW_LINK}` },
  'link-tampered': { status: 403, heading: 'This sign-in link is not valid', what: `It was changed after it was made, or made with a secret this service no longer uses. ${NEW_LINK}` },
  'link-expired': { status: 401, heading: 'This sign-in link has expired', what: `Links work for 7 days. ${NEW_LINK}` },
  'other-team': {
    status: 403,
    heading: 'This is another team’s page',
    what: 'You are signed in to a different team, and a team’s page is only for its own people. Use the link from your own team, or ask for one there with /papers web.',
  },
};

/** A page that says what went wrong and what to do, with the status a problem gets (404, 400, 503, 401, 403). */
export function problemPage(ctx: PageContext, problem: PageProblem, detail?: string): WebPage {
  const { status, heading, what } = PROBLEMS[problem];
  const content = html`
    <h1>${heading}</h1>
    ${detail ? html`<p class="detail">${detail}</p>` : null}
    <p>${what}</p>
    <p><a href="/">Today’s papers</a></p>`;
  return page(status, ctx, { title: heading, mainClass: 'problem', mainData: problem }, content);
}

/** The page for an error the core answered with: still indexing, no such paper, or a request it could not read. */
export function errorPage(ctx: PageContext, error: UserError): WebPage {
  const problem: PageProblem = error.code === 'not_ready' ? 'indexing' : error.code === 'not_found' ? 'not-found' : 'bad-request';
  return problemPage(ctx, problem, error.message);
}
