import { html as boundHtml } from 'htm/preact';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { WebPage } from './web-types.js';

/**
 * The one way pages build markup: htm templates over preact, rendered to a string on the
 * server. Every interpolated value is text or an attribute value that the renderer
 * escapes, so nothing from a paper or a person can become markup; no page uses
 * dangerouslySetInnerHTML, inline script or inline style (the CSP forbids them).
 */
export const html = boundHtml;
export type Markup = VNode | string | null | undefined | false | readonly Markup[];

/** A whole HTML document with its status. */
export function htmlDocument(status: number, root: VNode): WebPage {
  return { status, html: `<!doctype html>${render(root)}` };
}

/**
 * `url` when it is an absolute http(s) URL, else undefined: a `javascript:` or `data:` URL
 * in a hostile record must never become a link.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
