// Upgrading a database that holds articles from before search, entities and tagging fingerprints:
// they become searchable and filterable, and what was published is not published again.
import { articleIdFor } from '@newsq/core';
import { sampleTaggedArticle } from '@newsq/core/testing';
import { Migrator } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { migrations } from './migrations';
import { Store } from './store';
import { TEST_ENGINES } from './testing';

describe.each(TEST_ENGINES)('migration to search and subscriptions on %s', (_engine, url) => {
  const databaseUrl = url();
  const { db, dialect, schema } = openDatabase(databaseUrl);
  afterAll(() => db.destroy());

  it('indexes, fingerprints and sequences the articles stored before it', async () => {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations(dialect) },
      ...(schema === null ? {} : { migrationTableSchema: schema }),
    });
    expect((await migrator.migrateTo('0003-sources')).error).toBeUndefined();
    const article = sampleTaggedArticle({
      title: 'Ports closed to tankers',
      text: 'The ministry closed three ports to tankers carrying crude.',
      entities: {
        countries: [{ code: 'NO', name: 'Norway' }],
        people: [{ name: 'Kari Lund' }],
        organizations: [],
      },
    });
    const now = new Date().toISOString();
    // As the store wrote it then: published (the outbox holds its content hash).
    await db
      .insertInto('articles')
      .values({
        id: articleIdFor(article.canonicalUrl),
        canonical_url: article.canonicalUrl,
        url: article.url,
        final_url: article.finalUrl,
        feed_id: article.feedId,
        guid: article.guid,
        title: article.title,
        byline: null,
        authors: '[]',
        published_at: article.publishedAt,
        modified_at: null,
        language: 'en',
        site_name: null,
        lead_image: null,
        text: article.text,
        html: '<p>x</p>',
        word_count: 9,
        method: 'readability',
        content_hash: article.contentHash,
        cluster: article.cluster,
        duplicate_of: null,
        similarity: null,
        topics: JSON.stringify(article.topics),
        entities: JSON.stringify(article.entities),
        published_hash: article.contentHash,
        created_at: now,
        updated_at: now,
      } as never)
      .execute();
    const store = Store.open(databaseUrl);
    try {
      expect(await store.migrate()).toBe(1);
      const found = await store.articles.list({ q: 'tanker', country: 'no', person: 'kari lund' });
      expect(found.map((stored) => stored.canonicalUrl)).toEqual([article.canonicalUrl]);
      // Published before the upgrade, text and tags alike: a redelivery publishes nothing.
      expect(await store.articles.upsert(article)).toMatchObject({ outcome: 'unchanged', pending: null });
      // A later article comes after it in the sequence.
      await store.articles.upsert(sampleTaggedArticle({ canonicalUrl: 'https://news.example/new' }));
      expect((await store.articles.list()).map((stored) => stored.canonicalUrl)).toEqual([
        'https://news.example/new',
        article.canonicalUrl,
      ]);
    } finally {
      await store.close();
    }
  });
});
