import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, httpStatusError } from './errors';
import { createRobotsPolicy } from './robots';
import { type FetchResult, safeFetch } from './safe-fetch';
import { type LocalServer, startLocalServer } from './testing/local-server';

const USER_AGENT = 'newsq/0.1 (test)';

function robotsResult(url: string, text: string): FetchResult {
  return {
    url,
    status: 200,
    headers: {},
    body: new TextEncoder().encode(text),
    contentType: 'text/plain',
    notModified: false,
    redirects: [],
    permanentRedirectTo: null,
    etag: null,
    lastModified: null,
    cacheControlMaxAgeSeconds: null,
    expiresAt: null,
  };
}

describe('createRobotsPolicy against a local server', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer();
  });
  afterAll(() => server.close());

  it('honours Disallow for our user agent and fetches robots.txt once per origin', async () => {
    server.routes.set('/robots.txt', (_q, r) =>
      r
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(
          'User-agent: *\nDisallow: /private/\n\nUser-agent: newsq\nDisallow: /drafts/\nAllow: /drafts/public\n',
        ),
    );
    const robots = createRobotsPolicy({
      userAgent: USER_AGENT,
      ttlMs: 60_000,
      fetch: (url) => safeFetch(url, { accept: 'any', allowPrivateNetworks: true, maxBytes: 512 * 1024 }),
    });
    expect(await robots.isAllowed(`${server.origin}/news/1`)).toBe(true);
    expect(await robots.isAllowed(`${server.origin}/drafts/2`)).toBe(false);
    expect(await robots.isAllowed(`${server.origin}/drafts/public-3`)).toBe(true);
    // Our own group replaces the * group.
    expect(await robots.isAllowed(`${server.origin}/private/4`)).toBe(true);
    expect(server.hits.get('/robots.txt')).toBe(1);
  });
});

describe('createRobotsPolicy failure handling and cache', () => {
  function policyWith(fetch: (url: string) => Promise<FetchResult>, clock: { now: number }, maxOrigins = 10) {
    return createRobotsPolicy({
      userAgent: USER_AGENT,
      ttlMs: 10_000,
      errorTtlMs: 1_000,
      maxOrigins,
      fetch,
      now: () => clock.now,
    });
  }

  it('reads the Crawl-delay of our group, cut to the longest honoured, and 0 when there is none', async () => {
    const texts: Record<string, string> = {
      'https://slow.example/robots.txt':
        'User-agent: *\nCrawl-delay: 1\n\nUser-agent: newsq\nCrawl-delay: 2.5\n',
      'https://greedy.example/robots.txt': 'User-agent: *\nCrawl-delay: 3600\n',
      'https://plain.example/robots.txt': 'User-agent: *\nDisallow: /private/\n',
    };
    const robots = policyWith(async (url) => robotsResult(url, texts[url] ?? ''), { now: 0 });
    expect(await robots.crawlDelayMs('https://slow.example/a')).toBe(2_500);
    expect(await robots.crawlDelayMs('https://greedy.example/a')).toBe(30_000);
    expect(await robots.crawlDelayMs('https://plain.example/a')).toBe(0);
    expect(await robots.crawlDelayMs('mailto:someone@example.com')).toBe(0);
  });

  it('allows everything on 4xx and keeps that answer for the full TTL', async () => {
    const clock = { now: 0 };
    let calls = 0;
    const robots = policyWith(async (url) => {
      calls++;
      throw httpStatusError(404, url, null);
    }, clock);
    expect(await robots.isAllowed('https://a.example/x')).toBe(true);
    clock.now = 5_000;
    expect(await robots.isAllowed('https://a.example/y')).toBe(true);
    expect(calls).toBe(1);
    clock.now = 10_001;
    await robots.isAllowed('https://a.example/z');
    expect(calls).toBe(2);
  });

  it('allows on 5xx, timeouts and network errors but asks again after the short error TTL', async () => {
    const failures = [
      httpStatusError(500, 'https://b.example/robots.txt', null),
      new HttpError('http_timeout', 'http: timeout'),
      new HttpError('http_network', 'http: reset'),
    ];
    for (const failure of failures) {
      const clock = { now: 0 };
      let calls = 0;
      const robots = policyWith(async () => {
        calls++;
        throw failure;
      }, clock);
      expect(await robots.isAllowed('https://b.example/x')).toBe(true);
      clock.now = 999;
      await robots.isAllowed('https://b.example/x');
      expect(calls, failure.code).toBe(1);
      clock.now = 1_001;
      await robots.isAllowed('https://b.example/x');
      expect(calls, failure.code).toBe(2);
    }
  });

  it('shares one in-flight fetch and keeps only the most recently used origins', async () => {
    const clock = { now: 0 };
    const fetched: string[] = [];
    const robots = policyWith(
      async (url) => {
        fetched.push(url);
        return robotsResult(url, 'User-agent: *\nDisallow: /\n');
      },
      clock,
      2,
    );
    expect(
      await Promise.all([robots.isAllowed('https://a.example/1'), robots.isAllowed('https://a.example/2')]),
    ).toEqual([false, false]);
    await robots.isAllowed('https://b.example/1');
    await robots.isAllowed('https://a.example/3'); // a is now the most recent
    await robots.isAllowed('https://c.example/1'); // evicts b
    await robots.isAllowed('https://a.example/4');
    await robots.isAllowed('https://b.example/2');
    expect(fetched).toEqual([
      'https://a.example/robots.txt',
      'https://b.example/robots.txt',
      'https://c.example/robots.txt',
      'https://b.example/robots.txt',
    ]);
  });
});
