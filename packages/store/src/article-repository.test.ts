import type { TaggedArticle } from '@newsq/core';
import { sampleTaggedArticle } from '@newsq/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from './store';
import { TEST_ENGINES } from './testing';

function article(overrides: Partial<TaggedArticle> = {}): TaggedArticle {
  return sampleTaggedArticle({
    url: 'https://news.example/a?utm_source=x',
    title: 'Sanctions widened',
    byline: 'A. Writer',
    authors: ['A. Writer'],
    siteName: 'Example News',
    text: 'Body text.',
    html: '<p>Body text.</p>',
    wordCount: 2,
    contentHash: 'h1',
    cluster: 'c1',
    ...overrides,
  });
}

describe.each(TEST_ENGINES)('ArticleRepository on %s', (engine, url) => {
  let store: Store;
  beforeAll(async () => {
    store = Store.open(url());
    await store.migrate();
  });
  afterAll(() => store.close());

  it('migrates idempotently', async () => {
    expect(await store.migrate()).toBe(0);
  });

  it('upserts articles idempotently by canonical URL and publishes each version once', async () => {
    const first = await store.articles.upsert(article());
    expect(first).toMatchObject({ outcome: 'inserted', pending: { event: 'article.stored', changes: [] } });
    expect(await store.articles.upsert(article())).toMatchObject({
      outcome: 'unchanged',
      storedAt: first.storedAt,
      pending: { event: 'article.stored' },
    });
    await store.articles.markPublished(first.id, 'h1', first.taggingHash);
    expect(await store.articles.upsert(article())).toMatchObject({ outcome: 'unchanged', pending: null });
    const corrected = await store.articles.upsert(article({ contentHash: 'h2', text: 'Corrected.' }));
    expect(corrected).toMatchObject({
      outcome: 'updated',
      pending: { event: 'article.updated', changes: ['content'] },
    });
    await store.articles.markPublished(first.id, 'h2', corrected.taggingHash);
    // A re-tag (a backfill with a new taxonomy) is a new version of the same text.
    const retagged = await store.articles.upsert(
      article({
        contentHash: 'h2',
        text: 'Corrected.',
        topics: [{ id: 'arms-trade', score: 0.7, evidence: [] }],
      }),
    );
    expect(retagged).toMatchObject({
      outcome: 'updated',
      pending: { event: 'article.updated', changes: ['tagging'] },
    });
    expect(retagged.taggingHash).not.toBe(corrected.taggingHash);
    expect(await store.articles.list({ topic: 'arms-trade' })).toHaveLength(1);
    expect(await store.articles.upsert(article({ contentHash: 'h2', text: 'Corrected.' }))).toMatchObject({
      outcome: 'updated',
      pending: null,
    });
    const [stored] = await store.articles.list({ topic: 'sanctions' });
    expect(stored).toMatchObject({
      canonicalUrl: 'https://news.example/a',
      text: 'Corrected.',
      duplicateOf: null,
    });
    expect(stored?.topics[0]?.id).toBe('sanctions');
    expect(stored?.entities.countries).toEqual([{ code: 'RU', name: 'Russia' }]);
    expect(await store.articles.html('https://news.example/a')).toBe('<p>Body text.</p>');
  });

  it('keeps a duplicate as a reference without a second copy of the body', async () => {
    await store.articles.upsert(
      article({
        canonicalUrl: 'https://mirror.example/a',
        duplicateOf: 'https://news.example/a',
        similarity: 0.97,
      }),
    );
    const all = await store.articles.list();
    const copy = all.find((stored) => stored.canonicalUrl === 'https://mirror.example/a');
    expect(copy).toMatchObject({ duplicateOf: 'https://news.example/a', text: '', similarity: 0.97 });
    expect(await store.articles.list({ topic: 'sanctions' })).toHaveLength(1);
    expect(await store.articles.list({ originals: true })).toHaveLength(1);
    expect((await store.articles.list({ originals: false })).map((stored) => stored.canonicalUrl)).toEqual([
      'https://mirror.example/a',
    ]);
    expect(await store.articles.cluster('c1')).toMatchObject({
      id: 'c1',
      original: { canonicalUrl: 'https://news.example/a' },
      duplicates: [{ canonicalUrl: 'https://mirror.example/a', similarity: 0.97 }],
    });
    expect(await store.articles.cluster('none')).toBeNull();
    expect(await store.articles.count()).toEqual({ originals: 1, duplicates: 1 });
  });

  it('takes any number of concurrent upserts without an error', async () => {
    const databaseUrl = url();
    const first = Store.open(databaseUrl);
    await first.migrate();
    // PostgreSQL: a second pool, as a second worker process would have. (Two SQLite connections in one
    // thread would block each other: better-sqlite3 waits synchronously for the lock.)
    const second = engine === 'postgres' ? Store.open(databaseUrl) : first;
    try {
      const versions = Array.from({ length: 120 }, (_, index) =>
        article({ canonicalUrl: `https://news.example/c${index % 40}`, contentHash: `h${index % 3}` }),
      );
      const results = await Promise.all(
        versions.map((version, index) => (index % 2 === 0 ? first : second).articles.upsert(version)),
      );
      expect(results.filter((result) => result.outcome === 'inserted')).toHaveLength(40);
      expect(await first.articles.count()).toEqual({ originals: 40, duplicates: 0 });
    } finally {
      if (second !== first) await second.close();
      await first.close();
    }
  });
});
