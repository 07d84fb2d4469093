/**
 * The database schema, as one ordered list of migrations. Each migration is written once
 * against the column types below and rendered for both databases, so SQLite and
 * PostgreSQL cannot drift apart. Never edit a migration that has shipped: add a new one.
 *
 * Times are epoch milliseconds (INTEGER in SQLite, BIGINT in PostgreSQL). Business rules
 * (count 1-10, topic length, time zones) are not CHECK constraints: they live in
 * SubscriptionSchema and PaperSchema, which validate every row read back, so they can
 * change without a migration. Key columns sort bytewise in both (PostgreSQL's "C"
 * collation, SQLite's BINARY), so ORDER BY id gives the same order everywhere.
 */
export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

interface ColumnTypes {
  /** Free text. */
  readonly text: string;
  /** Text that is a key or sorted on. */
  readonly key: string;
  readonly int: string;
  /** Epoch milliseconds. */
  readonly time: string;
  readonly bool: string;
  /** After a table's closing parenthesis. */
  readonly table: string;
}

const TYPES: Record<Dialect, ColumnTypes> = {
  // STRICT makes SQLite reject a text in an INTEGER column, as PostgreSQL would.
  sqlite: { text: 'TEXT', key: 'TEXT', int: 'INTEGER', time: 'INTEGER', bool: 'INTEGER', table: ' STRICT' },
  postgres: { text: 'TEXT', key: 'TEXT COLLATE "C"', int: 'INTEGER', time: 'BIGINT', bool: 'BOOLEAN', table: '' },
};

/** The bookkeeping table, created before any migration runs. */
export function schemaMigrationsTable(dialect: Dialect): string {
  const t = TYPES[dialect];
  return `CREATE TABLE IF NOT EXISTS schema_migrations (
  version ${t.int} PRIMARY KEY,
  applied_at ${t.time} NOT NULL
)${t.table}`;
}

const v1 = (t: ColumnTypes): string => `
CREATE TABLE subscriptions (
  id ${t.key} PRIMARY KEY,
  platform ${t.key} NOT NULL,
  workspace ${t.key} NOT NULL,
  channel ${t.key} NOT NULL,
  time ${t.text} NOT NULL,
  timezone ${t.text} NOT NULL,
  days ${t.text} NOT NULL,
  count ${t.int} NOT NULL,
  topic ${t.text},
  created_by ${t.text} NOT NULL,
  enabled ${t.bool} NOT NULL,
  failing ${t.text},
  created_at ${t.time} NOT NULL,
  updated_at ${t.time} NOT NULL
)${t.table};
CREATE INDEX subscriptions_by_workspace ON subscriptions (platform, workspace, id);

-- No foreign key to subscriptions: the post log outlives an unsubscribe on purpose.
CREATE TABLE digest_slots (
  subscription_id ${t.key} NOT NULL,
  local_date ${t.key} NOT NULL,
  status ${t.text} NOT NULL CHECK (status IN ('claimed', 'posted', 'failed')),
  owner ${t.text},
  attempts ${t.int} NOT NULL,
  lease_until ${t.time},
  message_id ${t.text},
  error ${t.text},
  posted_at ${t.time},
  updated_at ${t.time} NOT NULL,
  PRIMARY KEY (subscription_id, local_date)
)${t.table};

CREATE TABLE posted_papers (
  subscription_id ${t.key} NOT NULL,
  paper_id ${t.key} NOT NULL,
  local_date ${t.key} NOT NULL,
  PRIMARY KEY (subscription_id, paper_id)
)${t.table};

-- The primary key serves teamSignals (platform, workspace prefix); the index serves savedPaperIds.
CREATE TABLE signals (
  platform ${t.key} NOT NULL,
  workspace ${t.key} NOT NULL,
  paper_id ${t.key} NOT NULL,
  user_id ${t.key} NOT NULL,
  kind ${t.key} NOT NULL CHECK (kind IN ('save', 'reaction')),
  created_at ${t.time} NOT NULL,
  PRIMARY KEY (platform, workspace, paper_id, user_id, kind)
)${t.table};
CREATE INDEX signals_by_user ON signals (platform, workspace, user_id, kind, created_at);

CREATE TABLE papers (
  id ${t.key} PRIMARY KEY,
  json ${t.text} NOT NULL,
  updated_at ${t.time} NOT NULL
)${t.table};
`;

/**
 * Every write of a paper takes the next number of one change sequence, so a search index
 * kept elsewhere (each replica's index file) catches up by reading only what changed since
 * the last number it saw. Papers already stored are numbered in id order.
 */
const v2 = (t: ColumnTypes): string => `
ALTER TABLE papers ADD COLUMN seq ${t.time} NOT NULL DEFAULT 0;
UPDATE papers SET seq = numbered.n FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM papers) AS numbered WHERE papers.id = numbered.id;
CREATE INDEX papers_by_seq ON papers (seq);
`;

/**
 * Discussion threads (Discuss, and `threads: on` digests). Slack and Discord allow one thread
 * per message, so a thread is keyed by the message it hangs from and holds several papers'
 * cards; a reply counts for the paper whose card it follows. Replies are counters per paper
 * and UTC day: no message id, text or author is kept.
 */
const v3 = (t: ColumnTypes): string => `
ALTER TABLE subscriptions ADD COLUMN threads ${t.bool} NOT NULL DEFAULT FALSE;

CREATE TABLE discussion_threads (
  platform ${t.key} NOT NULL,
  workspace ${t.key} NOT NULL,
  channel ${t.key} NOT NULL,
  parent_message_id ${t.key} NOT NULL,
  thread_id ${t.key} NOT NULL,
  created_at ${t.time} NOT NULL,
  PRIMARY KEY (platform, workspace, thread_id),
  UNIQUE (platform, workspace, channel, parent_message_id)
)${t.table};

CREATE TABLE discussion_cards (
  platform ${t.key} NOT NULL,
  workspace ${t.key} NOT NULL,
  thread_id ${t.key} NOT NULL,
  paper_id ${t.key} NOT NULL,
  message_id ${t.key} NOT NULL,
  created_at ${t.time} NOT NULL,
  PRIMARY KEY (platform, workspace, thread_id, paper_id)
)${t.table};

-- The primary key's (platform, workspace) prefix serves teamSignals.
CREATE TABLE discussion_counts (
  platform ${t.key} NOT NULL,
  workspace ${t.key} NOT NULL,
  paper_id ${t.key} NOT NULL,
  day ${t.key} NOT NULL,
  replies ${t.int} NOT NULL,
  PRIMARY KEY (platform, workspace, paper_id, day)
)${t.table};
`;

function migration(version: number, name: string, ddl: (t: ColumnTypes) => string): Migration {
  return { version, name, sqlite: ddl(TYPES.sqlite), postgres: ddl(TYPES.postgres) };
}

export const MIGRATIONS: readonly Migration[] = [migration(1, 'initial schema', v1), migration(2, 'paper change sequence', v2), migration(3, 'discussion threads', v3)];

/**
 * The migrations still to run, given the versions already recorded. Refuses a database
 * that a newer paperboy has migrated: this code does not know what that schema means.
 */
export function pendingMigrations(applied: Iterable<number>): Migration[] {
  const done = new Set(applied);
  const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
  const newest = Math.max(0, ...done);
  if (newest > latest) {
    throw new Error(`the database schema is at version ${newest}, newer than this paperboy knows (${latest}); upgrade paperboy`);
  }
  return MIGRATIONS.filter((m) => !done.has(m.version));
}
