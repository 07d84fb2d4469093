/**
 * What paperboy says about a PostgreSQL URL: where it points (never the password), the
 * pool settings for a schema, and connection failures turned into a sentence that says
 * what to check. DATABASE_URL holds a secret, so nothing here echoes it.
 */

export interface PostgresTarget {
  /** `host:port/database`, safe to log. */
  readonly where: string;
  readonly user: string;
  /** Decoded, only to scrub it from driver messages. */
  readonly password: string;
}

export function describePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a URL; expected postgres://user:password@host:5432/database');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// (it starts with ${parsed.protocol}//)`);
  }
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  const database = decode(parsed.pathname.replace(/^\//, '')) || '(default database)';
  return { where: `${host}:${parsed.port || '5432'}/${database}`, user: decode(parsed.username), password: decode(parsed.password) };
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** A double-quoted identifier; names are restricted so it also survives the startup `options` string. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`schema name ${JSON.stringify(schema)} must be letters, digits and _ (at most 63, not starting with a digit)`);
  }
  return `"${schema}"`;
}

/**
 * Pool settings that put every connection in `schema`: `-c search_path=…` travels in the
 * startup packet, so no query can run before it applies. An `options` parameter already
 * in the URL is kept (pg would otherwise let the URL's win over ours).
 */
export function poolConnection(url: string, schema: string | undefined): { connectionString: string; options?: string } {
  if (schema === undefined) return { connectionString: url };
  const parsed = new URL(url);
  const existing = parsed.searchParams.get('options');
  parsed.searchParams.delete('options');
  const searchPath = `-c search_path=${quoteSchema(schema)}`;
  return { connectionString: parsed.toString(), options: existing ? `${existing} ${searchPath}` : searchPath };
}

function scrub(text: string, target: PostgresTarget): string {
  return target.password.length >= 3 ? text.split(target.password).join('***') : text;
}

/** A connection or startup failure as one actionable sentence, without the password. */
export function postgresConnectError(url: string, error: unknown): Error {
  const target = describePostgresUrl(url);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
  const detail = scrub(error instanceof Error ? error.message : String(error), target);
  const at = `PostgreSQL at ${target.where}`;
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ECONNRESET':
      return new Error(`cannot reach ${at} (${code}); is it running, and is DATABASE_URL right?`);
    case '28P01':
    case '28000':
      return new Error(`${at} refused user ${JSON.stringify(target.user)} (${code}: ${detail}); check the user and password in DATABASE_URL`);
    case '3D000':
      return new Error(`${at}: the database does not exist (${detail}); create it or fix DATABASE_URL`);
    case '42501':
      return new Error(`${at}: permission denied (${detail}); the user needs rights to create tables (and the schema, if one is set)`);
    default:
      if (/timeout/i.test(detail)) return new Error(`cannot reach ${at} (timed out); is it running, and is DATABASE_URL right?`);
      return new Error(`cannot start on ${at}${code ? ` (${code})` : ''}: ${detail}`);
  }
}
