// Browser sessions through fastify's inject: the login form, the cookie's attributes, scopes, CSRF and
// cross-site refusals, against real Redis and a real SQLite store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../server';
import { buildTestApi, openTestBackends } from '../testing';

const host = 'newsq.example';

describe('login and sessions', () => {
  const backends = openTestBackends('login');
  const { redis, store, prefix } = backends;
  let app: App;

  beforeAll(async () => {
    await store.migrate();
    app = await buildTestApi(backends);
  });
  afterAll(async () => {
    await app.close();
    await backends.close();
  });

  async function login(key: string, next = '/dashboard') {
    const response = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ key, next }).toString(),
    });
    const cookies = Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie]));
    return { response, cookies, session: cookies.newsq_session?.value, csrf: cookies['XSRF-TOKEN']?.value };
  }

  it('sends a browser without a session to the login form, and API clients get 401', async () => {
    const page = await app.inject({ url: '/dashboard', headers: { host, accept: 'text/html' } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Fdashboard');
    const board = await app.inject({ url: '/admin/queues', headers: { host, accept: 'text/html' } });
    expect(board.headers.location).toBe('/login?next=%2Fadmin%2Fqueues');
    expect((await app.inject({ url: '/dashboard/data', headers: { host } })).statusCode).toBe(401);
    const form = await app.inject({ url: '/login?next=/admin/queues', headers: { host } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<form method="post" action="/login">');
    expect(form.body).toContain('value="/admin/queues"');
    expect(form.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('opens a session from a key in a secure, HttpOnly, SameSite cookie, and refuses a wrong key', async () => {
    const reader = await store.apiKeys.create('viewer', 'read');
    expect((await login('nq_wrong')).response.statusCode).toBe(401);
    const { response, cookies } = await login(reader.key, '/admin/queues');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/queues');
    expect(cookies.newsq_session).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/',
    });
    expect(cookies['XSRF-TOKEN']).toMatchObject({ secure: true, sameSite: 'Strict' });
    expect(cookies['XSRF-TOKEN']!.httpOnly).toBeUndefined();
    // Never an open redirect.
    expect((await login(reader.key, '//evil.example/x')).response.headers.location).toBe('/dashboard');
    // The session id is stored only as a hash.
    expect(await redis.keys(`${prefix}:session:${cookies.newsq_session!.value}`)).toEqual([]);
  });

  it('lets a read session see everything and change nothing', async () => {
    const reader = await store.apiKeys.create('reader', 'read');
    const { session, csrf } = await login(reader.key);
    const cookie = `newsq_session=${session}`;
    const dashboard = await app.inject({ url: '/dashboard', headers: { host, cookie, accept: 'text/html' } });
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain(`<meta name="csrf-token" content="${csrf}">`);
    expect(dashboard.body).toContain('data-scope="read"');
    const data = await app.inject({ url: '/dashboard/data', headers: { host, cookie } });
    expect(data.statusCode).toBe(200);
    expect(data.json().queues).toContain('article-extract');
    expect((await app.inject({ url: '/admin/queues', headers: { host, cookie } })).statusCode).toBe(200);
    const replay = await app.inject({
      method: 'POST',
      url: '/dashboard/replay',
      headers: { host, cookie, 'x-csrf-token': csrf! },
      payload: { queue: 'article-fetch' },
    });
    expect(replay.statusCode).toBe(403);
    expect(replay.json().error).toBe('forbidden');
  });

  it('needs the CSRF token and the same site for an admin session to change anything', async () => {
    const manager = await store.apiKeys.create('manager', 'admin');
    const { session, csrf } = await login(manager.key);
    const cookie = `newsq_session=${session}`;
    const add = (headers: Record<string, string>, url = 'https://news.example/feed.xml') =>
      app.inject({
        method: 'POST',
        url: '/api/v1/feeds',
        headers: { host, cookie, ...headers },
        payload: { url },
      });
    const missing = await add({});
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error).toBe('csrf');
    expect((await add({ 'x-csrf-token': 'forged' })).statusCode).toBe(403);
    const crossSite = await add({ 'x-csrf-token': csrf!, origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error).toBe('cross_site');
    expect((await add({ 'x-csrf-token': csrf!, 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect(await store.feeds.list()).toEqual([]);
    expect((await add({ 'x-csrf-token': csrf!, origin: `https://${host}` })).statusCode).toBe(201);
    // bull-board's client sends the token it reads from the XSRF-TOKEN cookie.
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/admin/queues/api/queues/feed-poll/pause',
          headers: { host, cookie, 'x-xsrf-token': csrf! },
        })
      ).statusCode,
    ).toBe(200);
    // A key in the Authorization header is never sent by a browser on its own: no CSRF token needed.
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/admin/queues/api/queues/feed-poll/resume',
          headers: { host, authorization: `Bearer ${manager.key}` },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('refuses a login posted from another site, ends sessions on logout and when the key is revoked', async () => {
    const temporary = await store.apiKeys.create('temporary', 'read');
    const crossSite = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { host, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      payload: `key=${temporary.key}`,
    });
    expect(crossSite.statusCode).toBe(403);

    const first = await login(temporary.key);
    const logout = await app.inject({
      method: 'POST',
      url: '/logout',
      headers: {
        host,
        cookie: `newsq_session=${first.session}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `_csrf=${first.csrf}`,
    });
    expect(logout.statusCode).toBe(303);
    expect(
      (
        await app.inject({
          url: '/dashboard/data',
          headers: { host, cookie: `newsq_session=${first.session}` },
        })
      ).statusCode,
    ).toBe(401);

    const second = await login(temporary.key);
    const cookie = `newsq_session=${second.session}`;
    expect((await app.inject({ url: '/dashboard/data', headers: { host, cookie } })).statusCode).toBe(200);
    await store.apiKeys.revoke('temporary');
    expect((await app.inject({ url: '/dashboard/data', headers: { host, cookie } })).statusCode).toBe(401);
  });

  it('ends sessions opened with API_TOKEN when the token changes', async () => {
    const withToken = (token: string) => buildTestApi({ ...backends, token });
    const before = await withToken('first-token-0123456789');
    const opened = await before.inject({
      method: 'POST',
      url: '/login',
      headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'key=first-token-0123456789',
    });
    const cookie = `newsq_session=${opened.cookies.find((item) => item.name === 'newsq_session')!.value}`;
    expect((await before.inject({ url: '/dashboard/data', headers: { host, cookie } })).statusCode).toBe(200);
    const after = await withToken('second-token-0123456789');
    expect((await after.inject({ url: '/dashboard/data', headers: { host, cookie } })).statusCode).toBe(401);
    await before.close();
    await after.close();
  });
});
