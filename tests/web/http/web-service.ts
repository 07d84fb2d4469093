import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { expect } from 'vitest';
import { RecordingAdapter } from '../../../adapters/recording/recording-adapter.js';
import { LINK_TTL_MS, type WebSettings } from '../../../adapters/web/web-settings.js';
import type { CommandContext } from '../../../src/index.js';
import { startServiceHarness, type ServiceHarness } from '../../helpers/service-harness.js';

/**
 * The whole service on loopback (real SQLite storage, the shipped corpus, the clock the test
 * moves) with a known PAPERBOY_SECRET, and a raw HTTP client that sends paths exactly as
 * written (no URL normalisation), so tests can send what hostile clients send.
 */
export const SECRET = 'http-tests-secret-0123456789abcdef0123456789';
export const START = '2026-11-27T08:00:00Z';

/** What Chromium and Firefox send for a page. */
export const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

export function webSettings(overrides: Partial<WebSettings> = {}): WebSettings {
  return { secret: SECRET, ephemeralSecret: false, linkTtlMs: LINK_TTL_MS, ...overrides };
}

export function startWebService(web: WebSettings = webSettings()): Promise<ServiceHarness> {
  return startServiceHarness({ adapters: ({ commands }) => [new RecordingAdapter({ id: 'slack', commands })], start: START, config: { web } });
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export function send(base: string, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** As a browser asks: HTML first, with the session cookie when given. */
export function browse(base: string, path: string, options: { method?: string; cookie?: string } = {}): Promise<RawAnswer> {
  return send(base, path, { method: options.method ?? 'GET', headers: { accept: BROWSER, ...(options.cookie ? { cookie: options.cookie } : {}) } });
}

/** The headers every HTML answer must carry (issue 14: a strict CSP, nosniff, Referrer-Policy). */
export function expectSecurityHeaders(answer: RawAnswer): void {
  expect(answer.headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['referrer-policy']).toBe('no-referrer');
  expect(answer.headers['cache-control']).toBe('no-store');
  expect(answer.headers.vary).toBe('Accept, Cookie');
}

/** An HTML page that shows a problem: its status, its kind, the security headers, and no trace of a stack. */
export function expectProblem(answer: RawAnswer, status: number, problem: string): void {
  expect(answer.status, answer.body.slice(0, 300)).toBe(status);
  expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
  expectSecurityHeaders(answer);
  expect(answer.body).toMatch(/^<!doctype html>/i);
  expect(answer.body).toContain(`data-problem="${problem}"`);
  expectNoStack(answer);
}

export function expectNoStack(answer: RawAnswer): void {
  expect(answer.body).not.toMatch(/\bat .+:\d+:\d+|Error:|node_modules|\.ts\b/);
}

export function chatContext(overrides: Partial<CommandContext> = {}): CommandContext {
  return { platform: 'slack', workspace: 'T1', channel: 'C1', user: { id: 'U1', name: 'Ada' }, now: new Date(START), canManageChannel: true, ...overrides };
}

/** The sign-in link /papers web gives this person, typed in chat (a recording adapter on the service's own command service). */
export async function signInLink(h: ServiceHarness, overrides: Partial<CommandContext> = {}): Promise<URL> {
  const chat = h.service.adapters.get('slack') as RecordingAdapter;
  const reply = await chat.command('/papers web', chatContext(overrides));
  expect(reply.visibility).toBe('private');
  const text = reply.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
  const url = /https?:\/\/\S+/.exec(text)?.[0];
  expect(url, text).toBeDefined();
  return new URL(url!);
}

/** The `name=value` part of a Set-Cookie header, to send back as a browser would. */
export function cookieOf(answer: RawAnswer): string {
  const header = answer.headers['set-cookie']?.[0] ?? '';
  return header.split(';')[0]!;
}
