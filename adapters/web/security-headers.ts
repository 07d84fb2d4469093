/**
 * Sent with every HTML answer. The pages have no script and no inline style, so the policy
 * can forbid both outright: a title that slips past escaping still cannot run. no-referrer
 * keeps a sign-in token out of other sites' logs; no-store keeps a team's page out of
 * shared caches; Vary tells caches the answer depends on who asks and how.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  vary: 'Accept, Cookie',
  'cache-control': 'no-store',
};
