import { describe, expect, test } from 'vitest';
import { type PageProblem, problemPage } from '../../../src/index.js';
import { expectSafePage, PUBLIC, textOf } from './page-reading.js';

const STATUSES: Record<PageProblem, number> = {
  'not-found': 404,
  'bad-request': 400,
  indexing: 503,
  'signed-out': 401,
  'link-malformed': 400,
  'link-tampered': 403,
  'link-expired': 401,
  'other-team': 403,
};

describe('problem pages', () => {
  test.each(Object.entries(STATUSES) as Array<[PageProblem, number]>)('%s answers %d with a heading and what to do, marked on <main>', (problem, status) => {
    const page = problemPage(PUBLIC, problem);
    expect(page.status).toBe(status);
    expectSafePage(page.html);
    expect(page.html).toContain(`<main id="main" tabindex="-1" class="problem" data-problem="${problem}">`);
    expect(page.html).toMatch(/<h1>[^<]+<\/h1>/);
    expect(textOf(page.html)).toContain('Today’s papers');
  });

  test.each(['signed-out', 'link-malformed', 'link-tampered', 'link-expired'] as const)('%s tells the reader how to get a new link', (problem) => {
    expect(textOf(problemPage(PUBLIC, problem).html)).toContain('Ask for a new link: type /papers web in your team’s Slack or Discord');
  });

  test('an expired link says links last 7 days; another team’s page says it is another team’s', () => {
    const expired = textOf(problemPage(PUBLIC, 'link-expired').html);
    expect(expired).toContain('This sign-in link has expired');
    expect(expired).toContain('Links work for 7 days.');
    expect(textOf(problemPage(PUBLIC, 'other-team').html)).toContain('This is another team’s page');
  });

  test('the detail is shown as text, however hostile or long', () => {
    for (const detail of ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', '"><svg onload=alert(1)>', '\u202Eevil', 'ü'.repeat(5000)]) {
      const page = problemPage(PUBLIC, 'bad-request', detail);
      expectSafePage(page.html);
      expect(textOf(page.html)).toContain(detail);
    }
  });
});
