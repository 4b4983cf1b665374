// Owns stored articles: the idempotent upsert keyed by canonical URL (the final authority on
// duplicates), the publication outbox (the text and tagging last published, so a redelivery publishes
// nothing and a new version or a re-tag publishes once), and reads: filtered, searched and paged by
// cursor, one article, a cluster, topic counts.
import {
  type ArticleChange,
  articleIdFor,
  type Publication,
  type TaggedArticle,
  taggingFingerprint,
} from '@newsq/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db, Dialect } from './database';
import { fromJson, guarded, iso } from './database';
import {
  ArticleQueryError,
  entityKey,
  entityKeys,
  parseSearchQuery,
  type SearchTerm,
  searchCondition,
  searchRank,
} from './search';

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
  /** When it was first stored. */
  createdAt: string;
  /** When its stored version last changed. */
  updatedAt: string;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';

/** What publishing the stored version means: a first publication, or a change to what was published. */
export interface UpsertResult {
  outcome: UpsertOutcome;
  id: string;
  taggingHash: string;
  /** When the stored version was written: its insert, or its last change. */
  storedAt: string;
  /** Null while this version (text and tagging) is the one published last. */
  pending: Publication | null;
}

export interface ArticleFilters {
  topic?: string;
  /** With `topic`: its score is at least this. */
  minScore?: number;
  /** ISO 3166-1 alpha-2 code of a country the article is about. */
  country?: string;
  /** A person's name, compared case- and spacing-insensitively. */
  person?: string;
  feed?: string;
  cluster?: string;
  /** true: originals only; false: duplicates only; absent: both. */
  originals?: boolean;
  since?: string;
  until?: string;
  /** Which time `since` and `until` bound: published (default) or stored. */
  time?: 'published' | 'stored';
  /** Full-text query (see search.ts). */
  q?: string;
}

export type ArticleSort = 'newest' | 'relevance';

export interface ArticleQuery extends ArticleFilters {
  /** newest (insertion order, newest first) or relevance (needs q; the default with q). */
  sort?: ArticleSort;
  /** Default 100. The API allows at most MAX_PAGE_SIZE; batch readers (tests, the CLI) may take more. */
  limit?: number;
  /** `next` of the previous page. */
  cursor?: string;
}

export interface ArticlePage {
  items: StoredArticle[];
  /** Cursor of the next page, null on the last one. */
  next: string | null;
}

export interface ClusterMember {
  id: string;
  canonicalUrl: string;
  url: string;
  title: string;
  feedId: string | null;
  publishedAt: string | null;
  duplicateOf: string | null;
  similarity: number | null;
  createdAt: string;
}

export interface Cluster {
  id: string;
  /** The member others refer to; null if only duplicates are stored. */
  original: ClusterMember | null;
  duplicates: ClusterMember[];
}

export interface TopicCount {
  topic: string;
  count: number;
}

/** The largest page the API serves. */
export const MAX_PAGE_SIZE = 1000;

interface CursorPosition {
  sort: ArticleSort;
  seq: number;
  rank: number;
}

function encodeCursor(position: CursorPosition): string {
  return Buffer.from(
    JSON.stringify([position.sort === 'relevance' ? 'r' : 'n', position.seq, position.rank]),
  ).toString('base64url');
}

function decodeCursor(cursor: string, sort: ArticleSort): CursorPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 3 ||
    !Number.isSafeInteger(decoded[1]) ||
    !Number.isSafeInteger(decoded[2])
  ) {
    throw new ArticleQueryError('invalid_cursor', 'store: cursor is not one this API gave');
  }
  if (decoded[0] !== (sort === 'relevance' ? 'r' : 'n')) {
    throw new ArticleQueryError('invalid_cursor', 'store: cursor belongs to a query with another sort order');
  }
  return { sort, seq: decoded[1], rank: decoded[2] };
}

function toArticle(row: ArticleRow): StoredArticle {
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
    createdAt: iso(row.created_at) ?? '',
    updatedAt: iso(row.updated_at) ?? '',
  };
}

type ArticleRow = { [K in (typeof LISTED_COLUMNS)[number]]: unknown };

/** Every column but the HTML body, which listings leave out to stay small. */
const LISTED_COLUMNS = [
  'id',
  'url',
  'canonical_url',
  'final_url',
  'feed_id',
  'guid',
  'title',
  'byline',
  'authors',
  'text',
  'published_at',
  'modified_at',
  'language',
  'site_name',
  'lead_image',
  'word_count',
  'method',
  'content_hash',
  'cluster',
  'duplicate_of',
  'similarity',
  'topics',
  'entities',
  'published_hash',
  'created_at',
  'updated_at',
] as const;

