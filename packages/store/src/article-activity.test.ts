import { sampleTaggedArticle } from '@newsq/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedIdFor } from './feed-registry';
import { Store } from './store';
import { TEST_ENGINES } from './testing';

describe.each(TEST_ENGINES)('ArticleActivityReader on %s', (_engine, url) => {
  let store: Store;
  beforeAll(async () => {
    store = Store.open(url());
    await store.migrate();
  });
  afterAll(() => store.close());

  it('counts originals and duplicates, topics per hour and articles per feed over the window', async () => {
    const before = new Date(Date.now() - 1_000);
    const feed = 'https://news.example/feed.xml';
    await store.feeds.add(feed, 'Example News');
    const topic = (id: string) => ({ id, score: 0.8, evidence: [] });
    await store.articles.upsert(
      sampleTaggedArticle({
        canonicalUrl: 'https://news.example/one',
        feedId: feedIdFor(feed),
        topics: [topic('sanctions'), topic('arms-trade')],
      }),
    );
    await store.articles.upsert(
      sampleTaggedArticle({
        canonicalUrl: 'https://news.example/two',
        feedId: feedIdFor(feed),
        topics: [topic('sanctions')],
      }),
    );
    await store.articles.upsert(
      sampleTaggedArticle({
        canonicalUrl: 'https://mirror.example/one',
        feedId: 'unregistered-feed',
        duplicateOf: 'https://news.example/one',
      }),
    );

    const activity = await store.activity.since(before);
    expect(activity).toMatchObject({ originals: 2, duplicates: 1 });
    expect(activity.topicsByHour).toHaveLength(1);
    expect(activity.topicsByHour[0]!.topics).toEqual({ sanctions: 2, 'arms-trade': 1 });
    expect(activity.topicsByHour[0]!.hour).toMatch(/T\d\d:00:00\.000Z$/);
    expect(activity.perFeed).toEqual([
      { feedId: feedIdFor(feed), url: feed, title: 'Example News', articles: 2 },
      { feedId: 'unregistered-feed', url: null, title: null, articles: 1 },
    ]);
    expect(await store.activity.since(new Date(Date.now() + 60_000))).toMatchObject({
      originals: 0,
      duplicates: 0,
      topicsByHour: [],
      perFeed: [],
    });
  });
});
