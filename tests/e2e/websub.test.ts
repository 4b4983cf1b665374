// WebSub end to end against a local hub: newsq subscribes with a secret and answers the hub's challenge,
// renews the lease before it runs out (on a fake clock, in process), stores a pushed entry within two
// seconds (the api and `newsq run` as processes, as operators run them) and drops a push signed wrongly.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger, QUEUES } from '@newsq/core';
import { safeFetch } from '@newsq/http';
import { type LocalServer, startLocalServer } from '@newsq/http/testing';
import { createDependencyGate, createQueue, QueueAdmin } from '@newsq/queue';
import { createRedis } from '@newsq/redis';
import { freePort, uniquePrefix } from '@newsq/redis/testing';
import type { App } from '@newsq/service-api';
import { buildTestApi } from '@newsq/service-api/testing';
import { startWebSubRenewer } from '@newsq/service-feed-poll/websub-renewer';
import { Store } from '@newsq/store';
import { newPushSecret } from '@newsq/websub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunEnv, runNewsq, startBuilt } from '../support/processes';
import { type LocalHub, startLocalHub } from '../support/websub-hub';

const sqliteUrl = () => `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-websub-')), 'newsq.db')}`;

async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: string,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Words that make each story's text its own, so no two are near-duplicates. */
function storyText(story: number): string {
  let seed = story * 7919 + 13;
  const word = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return (seed % 1_000_003).toString(36);
  };
  const sentence = () => `${Array.from({ length: 14 }, word).join(' ')}.`;
  return Array.from({ length: 6 }, () => `<p>${Array.from({ length: 5 }, sentence).join(' ')}</p>`).join('');
}

