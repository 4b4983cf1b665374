// Owns stored articles: the idempotent upsert keyed by canonical URL (the final authority on
// duplicates), the publication outbox, and reads.
import { createHash } from 'node:crypto';
import type { TaggedArticle } from '@newsq/core';
import type { ArticlesTable, Db } from './database';
import { fromJson, guarded, iso } from './database';

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

export interface UpsertResult {
  outcome: UpsertOutcome;
  /** True while this version (by content hash) has not been published yet. */
  publicationPending: boolean;
}

export interface ArticleQuery {
  topic?: string;
  includeDuplicates?: boolean;
  limit?: number;
}

export function articleIdFor(canonicalUrl: string): string {
  return createHash('sha256').update(canonicalUrl).digest('hex').slice(0, 24);
}

type ArticleRow = { [K in Exclude<keyof ArticlesTable, 'html'>]: unknown };

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
  };
}

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

export class ArticleRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts or updates by canonical URL: a redelivery of the same version changes nothing, and
   * concurrent writers of one article serialise on its row. A duplicate is kept as a reference row
   * without a second copy of the body.
   */
  upsert(article: TaggedArticle): Promise<UpsertResult> {
    const id = articleIdFor(article.canonicalUrl);
    const isDuplicate = article.duplicateOf !== null;
    const now = new Date().toISOString();
    const row = {
      id,
      canonical_url: article.canonicalUrl,
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
      cluster: article.cluster,
      duplicate_of: article.duplicateOf,
      similarity: article.similarity,
      topics: JSON.stringify(isDuplicate ? [] : article.topics),
      entities: JSON.stringify(article.entities),
      created_at: now,
      updated_at: now,
    };
    return guarded(() =>
      this.db.transaction().execute(async (tx) => {
        const inserted = await tx
          .insertInto('articles')
          .values(row)
          .onConflict((conflict) => conflict.column('id').doNothing())
          .returning('id')
          .executeTakeFirst();
        let outcome: UpsertOutcome = 'inserted';
        let publishedHash: string | null = null;
        if (inserted === undefined) {
          // Same id: a redelivery (same version, nothing to write) or a new version of the article.
          const { id: _id, canonical_url: _url, created_at: _created, ...changed } = row;
          const updated = await tx
            .updateTable('articles')
            .set(changed)
            .where('id', '=', id)
            .where((eb) =>
              eb.or([
                eb('content_hash', '<>', article.contentHash),
                eb('duplicate_of', 'is distinct from', article.duplicateOf),
              ]),
            )
            .returning('published_hash')
            .executeTakeFirst();
          if (updated === undefined) {
            const stored = await tx
              .selectFrom('articles')
              .select('published_hash')
              .where('id', '=', id)
              .executeTakeFirstOrThrow();
            return {
              outcome: 'unchanged',
              publicationPending: stored.published_hash !== article.contentHash,
            };
          }
          outcome = 'updated';
          publishedHash = updated.published_hash;
        }
        await tx.deleteFrom('article_topics').where('article_id', '=', id).execute();
        if (!isDuplicate && article.topics.length > 0) {
          await tx
            .insertInto('article_topics')
            .values(article.topics.map((topic) => ({ article_id: id, topic: topic.id, score: topic.score })))
            .execute();
        }
        return { outcome, publicationPending: publishedHash !== article.contentHash };
      }),
    );
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

  /** Records that this version is published, so a redelivery does not publish it again. */
  async markPublished(canonicalUrl: string, contentHash: string): Promise<void> {
    await guarded(() =>
      this.db
        .updateTable('articles')
        .set({ published_hash: contentHash })
        .where('id', '=', articleIdFor(canonicalUrl))
        .execute(),
    );
  }

  async list(query: ArticleQuery = {}): Promise<StoredArticle[]> {
    let select = this.db.selectFrom('articles').select(LISTED_COLUMNS);
    if (query.topic !== undefined) {
      const topic = query.topic;
      select = select.where('id', 'in', (eb) =>
        eb.selectFrom('article_topics').select('article_id').where('topic', '=', topic),
      );
    }
    if (query.includeDuplicates === false) select = select.where('duplicate_of', 'is', null);
    const rows = await guarded(() =>
      select
        .orderBy('published_at', (order) => order.desc().nullsLast())
        .orderBy('canonical_url')
        .limit(query.limit ?? 1000)
        .execute(),
    );
    return rows.map(toArticle);
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
}
