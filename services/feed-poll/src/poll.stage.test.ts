// The feed-poll stage against local HTTP servers, a real SQLite store and real
// Redis (seen-set and per-host limiter), through the runner's own path.
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RawEntry } from '@newsq/core';
import { testStageContext } from '@newsq/core/testing';
import { parseFeed } from '@newsq/feeds';
import { type HostLimiter, safeFetch } from '@newsq/http';
import { type LocalServer, startLocalServer } from '@newsq/http/testing';
import { deliverStage, runStageOnce } from '@newsq/queue';
import { createRedis, createRedisHostLimiter, createRedisSeenSet, type Redis } from '@newsq/redis';
import { uniquePrefix } from '@newsq/redis/testing';
import { parseSitemap } from '@newsq/sitemaps';
import { Store } from '@newsq/store';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFeedPollStage } from './poll.stage';

const policy = {
  minIntervalSeconds: 60,
  maxIntervalSeconds: 86_400,
  unhealthyAfter: 3,
  pushedIntervalSeconds: 21_600,
};

function rss(items: number, origin: string): string {
  const entries = Array.from(
    { length: items },
    (_, index) => `<item><title>Story ${index}</title><link>${origin}/story-${index}</link>
      <guid>${origin}/story-${index}</guid><pubDate>Fri, 20 Sep 2024 ${String(10 + index).padStart(2, '0')}:00:00 GMT</pubDate></item>`,
  ).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title><link>${origin}/</link>${entries}</channel></rss>`;
}

describe('feed-poll stage', () => {
  let redis: Redis;
  let server: LocalServer;
  let store: Store;
  let prefix: string;

  beforeAll(() => {
    redis = createRedis(process.env.REDIS_URL!);
  });
  afterAll(() => redis.disconnect());
  beforeEach(async () => {
    server = await startLocalServer();
    store = Store.open(`sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-poll-')), 'test.db')}`);
    await store.migrate();
    prefix = uniquePrefix('poll');
  });
  afterEach(async () => {
    await server.close();
    await store.close();
  });

  function stage(
    options: {
      hostLimiter?: HostLimiter;
      now?: () => Date;
      maxBytes?: number;
      totalTimeoutMs?: number;
      seenPerFeed?: number;
    } = {},
  ) {
    const seen = createRedisSeenSet(redis, {
      prefix,
      ...(options.seenPerFeed === undefined ? {} : { maxPerFeed: options.seenPerFeed }),
    });
    return createFeedPollStage({
      findFeed: (id) => store.feeds.find(id),
      recordPoll: (id, update) => store.feeds.recordPoll(id, update),
      recordValidators: (id, validators) => store.feeds.recordValidators(id, validators),
      fetchFeed: (url, { etag, lastModified, signal }) =>
        safeFetch(url, {
          accept: 'feed',
          etag,
          lastModified,
          signal,
          allowPrivateNetworks: true,
          maxBytes: options.maxBytes ?? 1024 * 1024,
          totalTimeoutMs: options.totalTimeoutMs ?? 5_000,
          ...(options.hostLimiter ? { hostLimiter: options.hostLimiter } : {}),
        }),
      parseFeed: (body, { contentType, url }) => parseFeed(body, { contentType, url }),
      parseSitemap: (body, { contentType, url }) => parseSitemap(body, { contentType, url }),
      unseen: (feedId, keys) => seen.unseen(feedId, keys),
      markSeen: (feedId, keys, feedSize) => seen.markSeen(feedId, keys, feedSize),
      recordHub: (feedId, found) =>
        store.websub.recordHub(feedId, found && { ...found, secret: 'test-secret' }, new Date()),
      recordPush: (feedId, update) => store.websub.recordPush(feedId, update),
      policy,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** One poll as the worker runs it: validate, handle, then the afterCommit tasks. */
  async function poll(
    feedPoll: ReturnType<typeof stage>,
    feedId: string,
    url: string,
    push?: { body: string; contentType: string | null; receivedAt: string },
  ): Promise<RawEntry[]> {
    const run = await deliverStage(
      feedPoll,
      { version: 1, feedId, url, ...(push === undefined ? {} : { push }) },
      testStageContext(),
    );
    return run.outputs.map((output) => output.data);
  }

  it('sends validators on the next poll and treats 304 as nothing new', async () => {
    const seenHeaders: (string | undefined)[] = [];
    server.routes.set('/feed.xml', (request: IncomingMessage, response: ServerResponse) => {
      seenHeaders.push(request.headers['if-none-match']);
      if (request.headers['if-none-match'] === '"v1"') return void response.writeHead(304).end();
      response
        .writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' })
        .end(rss(3, server.origin));
    });
    const { feed } = await store.feeds.add(`${server.origin}/feed.xml`);
    const feedPoll = stage();
    expect(await poll(feedPoll, feed.id, feed.url)).toHaveLength(3);
    expect(await poll(feedPoll, feed.id, feed.url)).toHaveLength(0);
    expect(seenHeaders).toEqual([undefined, '"v1"']);
    expect(await store.feeds.find(feed.id)).toMatchObject({
      lastStatus: 304,
      health: 'ok',
      itemsSeen: 3,
      etag: '"v1"',
    });
  });

  it('emits only items it has not seen', async () => {
    let items = 2;
    server.routes.set('/feed.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(items, server.origin));
    });
    const { feed } = await store.feeds.add(`${server.origin}/feed.xml`);
    const feedPoll = stage();
    expect((await poll(feedPoll, feed.id, feed.url)).map((entry) => entry.title)).toEqual([
      'Story 0',
      'Story 1',
    ]);
    items = 4;
    expect((await poll(feedPoll, feed.id, feed.url)).map((entry) => entry.title)).toEqual([
      'Story 2',
      'Story 3',
    ]);
  });

  it('keeps validators and seen marks until the items are enqueued: a failed enqueue loses nothing', async () => {
    server.routes.set('/feed.xml', (request, response) => {
      if (request.headers['if-none-match'] === '"v1"') return void response.writeHead(304).end();
      response
        .writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' })
        .end(rss(20, server.origin));
    });
    const { feed } = await store.feeds.add(`${server.origin}/feed.xml`);
    const feedPoll = stage();
    // The first attempt fetches and parses, then its outputs never reach the queue: nothing is committed.
    const lost = await runStageOnce(
      feedPoll,
      { version: 1, feedId: feed.id, url: feed.url },
      testStageContext(),
    );
    expect(lost.outputs).toHaveLength(20);
    expect((await store.feeds.find(feed.id))!.etag).toBeNull();
    // The retry gets the full feed again, not a 304, and the same 20 items under the same job ids.
    const retried = await poll(feedPoll, feed.id, feed.url);
    expect(retried).toHaveLength(20);
    expect((await store.feeds.find(feed.id))!.etag).toBe('"v1"');
    expect(await poll(feedPoll, feed.id, feed.url)).toHaveLength(0);
  });

  it('keeps every item of a feed larger than the seen-set bound marked as seen', async () => {
    let items = 120;
    server.routes.set('/feed.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(items, server.origin));
    });
    const { feed } = await store.feeds.add(`${server.origin}/feed.xml`);
    const feedPoll = stage({ seenPerFeed: 50 });
    expect(await poll(feedPoll, feed.id, feed.url)).toHaveLength(120);
    items = 121;
    expect((await poll(feedPoll, feed.id, feed.url)).map((entry) => entry.title)).toEqual(['Story 120']);
    expect(await poll(feedPoll, feed.id, feed.url)).toHaveLength(0);
  });

  it('gives each item one identity, its canonical link, as seen-set key and job id', async () => {
    let links = ['/story-1?utm_source=rss', '/story-1', '/story-2#comments'];
    server.routes.set('/feed.xml', (_request, response) => {
      const items = links.map(
        (link, index) => `<item><title>Item ${index}</title><link>${server.origin}${link}</link></item>`,
      );
      response
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(`<rss version="2.0"><channel><title>Local</title>${items.join('')}</channel></rss>`);
    });
    const { feed } = await store.feeds.add(`${server.origin}/feed.xml`);
    const feedPoll = stage();
    const first = await poll(feedPoll, feed.id, feed.url);
    expect(first.map((entry) => [entry.link, entry.itemId, feedPoll.outputId(entry)])).toEqual([
      [`${server.origin}/story-1?utm_source=rss`, `${server.origin}/story-1`, `${server.origin}/story-1`],
      [`${server.origin}/story-2#comments`, `${server.origin}/story-2`, `${server.origin}/story-2`],
    ]);
    links = ['/story-1?utm_campaign=newsletter', '/story-2', '/story-3'];
    expect((await poll(feedPoll, feed.id, feed.url)).map((entry) => entry.itemId)).toEqual([
      `${server.origin}/story-3`,
    ]);
  });

  it('follows a permanent redirect and stores the new feed URL', async () => {
    server.routes.set(
      '/old.xml',
      (_request, response) => void response.writeHead(301, { location: '/new.xml' }).end(),
    );
    server.routes.set('/new.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(1, server.origin));
    });
    const { feed } = await store.feeds.add(`${server.origin}/old.xml`);
    expect(await poll(stage(), feed.id, feed.url)).toHaveLength(1);
    expect((await store.feeds.find(feed.id))!.url).toBe(`${server.origin}/new.xml`);
  });

  it('pushes the next poll back by Retry-After on 429', async () => {
    server.routes.set('/feed.xml', (_request, response) => {
      response.writeHead(429, { 'retry-after': '7200' }).end();
    });
    const { feed } = await store.feeds.add(`${server.origin}/feed.xml`);
    const now = new Date();
    expect(await poll(stage({ now: () => now }), feed.id, feed.url)).toEqual([]);
    const after = await store.feeds.find(feed.id);
    expect(Date.parse(after!.nextPollAt) - now.getTime()).toBeGreaterThanOrEqual(7_200_000);
    expect(after).toMatchObject({ health: 'failing', consecutiveFailures: 1, lastStatus: 429 });
    expect(after!.lastError).toMatch(/^http_rate_limited/);
  });

  it('backs off exponentially on failures and marks the feed unhealthy', async () => {
    server.routes.set('/feed.xml', (_request, response) => void response.writeHead(500).end());
    const { feed } = await store.feeds.add(`${server.origin}/feed.xml`);
    const now = new Date();
    const feedPoll = stage({ now: () => now });
    const delays: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      await poll(feedPoll, feed.id, feed.url);
      const current = await store.feeds.find(feed.id);
      delays.push(Date.parse(current!.nextPollAt) - now.getTime());
    }
    expect(delays[1]).toBe(delays[0]! * 2);
    const last = await store.feeds.find(feed.id);
    expect(last).toMatchObject({ health: 'unhealthy', consecutiveFailures: 3, lastStatus: 500 });
    expect(delays[2]).toBe(policy.maxIntervalSeconds * 1000);
  });

  it('records a feed over the byte cap and a dripping server as failures within their deadlines', async () => {
    server.routes.set('/huge.xml', (_request, response) => {
      response
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(`<rss>${'x'.repeat(200_000)}</rss>`);
    });
    server.routes.set('/drip.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => response.write('<'), 100);
      response.on('close', () => clearInterval(timer));
    });
    const huge = (await store.feeds.add(`${server.origin}/huge.xml`)).feed;
    const drip = (await store.feeds.add(`${server.origin}/drip.xml`)).feed;
    const feedPoll = stage({ maxBytes: 50_000, totalTimeoutMs: 800 });
    const started = performance.now();
    await poll(feedPoll, huge.id, huge.url);
    await poll(feedPoll, drip.id, drip.url);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((await store.feeds.find(huge.id))!.lastError).toMatch(/^http_too_large/);
    expect((await store.feeds.find(drip.id))!.lastError).toMatch(/^http_timeout/);
  });

  it('never exceeds the per-host limit across two workers', async () => {
    let active = 0;
    let peak = 0;
    server.routes.set('/feed.xml', (_request, response) => {
      active += 1;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active -= 1;
        response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(1, server.origin));
      }, 50);
    });
    const connections = [createRedis(process.env.REDIS_URL!), createRedis(process.env.REDIS_URL!)];
    const workers = connections.map((connection) =>
      stage({
        hostLimiter: createRedisHostLimiter(connection, {
          prefix,
          maxConcurrency: 2,
          minDelayMs: 0,
          leaseMs: 10_000,
        }),
      }),
    );
    const feeds = await Promise.all(
      Array.from({ length: 8 }, (_, index) => store.feeds.add(`${server.origin}/feed.xml?f=${index}`)),
    );
    await Promise.all(feeds.map(({ feed }, index) => poll(workers[index % 2]!, feed.id, feed.url)));
    for (const connection of connections) connection.disconnect();
    expect(server.hits.get('/feed.xml')).toBe(8);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('learns the feed rhythm from its item dates and keeps it with the interval it calls for', async () => {
    server.routes.set('/feed.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(6, server.origin));
    });
    const { feed } = await store.feeds.add(`${server.origin}/feed.xml`);
    // Items published hourly from 10:00 to 15:00; polled at 15:30.
    await poll(stage({ now: () => new Date('2024-09-20T15:30:00Z') }), feed.id, feed.url);
    const polled = await store.feeds.find(feed.id);
    expect(polled!.rhythm).toMatchObject({ window: 6, observedUntil: '2024-09-20T15:30:00.000Z' });
    // One item an hour: sqrt(2 x 90 s x 3600 s) = 805 s, give or take what the night hours pull.
    expect(polled!.intervalSeconds).toBeGreaterThan(600);
    expect(polled!.intervalSeconds).toBeLessThan(1200);
  });

  it('records the hub a feed advertises, and takes pushed content through the seen-set', async () => {
    let items = 2;
    server.routes.set('/feed.xml', (_request, response) => {
      response
        .writeHead(200, {
          'content-type': 'application/rss+xml',
          link: `<${server.origin}/hub>; rel="hub", <${server.origin}/feed.xml>; rel="self"`,
        })
        .end(rss(items, server.origin));
    });
    const { feed } = await store.feeds.add(`${server.origin}/feed.xml`);
    const feedPoll = stage();
    expect(await poll(feedPoll, feed.id, feed.url)).toHaveLength(2);
    expect(await store.websub.find(feed.id)).toMatchObject({
      hub: `${server.origin}/hub`,
      topic: `${server.origin}/feed.xml`,
      secret: 'test-secret',
      state: 'new',
    });
    // Once the hub verified the subscription, polls are the safety net only.
    await store.websub.recordVerified(feed.id, new Date(), 86_400, new Date(Date.now() + 77_760_000));
    await poll(feedPoll, feed.id, feed.url);
    expect((await store.feeds.find(feed.id))!.intervalSeconds).toBe(policy.pushedIntervalSeconds);
    items = 3;
    const push = (body: string) => ({
      body: Buffer.from(body).toString('base64'),
      contentType: 'application/rss+xml',
      receivedAt: '2026-01-01T00:00:00.000Z',
    });
    const pushed = await poll(feedPoll, feed.id, feed.url, push(rss(3, server.origin)));
    expect(pushed.map((entry) => entry.title)).toEqual(['Story 2']);
    expect(await poll(feedPoll, feed.id, feed.url, push(rss(3, server.origin)))).toEqual([]);
    expect(await poll(feedPoll, feed.id, feed.url)).toEqual([]);
    const after = await store.feeds.find(feed.id);
    expect(after!.intervalSeconds).toBe(policy.pushedIntervalSeconds);
    expect(after).toMatchObject({ itemsSeen: 3 });
    expect(after!.push).toMatchObject({
      hub: `${server.origin}/hub`,
      lastPushAt: '2026-01-01T00:00:00.000Z',
    });
    await poll(feedPoll, feed.id, feed.url, push('not a feed'));
    expect((await store.websub.find(feed.id))!.lastError).toMatch(/^feed_not_a_feed/);
    // The feed stops advertising a hub: the subscription ends.
    server.routes.set('/feed.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(3, server.origin));
    });
    await poll(feedPoll, feed.id, feed.url);
    expect(await store.websub.find(feed.id)).toBeNull();
  });

  it('reads a Google News sitemap, then only the URLs that are new or whose lastmod changed', async () => {
    const lastmods = ['2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z', '2026-03-01T10:00:00Z'];
    server.routes.set('/news-sitemap.xml', (_request, response) => {
      const urls = lastmods.map(
        (lastmod, index) => `<url><loc>${server.origin}/story-${index}</loc><lastmod>${lastmod}</lastmod>
          <news:news><news:publication><news:name>Local</news:name><news:language>de</news:language></news:publication>
          <news:publication_date>2026-03-01T0${index}:00:00Z</news:publication_date><news:title>Story ${index}</news:title></news:news></url>`,
      );
      response
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(
          `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">${urls.join('')}</urlset>`,
        );
    });
    const { feed } = await store.feeds.add(`${server.origin}/news-sitemap.xml`, null, 'news-sitemap');
    const feedPoll = stage();
    const first = await poll(feedPoll, feed.id, feed.url);
    expect(first).toHaveLength(3);
    expect(first[0]).toMatchObject({
      link: `${server.origin}/story-0`,
      title: 'Story 0',
      publishedAt: '2026-03-01T00:00:00Z',
      language: 'de',
      revision: '2026-03-01T08:00:00Z',
    });
    expect(await poll(feedPoll, feed.id, feed.url)).toEqual([]);
    lastmods[1] = '2026-03-01T11:30:00Z';
    const second = await poll(feedPoll, feed.id, feed.url);
    expect(second.map((entry) => [entry.link, entry.revision])).toEqual([
      [`${server.origin}/story-1`, '2026-03-01T11:30:00Z'],
    ]);
    // The new revision goes downstream under a job id of its own.
    expect(feedPoll.outputId(second[0]!)).not.toBe(feedPoll.outputId(first[1]!));
    expect(await store.feeds.find(feed.id)).toMatchObject({ kind: 'news-sitemap', itemsSeen: 4 });
  });

  it('takes a large sitemap newest first, a thousand URLs a poll', async () => {
    server.routes.set('/sitemap.xml', (_request, response) => {
      const urls = Array.from(
        { length: 1200 },
        (_, index) =>
          `<url><loc>${server.origin}/page-${index}</loc><lastmod>${new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString()}</lastmod></url>`,
      );
      response
        .writeHead(200, { 'content-type': 'application/xml', etag: '"s1"' })
        .end(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join('')}</urlset>`);
    });
    const { feed } = await store.feeds.add(`${server.origin}/sitemap.xml`, null, 'sitemap');
    const feedPoll = stage();
    const first = await poll(feedPoll, feed.id, feed.url);
    expect(first).toHaveLength(1000);
    expect(first[0]!.link).toBe(`${server.origin}/page-1199`);
    const held = await store.feeds.find(feed.id);
    expect(held!.lastError).toContain('200 new URLs left for the next polls');
    // Nothing is taken as done but what was emitted: the next poll reads the sitemap whole again.
    expect(held!.etag).toBeNull();
    const second = await poll(feedPoll, feed.id, feed.url);
    expect(second.map((entry) => entry.link).sort()).toEqual(
      Array.from({ length: 200 }, (_, index) => `${server.origin}/page-${index}`).sort(),
    );
    expect(await store.feeds.find(feed.id)).toMatchObject({ etag: '"s1"', itemsSeen: 1200, lastError: null });
  });

  it('expands a sitemap index into the child sitemaps that are new or changed', async () => {
    const childLastmod = { a: '2026-03-01', b: '2026-03-02' };
    server.routes.set('/sitemap.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/xml' }).end(
        `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>${server.origin}/a.xml</loc><lastmod>${childLastmod.a}</lastmod></sitemap>
          <sitemap><loc>${server.origin}/b.xml.gz</loc><lastmod>${childLastmod.b}</lastmod></sitemap></sitemapindex>`,
      );
    });
    const child = (name: string, count: number) =>
      `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${Array.from(
        { length: count },
        (_, index) => `<url><loc>${server.origin}/${name}/${index}</loc></url>`,
      ).join('')}</urlset>`;
    let bCount = 2;
    server.routes.set('/a.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/xml' }).end(child('a', 2));
    });
    server.routes.set('/b.xml.gz', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-gzip' }).end(gzipSync(child('b', bCount)));
    });
    // Registered as a feed: the document says it is a sitemap index.
    const { feed } = await store.feeds.add(`${server.origin}/sitemap.xml`);
    const feedPoll = stage();
    expect(
      (await poll(feedPoll, feed.id, feed.url)).map((entry) => new URL(entry.link).pathname).sort(),
    ).toEqual(['/a/0', '/a/1', '/b/0', '/b/1']);
    expect((await store.feeds.find(feed.id))!.kind).toBe('sitemap-index');
    expect(await poll(feedPoll, feed.id, feed.url)).toEqual([]);
    expect(server.hits.get('/a.xml')).toBe(1);
    bCount = 3;
    childLastmod.b = '2026-03-03';
    expect((await poll(feedPoll, feed.id, feed.url)).map((entry) => new URL(entry.link).pathname)).toEqual([
      '/b/2',
    ]);
    expect(server.hits.get('/a.xml')).toBe(1);
    expect(server.hits.get('/b.xml.gz')).toBe(2);
  });
});
