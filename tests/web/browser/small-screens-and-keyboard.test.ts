import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { horizontalOverflow, inPage, screenshotPath, seenText } from './browser.js';
import { BROWSER_TEST_TIMEOUT_MS, browserSuite } from './browser-suite.js';
import { ADA, START } from './team-site.js';

/** A phone held upright, and someone who uses the keyboard only. */
const suite = browserSuite();

const PHONE = { width: 360, height: 740 };

/**
 * Elements whose right edge passes the viewport without a box of theirs that scrolls
 * sideways (a BibTeX block may scroll inside itself; the page may not): what a person would
 * find cut off or would have to scroll the whole page for.
 */
const cutOff = (page: Page) =>
  inPage<string[]>(
    page,
    `(() => {
      const width = document.documentElement.clientWidth;
      const scrollsInside = (el) => {
        for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
          const overflow = getComputedStyle(box).overflowX;
          if ((overflow === 'auto' || overflow === 'scroll') && box.getBoundingClientRect().right <= width + 0.5) return true;
        }
        return false;
      };
      return [...document.body.querySelectorAll('*')]
        .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !scrollsInside(el))
        .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') + ' ' + (el.textContent || '').trim().slice(0, 40));
    })()`,
  );

async function expectFits(page: Page, name: string): Promise<void> {
  const { scrollWidth, viewport } = await horizontalOverflow(page);
  expect(viewport, name).toBe(PHONE.width);
  expect(scrollWidth, `${name}: document.documentElement.scrollWidth`).toBeLessThanOrEqual(PHONE.width);
  expect(await cutOff(page), `${name}: cut off at the right edge`).toEqual([]);
}

describe('at 360 px wide', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('every page fits the width: nothing scrolls sideways and nothing is cut off', async () => {
    const site = suite.site();
    const papers = [...site.harness.service.paperboy.papers.all()];
    const longestTitle = papers.reduce((a, b) => (b.title.length > a.title.length ? b : a));
    const longestWordOf = (title: string) => Math.max(...title.split(/\s+/).map((word) => word.length));
    const longestWord = papers.reduce((a, b) => (longestWordOf(b.title) > longestWordOf(a.title) ? b : a));
    site.at(START);
    const { page } = await suite.open({ viewport: PHONE });
    const pages: Array<[string, string]> = [
      ['trending', '/'],
      ['search', '/search?q=language%20models'],
      ['search-form', '/search'],
      ['paper-longest-title', `/p/${encodeURIComponent(longestTitle.id)}`],
      ['paper-longest-word', `/p/${encodeURIComponent(longestWord.id)}`],
      ['not-found', `/p/${'x'.repeat(150)}`],
    ];
    for (const [name, path] of pages) {
      await suite.visit(page, path);
      await page.screenshot({ path: screenshotPath(`360-${name}`), fullPage: true });
      await expectFits(page, name);
    }
    // The team page too, signed in.
    await page.goto(await site.signInLink(ADA));
    await page.screenshot({ path: screenshotPath('360-team'), fullPage: true });
    await expectFits(page, 'team');
  });
});

describe('with the keyboard only', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  interface Focused {
    readonly tag: string;
    readonly className: string;
    readonly text: string;
    readonly href: string | null;
    readonly focusVisible: boolean;
    readonly outline: string;
    readonly inViewport: boolean;
  }
  const focused = (page: Page) =>
    inPage<Focused>(
      page,
      `(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        return {
          tag: el.tagName.toLowerCase(),
          className: String(el.className),
          text: (el.textContent || '').trim(),
          href: el.getAttribute('href'),
          focusVisible: el.matches(':focus-visible'),
          outline: style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0 ? 'none' : style.outlineStyle + ' ' + style.outlineWidth,
          inViewport: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
        };
      })()`,
    );

  it('tabs from the skip link to the first result, shows where the focus is, and opens the paper with Enter', async () => {
    const { page } = await suite.open({ viewport: { width: 1000, height: 800 } });
    await suite.visit(page, '/');
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    expect(skip).toMatchObject({ className: expect.stringContaining('skip-link'), href: '#main', focusVisible: true, inViewport: true });
    expect(skip.outline).not.toBe('none');

    let result: Focused | undefined;
    for (let presses = 1; presses < 60 && !result; presses++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      if (now.className.includes('paper-title')) result = now;
      else expect(now.tag).not.toBe('body'); // focus never falls off the page on the way
    }
    if (!result) throw new Error('60 presses of Tab never reached a result');
    expect(result.focusVisible).toBe(true);
    expect(result.outline).not.toBe('none');
    expect(result.inViewport).toBe(true);
    await page.screenshot({ path: screenshotPath('keyboard-focus') });

    await Promise.all([page.waitForURL(/\/p\//), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe(result.href);
    expect((await seenText(page.locator('h1'))).trim()).toBe(result.text);
  });
});
