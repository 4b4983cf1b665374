// The WebSub callbacks against a real SQLite store, a real feed-poll queue in Redis and fastify's inject.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FeedPollRequest, QUEUES } from '@newsq/core';
import { createQueue, QueueAdmin } from '@newsq/queue';
import { createRedis } from '@newsq/redis';
import { uniquePrefix } from '@newsq/redis/testing';
import { Store } from '@newsq/store';
import { signPush } from '@newsq/websub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../server';
import { buildTestApi } from '../testing';

describe('WebSub callback routes', () => {
  const redis = createRedis(process.env.REDIS_URL!);
  const prefix = uniquePrefix('websub-api');
  const store = Store.open(`sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-websub-')), 'test.db')}`);
  const admin = new QueueAdmin(redis, prefix);
  const queue = createQueue(QUEUES.feedPoll, {
    connection: redis,
    prefix,
    policy: {
      attempts: 1,
      backoffBaseMs: 1000,
      backoffMaxMs: 1000,
      keepCompleted: 10,
      keepFailedDays: 1,
      keepFailedCount: 10,
    },
  });
  let app: App;
  const topic = 'https://news.example/feed.xml';
  let feedId: string;

  beforeAll(async () => {
    await store.migrate();
    app = await buildTestApi({
      store,
      redis,
      admin,
      prefix,
      token: 'test-token-0123456789',
      streamMaxClients: 4,
      websub: {
        enqueuePush: async (request, jobId) => {
          await queue.add(QUEUES.feedPoll, request, { jobId });
        },
        maxPushBytes: 1024,
      },
    });
    feedId = (await store.feeds.add(topic)).feed.id;
    await store.websub.recordHub(
      feedId,
      { hub: 'https://hub.example/', topic, secret: 'push-secret' },
      new Date(),
    );
  });
  afterAll(async () => {
    await app.close();
    await queue.close();
    await admin.close();
    await store.close();
    redis.disconnect();
  });

  const verify = (query: Record<string, string>, id = feedId) =>
    app.inject({ url: `/websub/${id}?${new URLSearchParams(query)}` });
  const waiting = async () => (await queue.getJobs(['waiting'])).map((job) => job.data as FeedPollRequest);

  it('confirms only the subscription it asked for, without an API key, and records the lease', async () => {
    const subscribe = {
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.challenge': 'c-123',
      'hub.lease_seconds': '600',
    };
    // Not requested yet: a stray verification is refused.
    expect((await verify(subscribe)).statusCode).toBe(404);
    const now = new Date();
    await store.websub.recordRequested(feedId, now, new Date(now.getTime() + 3_600_000), false);
    expect((await verify({ ...subscribe, 'hub.topic': 'https://evil.example/' })).statusCode).toBe(404);
    expect((await verify(subscribe, 'no-such-feed')).statusCode).toBe(404);
    const confirmed = await verify(subscribe);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toBe('c-123');
    expect(confirmed.headers['content-type']).toMatch(/^text\/plain/);
    const active = await store.websub.find(feedId);
    expect(active).toMatchObject({ state: 'active', leaseSeconds: 600 });
    expect(Date.parse(active!.leaseExpiresAt!) - Date.parse(active!.verifiedAt!)).toBe(600_000);
    expect(Date.parse(active!.renewAt!) - Date.parse(active!.verifiedAt!)).toBe(540_000);
    expect((await store.feeds.find(feedId))!.push).toMatchObject({
      hub: 'https://hub.example/',
      state: 'active',
    });
    // The rest of the API still wants a key.
    expect((await app.inject('/api/v1/feeds')).statusCode).toBe(401);
  });

  it('queues a signed push once, and drops unsigned or wrongly signed content', async () => {
    const body = '<rss version="2.0"><channel><title>T</title></channel></rss>';
    const push = (headers: Record<string, string>, payload = body, id = feedId) =>
      app.inject({
        method: 'POST',
        url: `/websub/${id}`,
        headers: { 'content-type': 'application/rss+xml', ...headers },
        payload,
      });
    expect((await push({ 'x-hub-signature': signPush(body, 'wrong-secret') })).statusCode).toBe(202);
    expect((await push({})).statusCode).toBe(202);
    expect(await waiting()).toEqual([]);
    for (let delivery = 0; delivery < 2; delivery++)
      expect((await push({ 'x-hub-signature': signPush(body, 'push-secret', 'sha1') })).statusCode).toBe(202);
    const jobs = await waiting();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ feedId, url: topic, push: { contentType: 'application/rss+xml' } });
    expect(Buffer.from(jobs[0]!.push!.body, 'base64').toString()).toBe(body);
    expect(
      (await push({ 'x-hub-signature': signPush('x'.repeat(2000), 'push-secret') }, 'x'.repeat(2000)))
        .statusCode,
    ).toBe(413);
    expect(
      (await push({ 'x-hub-signature': signPush(body, 'push-secret') }, body, 'gone-feed')).statusCode,
    ).toBe(410);
  });

  it('records a denial', async () => {
    expect(
      (await verify({ 'hub.mode': 'denied', 'hub.topic': topic, 'hub.reason': 'not allowed' })).statusCode,
    ).toBe(200);
    expect(await store.websub.find(feedId)).toMatchObject({
      state: 'denied',
      lastError: 'websub: denied by the hub: not allowed',
    });
  });
});
