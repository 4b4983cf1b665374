import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaggedArticle } from '@newsq/core';
import { sampleTaggedArticle } from '@newsq/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from './store';

const engines = [
  ['sqlite', () => `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-store-')), 'test.db')}`],
  ['postgres', () => `${process.env.TEST_POSTGRES_URL}?schema=t_${randomBytes(6).toString('hex')}`],
] as const;

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

describe.each(engines)('Store on %s', (_engine, url) => {
  let store: Store;
  beforeAll(async () => {
    store = Store.open(url());
    await store.migrate();
  });
  afterAll(() => store.close());

  it('migrates idempotently', async () => {
    expect(await store.migrate()).toBe(0);
  });

  it('upserts articles idempotently by canonical URL', async () => {
    expect(await store.upsertArticle(article())).toBe('inserted');
    expect(await store.upsertArticle(article())).toBe('unchanged');
    expect(await store.upsertArticle(article({ contentHash: 'h2', text: 'Corrected.' }))).toBe('updated');
    const [stored] = await store.listArticles({ topic: 'sanctions' });
    expect(stored).toMatchObject({
      canonicalUrl: 'https://news.example/a',
      text: 'Corrected.',
      duplicateOf: null,
    });
    expect(stored?.topics[0]?.id).toBe('sanctions');
    expect(stored?.entities.countries).toEqual([{ code: 'RU', name: 'Russia' }]);
  });

  it('keeps a duplicate as a reference without a second copy of the body', async () => {
    await store.upsertArticle(
      article({
        canonicalUrl: 'https://mirror.example/a',
        duplicateOf: 'https://news.example/a',
        similarity: 0.97,
      }),
    );
    const all = await store.listArticles();
    const copy = all.find((stored) => stored.canonicalUrl === 'https://mirror.example/a');
    expect(copy).toMatchObject({ duplicateOf: 'https://news.example/a', text: '', similarity: 0.97 });
    expect(await store.listArticles({ topic: 'sanctions' })).toHaveLength(1);
    expect(await store.countArticles()).toEqual({ originals: 1, duplicates: 1 });
  });

  it('registers feeds and leases due ones once', async () => {
    const { created } = await store.addFeed('https://news.example/feed.xml');
    expect(created).toBe(true);
    expect((await store.addFeed('https://news.example/feed.xml')).created).toBe(false);
    const now = new Date(Date.now() + 1000);
    expect(await store.claimDueFeeds(now, 10, 60)).toHaveLength(1);
    expect(await store.claimDueFeeds(now, 10, 60)).toHaveLength(0);
    expect(await store.setFeedStatus('https://news.example/feed.xml', 'paused')).toBe(true);
    const [feed] = await store.listFeeds();
    expect(feed?.status).toBe('paused');
    await store.recordPoll(feed!.id, {
      health: 'ok',
      etag: '"v1"',
      nextPollAt: now.toISOString(),
      lastPolledAt: now.toISOString(),
      lastSuccessAt: now.toISOString(),
      lastStatus: 200,
      lastError: null,
      consecutiveFailures: 0,
      itemsSeenDelta: 3,
    });
    expect(await store.findFeed(feed!.id)).toMatchObject({ etag: '"v1"', itemsSeen: 3, health: 'ok' });
    // A permanent redirect moves the feed, unless another feed already has that URL.
    const moved = {
      health: 'ok',
      nextPollAt: now.toISOString(),
      lastPolledAt: now.toISOString(),
      lastStatus: 200,
      lastError: null,
      consecutiveFailures: 0,
      itemsSeenDelta: 0,
    } as const;
    await store.addFeed('https://news.example/taken.xml');
    await store.recordPoll(feed!.id, { ...moved, url: 'https://news.example/taken.xml' });
    expect((await store.findFeed(feed!.id))!.url).toBe('https://news.example/feed.xml');
    await store.recordPoll(feed!.id, { ...moved, url: 'https://news.example/moved.xml' });
    expect((await store.findFeed(feed!.id))!.url).toBe('https://news.example/moved.xml');
    await store.removeFeed('https://news.example/taken.xml');
    expect(await store.removeFeed(feed!.id)).toBe(true);
  });
});
