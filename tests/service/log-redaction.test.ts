import { describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/service/logger.js';

/** The second line of defence: a secret put in a log call by mistake reaches the log as ***. */
describe('log redaction', () => {
  it('censors tokens, the sign-in secret and cookies wherever a log call names them', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (text: string) => lines.push(text) });
    logger.info({ token: 'v1.abc.def', web: { secret: 'x'.repeat(40) }, secret: 'y'.repeat(40), headers: { cookie: 'paperboy_session=v1.s.t' }, cookie: 'paperboy_session=v1.u.v' }, 'oops');
    const text = lines.join('');
    expect(text).toContain('oops');
    for (const leaked of ['v1.abc.def', 'x'.repeat(40), 'y'.repeat(40), 'v1.s.t', 'v1.u.v']) expect(text).not.toContain(leaked);
    expect(text.match(/\*\*\*/g)).toHaveLength(5);
  });
});