const MEMBER_COLUMNS = [
  'id',
  'canonical_url',
  'url',
  'title',
  'feed_id',
  'published_at',
  'duplicate_of',
  'similarity',
  'created_at',
] as const;

export class ArticleRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Inserts or updates by canonical URL: a redelivery of the same version changes nothing, and
   * concurrent writers of one article serialise on its row. A duplicate is kept as a reference row
   * without a second copy of the body. A new text, new tagging or a changed duplicate verdict is a
   * new stored version; it is pending publication until markPublished records it.
   */
  upsert(article: TaggedArticle): Promise<UpsertResult> {
    const id = articleIdFor(article.canonicalUrl);
    const isDuplicate = article.duplicateOf !== null;
    const taggingHash = taggingFingerprint(article.topics, article.entities);
    const now = new Date().toISOString();
    const changed = {
      url: article.url,
      final_url: article.finalUrl,
      feed_id: article.feedId,
      guid: article.guid,
      title: article.title,
      byline: article.byline,
      authors: JSON.stringify(article.authors),
      published_at: article.publishedAt,
      modified_at: article.modifiedAt,
      language: article.language,
      site_name: article.siteName,
      lead_image: article.leadImage,
      text: isDuplicate ? '' : article.text,
      html: isDuplicate ? '' : article.html,
      word_count: article.wordCount,
      method: article.method,
      content_hash: article.contentHash,
      tagging_hash: taggingHash,
      cluster: article.cluster,
      duplicate_of: article.duplicateOf,
      similarity: article.similarity,
      topics: JSON.stringify(isDuplicate ? [] : article.topics),
      entities: JSON.stringify(article.entities),
      updated_at: now,
    };
    return guarded(() =>
      this.db.transaction().execute(async (tx) => {
        const current = () => {
          const select = tx
            .selectFrom('articles')
            .select([
              'content_hash',
              'tagging_hash',
              'duplicate_of',
              'published_hash',
              'published_tagging_hash',
              'updated_at',
            ])
            .where('id', '=', id);
          return (this.dialect === 'postgres' ? select.forUpdate() : select).executeTakeFirst();
        };
        let stored = await current();
        let outcome: UpsertOutcome = 'unchanged';
        if (stored === undefined) {
          const inserted = await tx
            .insertInto('articles')
            .values({
              id,
              canonical_url: article.canonicalUrl,
              created_at: now,
              ...changed,
              // SQLite runs one writer at a time (BEGIN IMMEDIATE): the next number cannot be taken twice.
              ...(this.dialect === 'sqlite'
                ? { seq: sql<number>`(SELECT coalesce(max(seq), 0) + 1 FROM articles)` }
                : {}),
            })
            .onConflict((conflict) => conflict.column('id').doNothing())
            .returning('id')
            .executeTakeFirst();
          // Lost a race with a concurrent insert of the same article: continue as an update of it.
          if (inserted === undefined) stored = await current();
          else outcome = 'inserted';
        }
        if (
          stored !== undefined &&
          (stored.content_hash !== article.contentHash ||
            stored.tagging_hash !== taggingHash ||
            stored.duplicate_of !== article.duplicateOf)
        ) {
          await tx.updateTable('articles').set(changed).where('id', '=', id).execute();
          outcome = 'updated';
        }
        if (outcome !== 'unchanged') await this.replaceIndexes(tx, id, article, isDuplicate);
        const published = stored ?? { published_hash: null, published_tagging_hash: null };
        return {
          outcome,
          id,
          taggingHash,
          storedAt: outcome === 'unchanged' ? (iso(stored?.updated_at) ?? now) : now,
          pending: pendingPublication(published, article.contentHash, taggingHash),
        };
      }),
    );
  }

  private async replaceIndexes(tx: Db, id: string, article: TaggedArticle, isDuplicate: boolean) {
    await tx.deleteFrom('article_topics').where('article_id', '=', id).execute();
    await tx.deleteFrom('article_entities').where('article_id', '=', id).execute();
    if (!isDuplicate && article.topics.length > 0) {
      await tx
        .insertInto('article_topics')
        .values(article.topics.map((topic) => ({ article_id: id, topic: topic.id, score: topic.score })))
        .execute();
    }
    const keys = entityKeys(article.entities);
    if (keys.length > 0) {
      await tx
        .insertInto('article_entities')
        .values(keys.map((entry) => ({ article_id: id, ...entry })))
        .execute();
    }
  }

  /** The sanitised HTML body, kept out of listings to keep them small. */
  async html(canonicalUrl: string): Promise<string | null> {
    const row = await guarded(() =>
      this.db
        .selectFrom('articles')
        .select('html')
        .where('id', '=', articleIdFor(canonicalUrl))
        .executeTakeFirst(),
    );
    return row?.html ?? null;
  }

  /** Records that this version (text and tagging) is published, so a redelivery does not publish it again. */
  async markPublished(id: string, contentHash: string, taggingHash: string): Promise<void> {
    await guarded(() =>
      this.db
        .updateTable('articles')
        .set({ published_hash: contentHash, published_tagging_hash: taggingHash })
        .where('id', '=', id)
        .execute(),
    );
  }

  /** One page of articles matching the query, newest first or by relevance to `q`. */
  /** How many articles the filters select (a backfill's total). */
  async countMatching(filters: ArticleFilters): Promise<number> {
    const terms = filters.q === undefined ? null : parseSearchQuery(filters.q);
    const row = await guarded(() =>
      this.filtered(filters, terms)
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirst(),
    );
    return Number(row?.count ?? 0);
  }

  async page(query: ArticleQuery = {}): Promise<ArticlePage> {
    const terms = query.q === undefined ? null : parseSearchQuery(query.q);
    const sort: ArticleSort = query.sort ?? (terms === null ? 'newest' : 'relevance');
    if (sort === 'relevance' && terms === null)
      throw new ArticleQueryError('invalid_query', 'store: sort=relevance needs q');
    const limit = Math.max(1, query.limit ?? 100);
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, sort);
    const rank = terms === null || sort === 'newest' ? sql<number>`0` : searchRank(this.dialect, terms);
    const ranked = this.filtered(query, terms)
      .select(LISTED_COLUMNS)
      .select(['seq', rank.as('rank')])
      .as('ranked');
    let select = this.db.selectFrom(ranked).selectAll();
    if (after !== null) {
      select = select.where(({ eb, refTuple, tuple }) =>
        eb(refTuple('rank', 'seq'), '<', tuple(after.rank, after.seq)),
      );
    }
    const rows = await guarded(() =>
      select
        .orderBy('rank', 'desc')
        .orderBy('seq', 'desc')
        .limit(limit + 1)
        .execute(),
    );
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return {
      items: rows.slice(0, limit).map(toArticle),
      next:
        last === undefined ? null : encodeCursor({ sort, seq: Number(last.seq), rank: Number(last.rank) }),
    };
  }

  /** The first page's articles (`page` for the rest). */
  async list(query: ArticleQuery = {}): Promise<StoredArticle[]> {
    return (await this.page(query)).items;
  }

  /** The ids among `ids` whose stored article matches the filters (for live streams). */
  async matching(ids: readonly string[], filters: ArticleFilters): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const terms = filters.q === undefined ? null : parseSearchQuery(filters.q);
    const rows = await guarded(() =>
      this.filtered(filters, terms).select('id').where('id', 'in', ids).execute(),
    );
    return new Set(rows.map((row) => row.id));
  }

  /** One article with its HTML body, or null. */
  async get(id: string): Promise<(StoredArticle & { html: string }) | null> {
    const row = await this.rowWithHtml(id);
    return row === undefined ? null : { ...toArticle(row), html: row.html };
  }

  private rowWithHtml(id: string) {
    return guarded(() =>
      this.db
        .selectFrom('articles')
        .select(LISTED_COLUMNS)
        .select('html')
        .where('id', '=', id)
        .executeTakeFirst(),
    );
  }

  /**
   * An article as the message that stored it (its text, HTML, tags and dedupe verdict), for work that
   * sends a stored article through a stage again (a backfill after a taxonomy change); null when unknown.
   */
  async asTagged(id: string): Promise<TaggedArticle | null> {
    const row = await this.rowWithHtml(id);
    if (row === undefined) return null;
    const stored = toArticle(row);
    return {
      version: 1,
      feedId: stored.feedId ?? '',
      guid: row.guid ?? stored.url,
      url: stored.url,
      finalUrl: stored.finalUrl,
      declaredCanonicalUrl: null,
      title: stored.title,
      byline: stored.byline,
      authors: stored.authors,
      publishedAt: stored.publishedAt,
      modifiedAt: stored.modifiedAt,
      language: stored.language,
      siteName: stored.siteName,
      leadImage: stored.leadImage,
      text: stored.text,
      html: row.html,
      wordCount: stored.wordCount,
      method: stored.method,
      canonicalUrl: stored.canonicalUrl,
      contentHash: stored.contentHash,
      cluster: stored.cluster,
      duplicateOf: stored.duplicateOf,
      similarity: stored.similarity,
      topics: stored.topics,
      entities: stored.entities,
    };
  }

  /** The articles of a cluster: the original others refer to and its duplicates; null when it is unknown. */
  async cluster(clusterId: string): Promise<Cluster | null> {
    const rows = await guarded(() =>
      this.db
        .selectFrom('articles')
        .select(MEMBER_COLUMNS)
        .where('cluster', '=', clusterId)
        .orderBy('seq')
        .execute(),
    );
    if (rows.length === 0) return null;
    const members = rows.map(
      (row): ClusterMember => ({
        id: row.id,
        canonicalUrl: row.canonical_url,
        url: row.url,
        title: row.title,
        feedId: row.feed_id,
        publishedAt: iso(row.published_at),
        duplicateOf: row.duplicate_of,
        similarity: row.similarity === null ? null : Number(row.similarity),
        createdAt: iso(row.created_at) ?? '',
      }),
    );
    const original = members.find((member) => member.duplicateOf === null) ?? null;
    return { id: clusterId, original, duplicates: members.filter((member) => member !== original) };
  }

  /** Articles per topic among those published (or stored) in the window, most frequent first. */
  async topicCounts(window: Pick<ArticleFilters, 'since' | 'until' | 'time'> = {}): Promise<TopicCount[]> {
    const rows = await guarded(() =>
      this.filtered(window, null)
        .innerJoin('article_topics', 'article_topics.article_id', 'articles.id')
        .select(['article_topics.topic', (eb) => eb.fn.countAll<number>().as('count')])
        .groupBy('article_topics.topic')
        .orderBy('count', 'desc')
        .orderBy('article_topics.topic')
        .execute(),
    );
    return rows.map((row) => ({ topic: row.topic, count: Number(row.count) }));
  }

  async count(): Promise<{ originals: number; duplicates: number }> {
    const row = await guarded(() =>
      this.db
        .selectFrom('articles')
        .select((eb) => [
          eb.fn.countAll().filterWhere('duplicate_of', 'is', null).as('originals'),
          eb.fn.countAll().filterWhere('duplicate_of', 'is not', null).as('duplicates'),
        ])
        .executeTakeFirst(),
    );
    return { originals: Number(row?.originals ?? 0), duplicates: Number(row?.duplicates ?? 0) };
  }

  /** The articles matching the filters, one SQL source for lists, live streams and counts. */
  private filtered(filters: ArticleFilters, terms: readonly SearchTerm[] | null) {
    const conditions: Expression<SqlBool>[] = [];
    const within = (kind: string, key: string) =>
      sql<SqlBool>`articles.id IN (SELECT article_id FROM article_entities WHERE kind = ${kind} AND key = ${key})`;
    if (filters.topic !== undefined) {
      const minScore = filters.minScore === undefined ? sql`` : sql` AND score >= ${filters.minScore}`;
      conditions.push(
        sql<SqlBool>`articles.id IN (SELECT article_id FROM article_topics WHERE topic = ${filters.topic}${minScore})`,
      );
    }
    if (filters.country !== undefined)
      conditions.push(within('country', entityKey('country', filters.country)));
    if (filters.person !== undefined) conditions.push(within('person', entityKey('person', filters.person)));
    if (filters.feed !== undefined) conditions.push(sql<SqlBool>`articles.feed_id = ${filters.feed}`);
    if (filters.cluster !== undefined) conditions.push(sql<SqlBool>`articles.cluster = ${filters.cluster}`);
    if (filters.originals !== undefined) {
      conditions.push(
        filters.originals
          ? sql<SqlBool>`articles.duplicate_of IS NULL`
          : sql<SqlBool>`articles.duplicate_of IS NOT NULL`,
      );
    }
    const column =
      filters.time === 'stored' ? sql.ref('articles.created_at') : sql.ref('articles.published_at');
    // SQLite keeps times as ISO text, with or without milliseconds or an offset: compare them as instants.
    const instant = (value: unknown) =>
      this.dialect === 'sqlite' ? sql`julianday(${value})` : sql`${value}::timestamptz`;
    if (filters.since !== undefined)
      conditions.push(sql<SqlBool>`${instant(column)} >= ${instant(filters.since)}`);
    if (filters.until !== undefined)
      conditions.push(sql<SqlBool>`${instant(column)} < ${instant(filters.until)}`);
    if (terms !== null) conditions.push(searchCondition(this.dialect, terms));
    return this.db.selectFrom('articles').where((eb) => eb.and(conditions));
  }
}

function pendingPublication(
  published: { published_hash: string | null; published_tagging_hash: string | null },
  contentHash: string,
  taggingHash: string,
): Publication | null {
  if (published.published_hash === null) return { event: 'article.stored', changes: [] };
  const changes: ArticleChange[] = [];
  if (published.published_hash !== contentHash) changes.push('content');
  if (published.published_tagging_hash !== taggingHash) changes.push('tagging');
  return changes.length === 0 ? null : { event: 'article.updated', changes };
}
