// The API against real Redis and a real SQLite store, through fastify's inject.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger } from '@newsq/core';
import { QueueAdmin } from '@newsq/queue';
import { createRedis } from '@newsq/redis';
import { uniquePrefix } from '@newsq/redis/testing';
import { Store } from '@newsq/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from './server';

const token = 'test-token-0123456789';

describe('api', () => {
  const redis = createRedis(process.env.REDIS_URL!);
  const store = Store.open(`sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-api-')), 'test.db')}`);
  const admin = new QueueAdmin(redis, uniquePrefix('api'));
  let app: Awaited<ReturnType<typeof buildApi>>;
  const auth = { authorization: `Bearer ${token}` };

  beforeAll(async () => {
    await store.migrate();
    app = await buildApi({ store, redis, admin, logger: createSilentLogger(), token });
  });
  afterAll(async () => {
    await app.close();
    await admin.close();
    await store.close();
    redis.disconnect();
  });

  it('answers health, readiness and metrics without a token', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz')).json()).toEqual({
      status: 'ready',
      checks: { redis: 'ok', database: 'ok' },
    });
    const metrics = await app.inject('/metrics');
    expect(metrics.body).toContain('newsq_queue_jobs{queue="feed-poll",state="waiting"} 0');
    expect(metrics.body).toContain('newsq_articles{kind="original"} 0');
  });

  it('refuses the API and the dashboard without the token', async () => {
    expect((await app.inject('/api/v1/feeds')).statusCode).toBe(401);
    expect(
      (await app.inject({ url: '/api/v1/feeds', headers: { authorization: 'Bearer wrong' } })).statusCode,
    ).toBe(401);
    const dashboard = await app.inject('/admin/queues');
    expect(dashboard.statusCode).toBe(401);
    expect(dashboard.headers['www-authenticate']).toContain('Basic');
    const basic = `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`;
    expect((await app.inject({ url: '/admin/queues', headers: { authorization: basic } })).statusCode).toBe(
      200,
    );
  });

  it('manages feeds and reports them with health', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/feeds',
      headers: auth,
      payload: { url: 'https://news.example/feed.xml' },
    });
    expect(created.statusCode).toBe(201);
    const feed = created.json();
    expect(feed).toMatchObject({ url: 'https://news.example/feed.xml', status: 'active', health: 'new' });
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/feeds', headers: auth, payload: { url: 'nope' } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/feeds/${feed.id}/pause`, headers: auth })).json()
        .status,
    ).toBe('paused');
    expect((await app.inject({ url: '/api/v1/feeds', headers: auth })).json()).toHaveLength(1);
    expect((await app.inject({ url: '/api/v1/pipeline', headers: auth })).json().feeds).toEqual([
      { status: 'paused', health: 'new', count: 1 },
    ]);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/feeds/${feed.id}`, headers: auth })).statusCode,
    ).toBe(204);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/feeds/${feed.id}`, headers: auth })).statusCode,
    ).toBe(404);
  });

  it('lists stored articles', async () => {
    const response = await app.inject({ url: '/api/v1/articles?topic=sanctions', headers: auth });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });
});
