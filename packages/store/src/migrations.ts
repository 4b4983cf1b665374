// Owns the schema: ordered migrations run by Kysely's migrator, written once for both engines
// (only the column types differ), each applied once and recorded in `kysely_migration`.
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import type { Dialect } from './database';

function columnTypes(dialect: Dialect) {
  return dialect === 'postgres'
    ? ({ timestamp: 'timestamptz', json: 'jsonb', real: 'double precision' } as const)
    : ({ timestamp: 'text', json: 'text', real: 'real' } as const);
}

/** Migrations by name; names sort in the order they run. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  const t = columnTypes(dialect);
  return {
    '0001-feeds-and-articles': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('feeds')
          .ifNotExists()
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('url', 'text', (col) => col.notNull().unique())
          .addColumn('title', 'text')
          .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
          .addColumn('health', 'text', (col) => col.notNull().defaultTo('new'))
          .addColumn('etag', 'text')
          .addColumn('last_modified', 'text')
          .addColumn('interval_s', 'integer')
          .addColumn('next_poll_at', t.timestamp, (col) => col.notNull())
          .addColumn('last_polled_at', t.timestamp)
          .addColumn('last_success_at', t.timestamp)
          .addColumn('last_status', 'integer')
          .addColumn('last_error', 'text')
          .addColumn('consecutive_failures', 'integer', (col) => col.notNull().defaultTo(0))
          .addColumn('items_seen', 'integer', (col) => col.notNull().defaultTo(0))
          .addColumn('created_at', t.timestamp, (col) => col.notNull())
          .addColumn('updated_at', t.timestamp, (col) => col.notNull())
          .execute();
        await db.schema
          .createIndex('feeds_due')
          .ifNotExists()
          .on('feeds')
          .columns(['status', 'next_poll_at'])
          .execute();
        await db.schema
          .createTable('articles')
          .ifNotExists()
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('canonical_url', 'text', (col) => col.notNull().unique())
          .addColumn('url', 'text', (col) => col.notNull())
          .addColumn('final_url', 'text', (col) => col.notNull())
          .addColumn('feed_id', 'text')
          .addColumn('guid', 'text')
          .addColumn('title', 'text', (col) => col.notNull())
          .addColumn('byline', 'text')
          .addColumn('authors', t.json, (col) => col.notNull())
          .addColumn('published_at', t.timestamp)
          .addColumn('modified_at', t.timestamp)
          .addColumn('language', 'text')
          .addColumn('site_name', 'text')
          .addColumn('lead_image', 'text')
          .addColumn('text', 'text', (col) => col.notNull())
          .addColumn('html', 'text', (col) => col.notNull())
          .addColumn('word_count', 'integer', (col) => col.notNull())
          .addColumn('method', 'text', (col) => col.notNull())
          .addColumn('content_hash', 'text', (col) => col.notNull())
          .addColumn('cluster', 'text', (col) => col.notNull())
          .addColumn('duplicate_of', 'text')
          .addColumn('similarity', t.real)
          .addColumn('topics', t.json, (col) => col.notNull())
          .addColumn('entities', t.json, (col) => col.notNull())
          .addColumn('published_hash', 'text')
          .addColumn('created_at', t.timestamp, (col) => col.notNull())
          .addColumn('updated_at', t.timestamp, (col) => col.notNull())
          .execute();
        await db.schema
          .createIndex('articles_cluster')
          .ifNotExists()
          .on('articles')
          .column('cluster')
          .execute();
        await db.schema
          .createIndex('articles_published')
          .ifNotExists()
          .on('articles')
          .column('published_at')
          .execute();
        await db.schema
          .createTable('article_topics')
          .ifNotExists()
          .addColumn('article_id', 'text', (col) =>
            col.notNull().references('articles.id').onDelete('cascade'),
          )
          .addColumn('topic', 'text', (col) => col.notNull())
          .addColumn('score', t.real, (col) => col.notNull())
          .addPrimaryKeyConstraint('article_topics_pk', ['article_id', 'topic'])
          .execute();
        await db.schema
          .createIndex('article_topics_topic')
          .ifNotExists()
          .on('article_topics')
          .column('topic')
          .execute();
        // Databases made before Kysely kept their own migration record; this migration supersedes it.
        await sql`DROP TABLE IF EXISTS schema_migrations`.execute(db);
      },
    },
    '0002-api-keys': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('api_keys')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('name', 'text', (col) => col.notNull().unique())
          .addColumn('scope', 'text', (col) => col.notNull())
          .addColumn('key_hash', 'text', (col) => col.notNull().unique())
          .addColumn('created_at', t.timestamp, (col) => col.notNull())
          .addColumn('last_used_at', t.timestamp)
          .addColumn('revoked_at', t.timestamp)
          .execute();
      },
    },
    '0003-sources': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
      async up(db: Kysely<any>) {
        await db.schema
          .alterTable('feeds')
          .addColumn('kind', 'text', (col) => col.notNull().defaultTo('feed'))
          .execute();
        await db.schema.alterTable('feeds').addColumn('rhythm', t.json).execute();
        await db.schema
          .createTable('websub_subscriptions')
          .addColumn('feed_id', 'text', (col) => col.primaryKey().references('feeds.id').onDelete('cascade'))
          .addColumn('hub', 'text', (col) => col.notNull())
          .addColumn('topic', 'text', (col) => col.notNull())
          .addColumn('secret', 'text', (col) => col.notNull())
          .addColumn('state', 'text', (col) => col.notNull())
          .addColumn('lease_seconds', 'integer')
          .addColumn('lease_expires_at', t.timestamp)
          .addColumn('renew_at', t.timestamp)
          .addColumn('requested_at', t.timestamp)
          .addColumn('verified_at', t.timestamp)
          .addColumn('last_push_at', t.timestamp)
          .addColumn('last_error', 'text')
          .addColumn('created_at', t.timestamp, (col) => col.notNull())
          .addColumn('updated_at', t.timestamp, (col) => col.notNull())
          .execute();
        await db.schema
          .createIndex('websub_subscriptions_renew')
          .on('websub_subscriptions')
          .column('renew_at')
          .execute();
      },
    },
  };
}

/** Applies pending migrations; concurrent starters wait on the migrator's lock instead of racing. */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on the untyped schema
export async function migrate(db: Kysely<any>, dialect: Dialect, schema: string | null): Promise<number> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    ...(schema === null ? {} : { migrationTableSchema: schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  return results.filter((result) => result.status === 'Success').length;
}
