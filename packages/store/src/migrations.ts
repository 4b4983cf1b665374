// Owns the schema: ordered migrations per engine, applied once each and recorded,
// so both engines hold the same tables with the same meaning.
import type { Dialect, Sql } from './sql';

interface Migration {
  version: number;
  name: string;
  sql: Record<Dialect, string>;
}

const ts = { sqlite: 'TEXT', postgres: 'TIMESTAMPTZ' } as const;
const json = { sqlite: 'TEXT', postgres: 'JSONB' } as const;

function both(build: (types: { ts: string; json: string; real: string }) => string): Record<Dialect, string> {
  return {
    sqlite: build({ ts: ts.sqlite, json: json.sqlite, real: 'REAL' }),
    postgres: build({ ts: ts.postgres, json: json.postgres, real: 'DOUBLE PRECISION' }),
  };
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'feeds and articles',
    sql: both(
      (t) => `
CREATE TABLE feeds (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  title TEXT,
  status TEXT NOT NULL DEFAULT 'active',
  health TEXT NOT NULL DEFAULT 'new',
  etag TEXT,
  last_modified TEXT,
  interval_s INTEGER,
  next_poll_at ${t.ts} NOT NULL,
  last_polled_at ${t.ts},
  last_success_at ${t.ts},
  last_status INTEGER,
  last_error TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  items_seen INTEGER NOT NULL DEFAULT 0,
  created_at ${t.ts} NOT NULL,
  updated_at ${t.ts} NOT NULL
);
CREATE INDEX feeds_due ON feeds (status, next_poll_at);
CREATE TABLE articles (
  id TEXT PRIMARY KEY,
  canonical_url TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  final_url TEXT NOT NULL,
  feed_id TEXT,
  guid TEXT,
  title TEXT NOT NULL,
  byline TEXT,
  authors ${t.json} NOT NULL,
  published_at ${t.ts},
  modified_at ${t.ts},
  language TEXT,
  site_name TEXT,
  lead_image TEXT,
  text TEXT NOT NULL,
  html TEXT NOT NULL,
  word_count INTEGER NOT NULL,
  method TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  cluster TEXT NOT NULL,
  duplicate_of TEXT,
  similarity ${t.real},
  topics ${t.json} NOT NULL,
  entities ${t.json} NOT NULL,
  created_at ${t.ts} NOT NULL,
  updated_at ${t.ts} NOT NULL
);
CREATE INDEX articles_cluster ON articles (cluster);
CREATE INDEX articles_published ON articles (published_at);
CREATE TABLE article_topics (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  score ${t.real} NOT NULL,
  PRIMARY KEY (article_id, topic)
);
CREATE INDEX article_topics_topic ON article_topics (topic);
`,
    ),
  },
  {
    version: 2,
    name: 'publication outbox',
    // The content hash last published to the stream: a row whose hash differs is still to be published.
    sql: both(() => 'ALTER TABLE articles ADD COLUMN published_hash TEXT'),
  },
];

/** Applies pending migrations in one transaction; concurrent starters wait on a lock instead of racing. */
export async function migrate(sql: Sql, schema: string | null = null): Promise<number> {
  return sql.transaction(async (tx) => {
    if (tx.dialect === 'postgres') {
      await tx.all('SELECT pg_advisory_xact_lock(7263541)');
      if (schema !== null) await tx.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    }
    await tx.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (await tx.all<{ version: number }>('SELECT version FROM schema_migrations')).map((row) =>
        Number(row.version),
      ),
    );
    let applied = 0;
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.sql[tx.dialect].split(';').map((part) => part.trim())) {
        if (statement !== '') await tx.run(statement);
      }
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      applied += 1;
    }
    return applied;
  });
}
