// Owns persistence: the feed registry and idempotent article upserts on SQLite
// or PostgreSQL, chosen by DATABASE_URL. The article's canonical URL is the
// unique key and the final authority on duplicates (redeliveries upsert).
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { RetryableError, type TaggedArticle } from '@newsq/core';
import { migrate } from './migrations';
import { openPostgres, openSqlite, type Row, type Sql } from './sql';

export type FeedStatus = 'active' | 'paused';
export type FeedHealth = 'new' | 'ok' | 'failing' | 'unhealthy';

export interface FeedRecord {
  id: string;
  url: string;
  title: string | null;
  status: FeedStatus;
  health: FeedHealth;
  etag: string | null;
  lastModified: string | null;
  intervalSeconds: number | null;
  nextPollAt: string;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  itemsSeen: number;
  createdAt: string;
}

/** What a poll changes on its feed; absent fields stay as they are. */
export interface FeedPollUpdate {
  url?: string;
  title?: string | null;
  health: FeedHealth;
  etag?: string | null;
  lastModified?: string | null;
  intervalSeconds?: number | null;
  nextPollAt: string;
  lastPolledAt: string;
  lastSuccessAt?: string;
  lastStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  itemsSeenDelta: number;
}

export interface StoredArticle {
  id: string;
  url: string;
  canonicalUrl: string;
  finalUrl: string;
  feedId: string | null;
  title: string;
  byline: string | null;
  authors: string[];
  text: string;
  publishedAt: string | null;
  modifiedAt: string | null;
  language: string | null;
  siteName: string | null;
  leadImage: string | null;
  wordCount: number;
  method: string;
  contentHash: string;
  topics: TaggedArticle['topics'];
  entities: TaggedArticle['entities'];
  duplicateOf: string | null;
  similarity: number | null;
  cluster: string;
  createdAt: string;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';

export interface ArticleQuery {
  topic?: string;
  includeDuplicates?: boolean;
  limit?: number;
}

/** A new feed is due at once; an existing URL is left as it is. */
const INSERT_FEED = `INSERT INTO feeds (id, url, title, next_poll_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $4, $4)
  ON CONFLICT (url) DO NOTHING`;

export function feedIdFor(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 16);
}

export function articleIdFor(canonicalUrl: string): string {
  return createHash('sha256').update(canonicalUrl).digest('hex').slice(0, 24);
}

const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value);
const fromJson = <T>(value: unknown): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);

function toFeed(row: Row): FeedRecord {
  return {
    id: String(row.id),
    url: String(row.url),
    title: (row.title as string | null) ?? null,
    status: row.status as FeedStatus,
    health: row.health as FeedHealth,
    etag: (row.etag as string | null) ?? null,
    lastModified: (row.last_modified as string | null) ?? null,
    intervalSeconds: row.interval_s === null ? null : Number(row.interval_s),
    nextPollAt: iso(row.next_poll_at)!,
    lastPolledAt: iso(row.last_polled_at),
    lastSuccessAt: iso(row.last_success_at),
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: (row.last_error as string | null) ?? null,
    consecutiveFailures: Number(row.consecutive_failures),
    itemsSeen: Number(row.items_seen),
    createdAt: iso(row.created_at)!,
  };
}

function toArticle(row: Row): StoredArticle {
  return {
    id: String(row.id),
    url: String(row.url),
    canonicalUrl: String(row.canonical_url),
    finalUrl: String(row.final_url),
    feedId: (row.feed_id as string | null) ?? null,
    title: String(row.title),
    byline: (row.byline as string | null) ?? null,
    authors: fromJson<string[]>(row.authors),
    text: String(row.text),
    publishedAt: iso(row.published_at),
    modifiedAt: iso(row.modified_at),
    language: (row.language as string | null) ?? null,
    siteName: (row.site_name as string | null) ?? null,
    leadImage: (row.lead_image as string | null) ?? null,
    wordCount: Number(row.word_count),
    method: String(row.method),
    contentHash: String(row.content_hash),
    topics: fromJson(row.topics),
    entities: fromJson(row.entities),
    duplicateOf: (row.duplicate_of as string | null) ?? null,
    similarity: row.similarity === null ? null : Number(row.similarity),
    cluster: String(row.cluster),
    createdAt: iso(row.created_at)!,
  };
}

export class Store {
  private constructor(
    private readonly sql: Sql,
    private readonly schema: string | null,
  ) {}

  static open(databaseUrl: string): Store {
    if (databaseUrl.startsWith('sqlite:')) {
      const path = databaseUrl.slice('sqlite:'.length);
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      return new Store(openSqlite(path), null);
    }
    const sql = openPostgres(databaseUrl);
    return new Store(sql, sql.schema);
  }

  get dialect(): Sql['dialect'] {
    return this.sql.dialect;
  }

