// The API against real Redis and a real SQLite store, through fastify's inject.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from './server';
import { buildTestApi, openTestBackends } from './testing';

const token = 'test-token-0123456789';

describe('api', () => {
  const backends = openTestBackends('api');
  const { store } = backends;
  let app: App;
  const auth = { authorization: `Bearer ${token}` };

  beforeAll(async () => {
    await store.migrate();
    app = await buildTestApi({ ...backends, token });
  });
  afterAll(async () => {
    await app.close();
    await backends.close();
  });

  it('answers health and readiness without a key, metrics with one', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz')).json()).toEqual({
      status: 'ready',
      checks: { redis: 'ok', database: 'ok' },
    });
    expect((await app.inject('/metrics')).statusCode).toBe(401);
    const metrics = await app.inject({ url: '/metrics', headers: auth });
    expect(metrics.body).toContain('newsq_queue_jobs{queue="feed-poll",state="waiting"} 0');
    expect(metrics.body).toContain('newsq_articles{kind="original"} 0');
  });

  it('refuses the API and the dashboard without the token', async () => {
    const refused = await app.inject('/api/v1/feeds');
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: 'unauthorized' });
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
    expect(response.json()).toEqual({ items: [], next: null });
  });

  it('takes API keys by scope: read may read, only admin may change', async () => {
    const reader = await store.apiKeys.create('reader', 'read');
    const manager = await store.apiKeys.create('manager', 'admin');
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    expect((await app.inject({ url: '/api/v1/feeds', headers: as(reader.key) })).statusCode).toBe(200);
    const forbidden = await app.inject({
      method: 'POST',
      url: '/api/v1/feeds',
      headers: as(reader.key),
      payload: { url: 'https://news.example/read-only.xml' },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ error: 'forbidden' });
    expect((await app.inject({ url: '/admin/queues', headers: as(reader.key) })).statusCode).toBe(200);
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/admin/queues/api/queues/feed-poll/pause',
          headers: as(reader.key),
        })
      ).statusCode,
    ).toBe(403);
    const added = await app.inject({
      method: 'POST',
      url: '/api/v1/feeds',
      headers: as(manager.key),
      payload: { url: 'https://news.example/managed.xml' },
    });
    expect(added.statusCode).toBe(201);
    await store.apiKeys.revoke('reader');
    expect((await app.inject({ url: '/api/v1/feeds', headers: as(reader.key) })).statusCode).toBe(401);
  });
});

describe('api on loopback without keys', () => {
  const backends = openTestBackends('api-loopback');
  const { store } = backends;
  let app: App;

  beforeAll(async () => {
    await store.migrate();
    app = await buildTestApi({ ...backends, loopbackBind: true });
  });
  afterAll(async () => {
    await app.close();
    await backends.close();
  });

  it('serves loopback host names and refuses any other Host (DNS rebinding)', async () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'localhost']) {
      expect((await app.inject({ url: '/api/v1/feeds', headers: { host } })).statusCode, host).toBe(200);
    }
    for (const [method, url] of [
      ['GET', '/api/v1/articles'],
      ['POST', '/api/v1/feeds'],
      ['PUT', '/admin/queues/api/queues/feed-poll/pause'],
      ['PUT', '/admin/queues/api/queues/feed-poll/clean/failed'],
    ] as const) {
      const response = await app.inject({
        method,
        url,
        headers: { host: 'evil.example' },
        payload: method === 'GET' ? undefined : { url: 'https://evil.example/feed.xml' },
      });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
    expect(await store.feeds.list()).toEqual([]);
  });

  it('refuses a change a page of another site sends to a loopback host name (CSRF without a key)', async () => {
    for (const headers of [{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/feeds',
        headers: { host: '127.0.0.1:8080', ...headers },
        payload: { url: 'https://evil.example/feed.xml' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toBe('cross_site');
    }
    expect(await store.feeds.list()).toEqual([]);
  });

  it('closes anonymous access once a key exists', async () => {
    await store.apiKeys.create('first', 'admin');
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    expect((await app.inject({ url: '/api/v1/feeds', headers: { host: 'localhost:8080' } })).statusCode).toBe(
      401,
    );
  });
});
