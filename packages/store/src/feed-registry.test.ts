import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from './store';
import { TEST_ENGINES } from './testing';

describe.each(TEST_ENGINES)('FeedRegistry on %s', (_engine, url) => {
  let store: Store;
  beforeAll(async () => {
    store = Store.open(url());
    await store.migrate();
  });
  afterAll(() => store.close());

  it('registers feeds and leases due ones once', async () => {
    const feeds = store.feeds;
    const { created } = await feeds.add('https://news.example/feed.xml');
    expect(created).toBe(true);
    expect((await feeds.add('https://news.example/feed.xml')).created).toBe(false);
    const now = new Date(Date.now() + 1000);
    expect(await feeds.claimDue(now, 10, 60)).toHaveLength(1);
    expect(await feeds.claimDue(now, 10, 60)).toHaveLength(0);
    expect(await feeds.setStatus('https://news.example/feed.xml', 'paused')).toBe(true);
    const [feed] = await feeds.list();
    expect(feed?.status).toBe('paused');
    await feeds.recordPoll(feed!.id, {
      health: 'ok',
      nextPollAt: now.toISOString(),
      lastPolledAt: now.toISOString(),
      lastSuccessAt: now.toISOString(),
      lastStatus: 200,
      lastError: null,
      consecutiveFailures: 0,
      itemsSeenDelta: 3,
    });
    expect(await feeds.find(feed!.id)).toMatchObject({ etag: null, itemsSeen: 3, health: 'ok' });
    await feeds.recordValidators(feed!.id, { etag: '"v1"', lastModified: null });
    expect(await feeds.find(feed!.id)).toMatchObject({ etag: '"v1"', itemsSeen: 3 });
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
    await feeds.add('https://news.example/taken.xml');
    await feeds.recordPoll(feed!.id, { ...moved, url: 'https://news.example/taken.xml' });
    expect((await feeds.find(feed!.id))!.url).toBe('https://news.example/feed.xml');
    await feeds.recordPoll(feed!.id, { ...moved, url: 'https://news.example/moved.xml' });
    expect((await feeds.find(feed!.id))!.url).toBe('https://news.example/moved.xml');
    await feeds.remove('https://news.example/taken.xml');
    expect(await feeds.remove(feed!.id)).toBe(true);
  });

  it('adds many feeds at once and summarises health', async () => {
    const urls = Array.from({ length: 1200 }, (_, index) => ({
      url: `https://bulk.example/${index}.xml`,
      title: null,
    }));
    expect(await store.feeds.addMany(urls)).toBe(1200);
    expect(await store.feeds.addMany(urls)).toBe(0);
    expect(await store.feeds.healthSummary()).toContainEqual({
      status: 'active',
      health: 'new',
      count: 1200,
    });
  });
});

describe('Store outages', () => {
  it('reports an unreachable database as a dependency outage', async () => {
    const store = Store.open('postgres://newsq:newsq@127.0.0.1:9/newsq');
    try {
      await expect(store.ping()).rejects.toMatchObject({
        code: 'database_unavailable',
        dependency: 'database',
      });
    } finally {
      await store.close();
    }
  });
});
