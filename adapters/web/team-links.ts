import { paperPath, teamPath, type PersonRef, type SignInLink, type TeamPageLinks } from '../../src/index.js';
import { SignInTokens } from './sign-in-tokens.js';
import type { WebSettings } from './web-settings.js';

/**
 * The core's TeamPageLinks for this service: a sign-in link is the team's page with a signed
 * token in its query (the page trades it for a session cookie and drops it from the address
 * bar); paper pages are only linked from chat when PAPERBOY_PUBLIC_URL says where people
 * can reach them.
 */
export interface TeamLinksOptions {
  readonly settings: WebSettings;
  /** The service's own URL, read when a link is made (it is known once the port is open): used when no public URL is set. */
  readonly serviceUrl: () => string;
}

export function teamPageLinks({ settings, serviceUrl }: TeamLinksOptions): TeamPageLinks {
  const tokens = new SignInTokens(settings.secret);
  // 0.0.0.0 and [::] are where the service listens, not addresses a browser can open.
  const base = (): string => settings.publicUrl ?? serviceUrl().replace('//0.0.0.0', '//127.0.0.1').replace('//[::]', '//[::1]');
  return {
    signInLink(person: PersonRef, now: Date): SignInLink {
      const team = { platform: person.platform, workspace: person.workspace };
      const expiresAt = new Date(now.getTime() + settings.linkTtlMs);
      const token = tokens.sign({ team, user: person.user }, 'link', expiresAt);
      return { url: `${base()}${teamPath(team)}?token=${token}`, expiresAt, ephemeral: settings.ephemeralSecret };
    },
    paperPage(paperId: string): string | undefined {
      return settings.publicUrl ? `${settings.publicUrl}${paperPath(paperId)}` : undefined;
    },
  };
}
