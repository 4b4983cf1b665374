// Owns the connection to SQLite or PostgreSQL (chosen by DATABASE_URL) through Kysely: the table
// types both engines share, the dialect set-up, and the one rule that tells a database outage
// (wait and try again) from a fault of the query itself.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DependencyUnavailableError } from '@newsq/core';
import type { FeedHealth, PublishingRhythm } from '@newsq/poll-policy';
import {
  type ColumnType,
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import type pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';
export type FeedStatus = 'active' | 'paused';
/** What a registered source is: a feed (RSS, Atom, JSON Feed) or one of the sitemap kinds. */
export type SourceKind = 'feed' | 'sitemap' | 'sitemap-index' | 'news-sitemap';
/**
 * A WebSub subscription's state: `new` (hub found, no request yet), `requested` (the hub accepted the
 * request, verification pending), `active` (verified, leased), `denied` (the hub refused it).
 */
export type WebSubState = 'new' | 'requested' | 'active' | 'denied';

/** Timestamps are written as ISO strings; PostgreSQL reads them back as Date. */
type Timestamp = ColumnType<Date | string, string, string>;
/** JSON is written as text; PostgreSQL (jsonb) reads it back parsed. */
type Json = ColumnType<unknown, string, string>;

export interface FeedsTable {
  id: string;
  url: string;
  title: string | null;
  status: ColumnType<FeedStatus, FeedStatus | undefined, FeedStatus>;
  health: ColumnType<FeedHealth, FeedHealth | undefined, FeedHealth>;
  etag: string | null;
  last_modified: string | null;
  interval_s: number | null;
  next_poll_at: Timestamp;
  last_polled_at: Timestamp | null;
  last_success_at: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  items_seen: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  kind: ColumnType<SourceKind, SourceKind | undefined, SourceKind>;
  /** The learned publishing rhythm (poll-policy's PublishingRhythm) as JSON. */
  rhythm: ColumnType<PublishingRhythm | string | null, string | null | undefined, string | null>;
}

export interface WebSubSubscriptionsTable {
  feed_id: string;
  hub: string;
  topic: string;
  /** The hub.secret pushes are signed with: kept as is, since checking an HMAC needs the key itself. */
  secret: string;
  state: WebSubState;
  lease_seconds: number | null;
  lease_expires_at: Timestamp | null;
  /** When the next subscription request is due; null when none is planned. */
  renew_at: Timestamp | null;
  requested_at: Timestamp | null;
  verified_at: Timestamp | null;
  last_push_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ArticlesTable {
  id: string;
  canonical_url: string;
  url: string;
  final_url: string;
  feed_id: string | null;
  guid: string | null;
  title: string;
  byline: string | null;
  authors: Json;
  published_at: Timestamp | null;
  modified_at: Timestamp | null;
  language: string | null;
  site_name: string | null;
  lead_image: string | null;
  text: string;
  html: string;
  word_count: number;
  method: string;
  content_hash: string;
  cluster: string;
  duplicate_of: string | null;
  similarity: number | null;
  topics: Json;
  entities: Json;
  /** Insertion order: cursors page on it (assigned once, at insert). */
  seq: ColumnType<number, number | undefined, never>;
  /** Fingerprint of topics and entities (taggingFingerprint): a re-tag is a new version. */
  tagging_hash: string | null;
  /** Content hash last published (stream, webhooks): a row whose hash differs is still to be published. */
  published_hash: string | null;
  /** Tagging fingerprint last published: a row whose fingerprint differs is still to be published. */
  published_tagging_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ArticleTopicsTable {
  article_id: string;
  topic: string;
  score: number;
}

export interface ArticleEntitiesTable {
  article_id: string;
  kind: string;
  /** entityKey(kind, value): what filters compare. */
  key: string;
}

export type KeyScope = 'read' | 'admin';
export type SubscriptionStatus = 'active' | 'paused';

export interface SubscriptionsTable {
  id: string;
  name: string;
  url: string;
  /** The HMAC key deliveries are signed with; receivers hold the same one, so it is kept, not hashed. */
  secret: string;
  filters: Json;
  status: ColumnType<SubscriptionStatus, SubscriptionStatus | undefined, SubscriptionStatus>;
  /** manual, or auto after too many consecutive failures; null while active. */
  paused_reason: string | null;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: Timestamp | null;
  last_success_at: Timestamp | null;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  scope: KeyScope;
  /** SHA-256 of the whole key: keys are long random strings, so a fast hash is enough and lookups stay cheap. */
  key_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface Tables {
  feeds: FeedsTable;
  articles: ArticlesTable;
  article_topics: ArticleTopicsTable;
  article_entities: ArticleEntitiesTable;
  api_keys: ApiKeysTable;
  websub_subscriptions: WebSubSubscriptionsTable;
  subscriptions: SubscriptionsTable;
}

export type Db = Kysely<Tables>;

export interface OpenedDatabase {
  db: Db;
  dialect: Dialect;
  /** PostgreSQL schema named by `?schema=` (created by the migrator), null for the default. */
  schema: string | null;
}

/**
 * SQLite's default deferred BEGIN takes the write lock only at the first write, and a reader that
 * then tries to write fails at once with SQLITE_BUSY. BEGIN IMMEDIATE takes it up front, so a
 * second process (one per stage) waits for it under busy_timeout instead of failing.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return new Kysely<Tables>({
    dialect: new ImmediateSqliteDialect({
      // Loaded on demand: a deployable that never opens the store (or uses PostgreSQL) needs no native driver.
      database: async () => {
        const { default: Database } = await import('better-sqlite3');
        const database = new Database(path);
        database.pragma('journal_mode = WAL');
        // WAL with synchronous=NORMAL is durable across process crashes (the case that matters for a
        // worker); only an OS crash may lose the last commits, which redelivery then writes again.
        database.pragma('synchronous = NORMAL');
        database.pragma('busy_timeout = 10000');
        database.pragma('foreign_keys = ON');
        return database;
      },
    }),
  });
}

function openPostgres(url: string, onConnectionError: (error: Error) => void): OpenedDatabase {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`store: schema name ${schema} is not a plain identifier`);
  }
  const pool = async (): Promise<pg.Pool> => {
    const { default: postgres } = await import('pg');
    const created = new postgres.Pool({
      connectionString: parsed.toString(),
      max: 10,
      connectionTimeoutMillis: 5_000,
      ...(schema === null ? {} : { options: `-c search_path=${schema}` }),
    });
    // A server shutdown (57P01) or a dropped socket is emitted as 'error' on idle clients (the pool)
    // and on checked-out clients (each client): unhandled, either would end the process.
    created.on('error', onConnectionError);
    created.on('connect', (client) => client.on('error', onConnectionError));
    return created;
  };
  return { db: new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres', schema };
}

export function openDatabase(
  databaseUrl: string,
  options: { onConnectionError?: (error: Error) => void } = {},
): OpenedDatabase {
  if (databaseUrl.startsWith('sqlite:')) {
    return { db: openSqlite(databaseUrl.slice('sqlite:'.length)), dialect: 'sqlite', schema: null };
  }
  return openPostgres(databaseUrl, options.onConnectionError ?? (() => {}));
}

const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // PostgreSQL: shutting down, crashed, starting up, too many connections, bad login or database.
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '28P01',
  '28000',
  '3D000',
  // SQLite: still locked after busy_timeout, cannot open, disk I/O, disk full.
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_FULL',
]);

/** pg reports a lost connection by message only; SQLSTATE class 08 is "connection exception". */
const OUTAGE_MESSAGE =
  /connection terminated|terminating connection|timeout exceeded when trying to connect|not queryable|server closed the connection|connection (?:refused|reset)/i;

export function isDatabaseOutage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (
    typeof code === 'string' &&
    (OUTAGE_CODES.has(code) || code.startsWith('08') || code.startsWith('SQLITE_IOERR'))
  )
    return true;
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (Array.isArray(errors) && errors.some(isDatabaseOutage)) return true;
  return error instanceof Error && OUTAGE_MESSAGE.test(error.message);
}

/** Runs a database call; an outage becomes a DependencyUnavailableError the runner waits out. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDatabaseOutage(error)) {
      throw new DependencyUnavailableError(
        'database',
        `store: database unavailable: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

export const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value);

export const fromJson = <T>(value: unknown): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);