function rssWith(site: LocalServer, hub: LocalHub, stories: readonly number[]): string {
  const items = stories
    .map(
      (story) => `<item><title>Story ${story}</title><link>${site.origin}/story-${story}</link>
        <pubDate>${new Date(Date.now() - (10 - story) * 60_000).toUTCString()}</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
    <title>Pushed news</title><link>${site.origin}/</link>
    <atom:link rel="hub" href="${hub.url}"/><atom:link rel="self" href="${site.origin}/feed.xml"/>${items}</channel></rss>`;
}

describe('WebSub subscription renewal (in process, fake clock)', () => {
  const redis = createRedis(process.env.REDIS_URL!);
  const prefix = uniquePrefix('websub-renew');
  const store = Store.open(sqliteUrl());
  const admin = new QueueAdmin(redis, prefix);
  let app: App;
  let hub: LocalHub;
  let callbackBase: string;

  beforeAll(async () => {
    await store.migrate();
    const queue = createQueue(QUEUES.feedPoll, {
      connection: redis,
      prefix,
      policy: {
        attempts: 1,
        backoffBaseMs: 10,
        backoffMaxMs: 10,
        keepCompleted: 1,
        keepFailedDays: 1,
        keepFailedCount: 100,
      },
    });
    app = await buildTestApi({
      store,
      redis,
      admin,
      prefix,
      token: 'test-token-0123456789',
      streamMaxClients: 4,
      websub: { enqueuePush: async () => {}, maxPushBytes: 1024 * 1024 },
    });
    app.addHook('onClose', () => queue.close());
    await app.listen({ host: '127.0.0.1', port: 0 });
    callbackBase = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    hub = await startLocalHub({ leaseSeconds: 3600 });
  });
  afterAll(async () => {
    await app.close();
    await hub.close();
    await admin.close();
    await store.close();
    redis.disconnect();
  });

  it('subscribes with a secret, answers the challenge, and renews the lease before it expires', async () => {
    const { feed } = await store.feeds.add('https://news.example/pushed.xml');
    await store.websub.recordHub(
      feed.id,
      { hub: hub.url, topic: feed.url, secret: newPushSecret() },
      new Date(),
    );
    let clock = new Date();
    const renewer = startWebSubRenewer({
      subscriptions: store.websub,
      callbackBaseUrl: callbackBase,
      postToHub: (url, form, signal) =>
        safeFetch(url, { accept: 'any', form, signal, allowPrivateNetworks: true }),
      gate: createDependencyGate({ logger: createSilentLogger() }),
      everyMs: 3_600_000,
      logger: createSilentLogger(),
      now: () => clock,
    });
    try {
      expect(await renewer.tick()).toBe(1);
      await eventually(() => hub.verifications[0], 5_000, 'the first verification');
      expect(hub.requests[0]).toMatchObject({
        'hub.mode': 'subscribe',
        'hub.topic': feed.url,
        'hub.callback': `${callbackBase}/websub/${feed.id}`,
      });
      expect(hub.requests[0]!['hub.secret']).toMatch(/^[0-9a-f]{64}$/);
      expect(hub.verifications[0]!.confirmed).toBe(true);
      const first = (await store.websub.find(feed.id))!;
      expect(first).toMatchObject({ state: 'active', leaseSeconds: 3600 });
      const expiresAt = Date.parse(first.leaseExpiresAt!);

      // Half the lease later nothing is due; with a tenth of it left, the renewal goes out.
      clock = new Date(expiresAt - 1800_000);
      expect(await renewer.tick()).toBe(0);
      clock = new Date(expiresAt - 300_000);
      expect(await renewer.tick()).toBe(1);
      expect(clock.getTime()).toBeLessThan(expiresAt);
      expect(hub.requests).toHaveLength(2);
      expect(hub.requests[1]!['hub.secret']).toBe(hub.requests[0]!['hub.secret']);
      await eventually(() => hub.verifications[1], 5_000, 'the renewal verification');
      expect(hub.verifications[1]!.confirmed).toBe(true);
      const renewed = (await store.websub.find(feed.id))!;
      expect(renewed.state).toBe('active');
      expect(Date.parse(renewed.verifiedAt!)).toBeGreaterThan(Date.parse(first.verifiedAt!));
      expect(Date.parse(renewed.leaseExpiresAt!)).toBeGreaterThan(expiresAt);
    } finally {
      await renewer.stop();
    }
  });
});

describe('WebSub push through the pipeline (api and newsq run as processes)', () => {
  let site: LocalServer;
  let hub: LocalHub;
  let store: Store;
  let feedId: string;
  const children: ChildProcess[] = [];
  let feedUrl: string;

  const storedUrls = async () => new Set((await store.articles.list()).map((article) => article.url));

  beforeAll(async () => {
    site = await startLocalServer();
    hub = await startLocalHub({ leaseSeconds: 864_000 });
    feedUrl = `${site.origin}/feed.xml`;
    site.routes.set('/feed.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssWith(site, hub, [1, 2]));
    });
    for (let story = 1; story <= 9; story++) {
      site.routes.set(`/story-${story}`, (_request, response) => {
        response
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            `<!doctype html><html lang="en"><head><title>Story ${story}</title></head><body><article><h1>Story ${story}</h1>${storyText(story)}</article></body></html>`,
          );
      });
    }
    const databaseUrl = sqliteUrl();
    const apiPort = await freePort();
    const env = fixtureRunEnv(
      {
        redisUrl: process.env.REDIS_URL!,
        prefix: uniquePrefix('websub-e2e'),
        databaseUrl: databaseUrl,
        hosts: [site.host, hub.host],
      },
      {
        FEED_POLL_SCHEDULE_EVERY_MS: '200',
      },
    );
    expect((await runNewsq(['feeds', 'add', feedUrl], env)).code).toBe(0);
    store = Store.open(databaseUrl);
    feedId = (await store.feeds.find(feedUrl))!.id;
    children.push(startBuilt('api', [], { ...env, API_HOST: '127.0.0.1', API_PORT: String(apiPort) }));
    children.push(
      startBuilt('cli', ['run'], { ...env, WEBSUB_CALLBACK_BASE_URL: `http://127.0.0.1:${apiPort}` }),
    );
    // The first poll finds the hub, the renewer subscribes, the hub verifies through the api.
    await eventually(
      () => hub.verifications.find((entry) => entry.confirmed),
      60_000,
      'a confirmed subscription',
    );
    await eventually(
      async () => ((await storedUrls()).size >= 2 ? true : undefined),
      120_000,
      'the polled stories stored',
    );
  }, 180_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))),
      ),
    );
    await store?.close();
    await site?.close();
    await hub?.close();
  });

  it('shows the push state in feed health', async () => {
    const feed = await store.feeds.find(feedId);
    expect(feed!.push).toMatchObject({ hub: hub.url, state: 'active' });
    expect(Date.parse(feed!.push!.leaseExpiresAt!) - Date.now()).toBeGreaterThan(863_000_000);
  });

  it('stores a pushed entry within 2 seconds', async () => {
    const pushedAt = performance.now();
    expect(await hub.push(feedUrl, rssWith(site, hub, [1, 2, 3]))).toBe(202);
    await eventually(
      async () => ((await storedUrls()).has(`${site.origin}/story-3`) ? true : undefined),
      10_000,
      'the pushed story stored',
    );
    const elapsedMs = performance.now() - pushedAt;
    expect(elapsedMs).toBeLessThan(2_000);
    const feed = await store.feeds.find(feedId);
    expect(feed!.push!.lastPushAt).not.toBeNull();
    expect(feed!.itemsSeen).toBe(3);
  });

  it('drops a push with a bad signature', async () => {
    expect(await hub.push(feedUrl, rssWith(site, hub, [1, 2, 3, 4]), { secret: 'not-the-secret' })).toBe(202);
    // A good push sent after it is stored; the forged one never is.
    expect(await hub.push(feedUrl, rssWith(site, hub, [1, 2, 3, 5]))).toBe(202);
    await eventually(
      async () => ((await storedUrls()).has(`${site.origin}/story-5`) ? true : undefined),
      10_000,
      'the later signed story stored',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await storedUrls()).has(`${site.origin}/story-4`)).toBe(false);
    expect(site.hits.get('/story-4')).toBeUndefined();
  });
});