  /** Applies migrations; a database that cannot be reached is a retryable error with one line. */
  async migrate(): Promise<number> {
    try {
      return await migrate(this.sql, this.schema);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (
        code === 'ECONNREFUSED' ||
        code === 'ENOTFOUND' ||
        code === '28P01' ||
        code === '3D000' ||
        code === 'SQLITE_CANTOPEN'
      ) {
        throw new RetryableError(
          'store_unavailable',
          `store: cannot open the database: ${(error as Error).message}`,
        );
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.sql.close();
  }

  /** Rejects when the database does not answer (readiness checks). */
  async ping(): Promise<void> {
    await this.sql.all('SELECT 1 AS ok');
  }

  // Feed registry

  async addFeed(url: string, title: string | null = null): Promise<{ feed: FeedRecord; created: boolean }> {
    const created =
      (await this.sql.run(INSERT_FEED, [feedIdFor(url), url, title, new Date().toISOString()])) > 0;
    const feed = await this.findFeed(url);
    return { feed: feed!, created };
  }

  /** Adds many feeds in one transaction; returns how many were new. */
  async addFeeds(feeds: readonly { url: string; title: string | null }[]): Promise<number> {
    const now = new Date().toISOString();
    return this.sql.transaction(async (tx) => {
      let created = 0;
      for (const feed of feeds) {
        created += await tx.run(INSERT_FEED, [feedIdFor(feed.url), feed.url, feed.title, now]);
      }
      return created;
    });
  }

  /** Finds a feed by id or URL. */
  async findFeed(idOrUrl: string): Promise<FeedRecord | null> {
    const rows = await this.sql.all('SELECT * FROM feeds WHERE id = $1 OR url = $1', [idOrUrl]);
    return rows[0] ? toFeed(rows[0]) : null;
  }

  async listFeeds(): Promise<FeedRecord[]> {
    return (await this.sql.all('SELECT * FROM feeds ORDER BY created_at, url')).map(toFeed);
  }

  async feedHealthSummary(): Promise<{ status: FeedStatus; health: FeedHealth; count: number }[]> {
    const rows = await this.sql.all(
      'SELECT status, health, COUNT(*) AS count FROM feeds GROUP BY status, health ORDER BY status, health',
    );
    return rows.map((row) => ({
      status: row.status as FeedStatus,
      health: row.health as FeedHealth,
      count: Number(row.count),
    }));
  }

  async removeFeed(idOrUrl: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM feeds WHERE id = $1 OR url = $1', [idOrUrl])) > 0;
  }

  async setFeedStatus(idOrUrl: string, status: FeedStatus): Promise<boolean> {
    const now = new Date().toISOString();
    return (
      (await this.sql.run(
        'UPDATE feeds SET status = $2, next_poll_at = $3, updated_at = $3 WHERE id = $1 OR url = $1',
        [idOrUrl, status, now],
      )) > 0
    );
  }

  /**
   * Active feeds whose poll is due, leased for `leaseSeconds` so concurrent schedulers
   * do not enqueue one feed twice; the poll then sets the real next time.
   */
  async claimDueFeeds(now: Date, limit: number, leaseSeconds: number): Promise<FeedRecord[]> {
    return this.sql.transaction(async (tx) => {
      const due = (
        await tx.all(
          `SELECT * FROM feeds WHERE status = 'active' AND next_poll_at <= $1 ORDER BY next_poll_at LIMIT $2${
            tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''
          }`,
          [now.toISOString(), limit],
        )
      ).map(toFeed);
      const leasedUntil = new Date(now.getTime() + leaseSeconds * 1000).toISOString();
      for (const feed of due) {
        await tx.run('UPDATE feeds SET next_poll_at = $2 WHERE id = $1', [feed.id, leasedUntil]);
      }
      return due;
    });
  }

  async recordPoll(feedId: string, update: FeedPollUpdate): Promise<void> {
    await this.sql.run(
      `UPDATE feeds SET
         url = CASE WHEN CAST($2 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM feeds other WHERE other.url = CAST($2 AS TEXT)) THEN url ELSE CAST($2 AS TEXT) END, title = COALESCE($3, title), health = $4,
         etag = CASE WHEN $5 THEN $6 ELSE etag END,
         last_modified = CASE WHEN $5 THEN $7 ELSE last_modified END,
         interval_s = COALESCE($8, interval_s), next_poll_at = $9, last_polled_at = $10,
         last_success_at = COALESCE($11, last_success_at), last_status = $12, last_error = $13,
         consecutive_failures = $14, items_seen = items_seen + $15, updated_at = $10
       WHERE id = $1`,
      [
        feedId,
        update.url ?? null,
        update.title ?? null,
        update.health,
        update.etag !== undefined || update.lastModified !== undefined,
        update.etag ?? null,
        update.lastModified ?? null,
        update.intervalSeconds ?? null,
        update.nextPollAt,
        update.lastPolledAt,
        update.lastSuccessAt ?? null,
        update.lastStatus,
        update.lastError,
        update.consecutiveFailures,
        update.itemsSeenDelta,
      ],
    );
  }

  // Articles

  /** Inserts or updates by canonical URL; a duplicate is kept as a reference row without a second copy of the body. */
  async upsertArticle(article: TaggedArticle): Promise<UpsertOutcome> {
    const id = articleIdFor(article.canonicalUrl);
    const isDuplicate = article.duplicateOf !== null;
    const now = new Date().toISOString();
    const values = [
      id,
      article.canonicalUrl,
      article.url,
      article.finalUrl,
      article.feedId,
      article.guid,
      article.title,
      article.byline,
      JSON.stringify(article.authors),
      article.publishedAt,
      article.modifiedAt,
      article.language,
      article.siteName,
      article.leadImage,
      isDuplicate ? '' : article.text,
      isDuplicate ? '' : article.html,
      article.wordCount,
      article.method,
      article.contentHash,
      article.cluster,
      article.duplicateOf,
      article.similarity,
      JSON.stringify(isDuplicate ? [] : article.topics),
      JSON.stringify(article.entities),
      now,
    ];
    return this.sql.transaction(async (tx) => {
      const existing = await tx.all<{ content_hash: string; duplicate_of: string | null }>(
        'SELECT content_hash, duplicate_of FROM articles WHERE id = $1',
        [id],
      );
      const previous = existing[0];
      if (
        previous &&
        previous.content_hash === article.contentHash &&
        previous.duplicate_of === article.duplicateOf
      ) {
        return 'unchanged';
      }
      await tx.run(
        `INSERT INTO articles (id, canonical_url, url, final_url, feed_id, guid, title, byline, authors, published_at,
           modified_at, language, site_name, lead_image, text, html, word_count, method, content_hash, cluster,
           duplicate_of, similarity, topics, entities, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
           $24, $25, $25)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, final_url = excluded.final_url, title = excluded.title,
           byline = excluded.byline, authors = excluded.authors, published_at = excluded.published_at,
           modified_at = excluded.modified_at, language = excluded.language, site_name = excluded.site_name,
           lead_image = excluded.lead_image, text = excluded.text, html = excluded.html,
           word_count = excluded.word_count, method = excluded.method, content_hash = excluded.content_hash,
           cluster = excluded.cluster, duplicate_of = excluded.duplicate_of, similarity = excluded.similarity,
           topics = excluded.topics, entities = excluded.entities, updated_at = excluded.updated_at`,
        values,
      );
      await tx.run('DELETE FROM article_topics WHERE article_id = $1', [id]);
      if (!isDuplicate) {
        for (const topic of article.topics) {
          await tx.run('INSERT INTO article_topics (article_id, topic, score) VALUES ($1, $2, $3)', [
            id,
            topic.id,
            topic.score,
          ]);
        }
      }
      return previous ? 'updated' : 'inserted';
    });
  }

  /** The sanitised HTML body, kept out of listings to keep them small. */
  async articleHtml(canonicalUrl: string): Promise<string | null> {
    const rows = await this.sql.all<{ html: string }>('SELECT html FROM articles WHERE id = $1', [
      articleIdFor(canonicalUrl),
    ]);
    return rows[0]?.html ?? null;
  }

  /** True when this version of the article (by content hash) has not been published yet. */
  async isPublicationPending(canonicalUrl: string, contentHash: string): Promise<boolean> {
    const rows = await this.sql.all<{ published_hash: string | null }>(
      'SELECT published_hash FROM articles WHERE id = $1',
      [articleIdFor(canonicalUrl)],
    );
    return rows[0] !== undefined && rows[0].published_hash !== contentHash;
  }

  async markPublished(canonicalUrl: string, contentHash: string): Promise<void> {
    await this.sql.run('UPDATE articles SET published_hash = $2 WHERE id = $1', [
      articleIdFor(canonicalUrl),
      contentHash,
    ]);
  }

  async listArticles(query: ArticleQuery = {}): Promise<StoredArticle[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.topic !== undefined) {
      params.push(query.topic);
      conditions.push(`id IN (SELECT article_id FROM article_topics WHERE topic = $${params.length})`);
    }
    if (query.includeDuplicates === false) conditions.push('duplicate_of IS NULL');
    params.push(query.limit ?? 1000);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.sql.all(
      `SELECT * FROM articles ${where} ORDER BY published_at DESC NULLS LAST, canonical_url LIMIT $${params.length}`,
      params,
    );
    return rows.map(toArticle);
  }

  async countArticles(): Promise<{ originals: number; duplicates: number }> {
    const rows = await this.sql.all<{ originals: unknown; duplicates: unknown }>(
      `SELECT SUM(CASE WHEN duplicate_of IS NULL THEN 1 ELSE 0 END) AS originals,
              SUM(CASE WHEN duplicate_of IS NULL THEN 0 ELSE 1 END) AS duplicates FROM articles`,
    );
    return { originals: Number(rows[0]?.originals ?? 0), duplicates: Number(rows[0]?.duplicates ?? 0) };
  }
}
