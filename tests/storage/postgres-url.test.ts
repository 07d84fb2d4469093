import { describe, expect, it } from 'vitest';
import { describePostgresUrl, poolConnection, postgresConnectError, quoteSchema } from '../../adapters/storage/postgres-url.js';

const URL_WITH_SECRET = 'postgres://paperboy:s3cr%40t-pw@db.internal:6543/bot';

describe('PostgreSQL URLs', () => {
  it('describes where a URL points without the password', () => {
    expect(describePostgresUrl(URL_WITH_SECRET)).toEqual({ where: 'db.internal:6543/bot', user: 'paperboy', password: 's3cr@t-pw' });
    expect(describePostgresUrl('postgresql://localhost/x').where).toBe('localhost:5432/x');
  });

  it('rejects what is not a postgres URL without echoing it', () => {
    expect(() => describePostgresUrl('s3cret not a url')).toThrow(/^DATABASE_URL is not a URL; expected postgres:\/\//);
    expect(() => describePostgresUrl('mysql://u:s3cret@h/db')).toThrow(/must start with postgres:\/\/ \(it starts with mysql:\/\/\)$/);
  });

  it('puts every pooled connection in the schema, keeping options from the URL', () => {
    expect(poolConnection(URL_WITH_SECRET, undefined)).toEqual({ connectionString: URL_WITH_SECRET });
    expect(poolConnection('postgres://u@h:5432/db', 'team_a')).toEqual({ connectionString: 'postgres://u@h:5432/db', options: '-c search_path="team_a"' });
    const kept = poolConnection('postgres://u@h/db?options=-c%20statement_timeout%3D5000&sslmode=disable', 'Team_B');
    expect(kept).toEqual({ connectionString: 'postgres://u@h/db?sslmode=disable', options: '-c statement_timeout=5000 -c search_path="Team_B"' });
  });

  it('accepts only plain identifiers as schema names', () => {
    expect(quoteSchema('paperboy_test_1')).toBe('"paperboy_test_1"');
    for (const bad of ['', '1abc', 'a b', 'a"b', 'a;b', 'x'.repeat(64), 'é']) expect(() => quoteSchema(bad)).toThrow(/schema name/);
  });

  it('turns driver errors into advice, scrubbing the password', () => {
    const error = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(postgresConnectError(URL_WITH_SECRET, error('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:6543')).message).toBe(
      'cannot reach PostgreSQL at db.internal:6543/bot (ECONNREFUSED); is it running, and is DATABASE_URL right?',
    );
    const auth = postgresConnectError(URL_WITH_SECRET, error('28P01', 'password authentication failed; got s3cr@t-pw'));
    expect(auth.message).toBe('PostgreSQL at db.internal:6543/bot refused user "paperboy" (28P01: password authentication failed; got ***); check the user and password in DATABASE_URL');
    expect(postgresConnectError(URL_WITH_SECRET, new Error('Connection terminated due to connection timeout')).message).toMatch(/\(timed out\)/);
    expect(postgresConnectError(URL_WITH_SECRET, error('XX000', 'boom')).message).toBe('cannot start on PostgreSQL at db.internal:6543/bot (XX000): boom');
  });
});
