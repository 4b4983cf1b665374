// A hostile news site: pages that are missing, not HTML, endless, too large,
// compression bombs, redirect loops and redirects into the private network,
// next to a page full of scripts. The run finishes, the good pages are stored
// (sanitised, or from the feed summary), and each bad one waits in the
// dead-letter set with a named error an admin can replay.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { uniquePrefix } from '@newsq/redis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, runNewsq } from '../support/processes';

const paragraph =
  'The harbour commission approved the new ferry timetable on Monday after months of consultation with ' +
  'residents, who had asked for earlier morning departures and a later last crossing on weekdays. ';
// A different story, so the two stored pages are not near-duplicates of each other.
const summary =
  'Volunteers planted four hundred oak saplings along the river path on Saturday, the first stage of a ' +
  'plan to restore the flood meadow that was drained for farmland more than a century ago. ';

/** Pages by path: status, headers and body, or a handler for the ones that misbehave over time. */
function hostileSite(otherPort: number) {
  const article = `<!doctype html><html><head><title>Ferry timetable approved</title>
    <script>document.cookie = 'steal';</script></head><body>
    <nav><a href="/">Home</a></nav><article><h1>Ferry timetable approved</h1>
    <p onclick="alert(1)">${paragraph.repeat(3)}</p><p>${paragraph.repeat(2)}<a href="javascript:alert(2)">more</a></p>
    <img src="/x.png" onerror="alert(3)"><iframe src="https://ads.example/"></iframe><p>${paragraph.repeat(2)}</p>
    </article><script>track()</script></body></html>`;
  const items: { path: string; description?: string }[] = [
    { path: '/good' },
    { path: '/gone', description: `<p>${summary.repeat(2)}</p>` },
    { path: '/image' },
    { path: '/drip' },
    { path: '/metadata' },
    { path: '/loopback' },
    { path: '/huge' },
    { path: '/bomb' },
    { path: '/loop' },
  ];
  return createServer((request, response) => {
    const origin = `http://${request.headers.host}`;
    switch (new URL(request.url ?? '/', origin).pathname) {
      case '/feed.xml':
        return void response
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(
            `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title><link>${origin}/</link>${items
              .map(
                (item) =>
                  `<item><title>${item.path}</title><link>${origin}${item.path}</link>${
                    item.description ? `<description><![CDATA[${item.description}]]></description>` : ''
                  }</item>`,
              )
              .join('')}</channel></rss>`,
          );
      case '/good':
        return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article);
      case '/image':
        return void response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(2048));
      case '/drip': {
        response.writeHead(200, { 'content-type': 'text/html' });
        const timer = setInterval(() => response.write('<p>'), 200);
        return void response.on('close', () => clearInterval(timer));
      }
      case '/metadata':
        return void response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      case '/loopback':
        return void response.writeHead(302, { location: `http://127.0.0.1:${otherPort}/admin` }).end();
      case '/huge':
        return void response
          .writeHead(200, { 'content-type': 'text/html' })
          .end(`<p>${'x'.repeat(3 * 1024 * 1024)}</p>`);
      case '/bomb':
        return void response
          .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
          .end(gzipSync(Buffer.alloc(64 * 1024 * 1024)));
      case '/loop':
        return void response.writeHead(302, { location: '/loop-back' }).end();
      case '/loop-back':
        return void response.writeHead(302, { location: '/loop' }).end();
      default:
        return void response.writeHead(404, { 'content-type': 'text/html' }).end('<p>not found</p>');
    }
  });
}

describe('fault: a hostile site', () => {
  let site: Server;
  let bystander: Server;
  let bystanderHits = 0;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    bystander = createServer((_request, response) => {
      bystanderHits += 1;
      response.end('private');
    });
    await new Promise<void>((resolve) => bystander.listen(0, '127.0.0.1', resolve));
    site = hostileSite((bystander.address() as AddressInfo).port);
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(site.address() as AddressInfo).port}`;
    env = childEnv({
      REDIS_URL: process.env.REDIS_URL!,
      NEWSQ_PREFIX: uniquePrefix('hostile'),
      DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-hostile-')), 'newsq.db')}`,
      FETCH_ALLOWED_PRIVATE_HOSTS: host,
      FETCH_TIMEOUT_MS: '1500',
      FETCH_MAX_BYTES: String(1024 * 1024),
      FETCH_HOST_MIN_DELAY_MS: '0',
      FETCH_HOST_CONCURRENCY: '8',
      NEWSQ_ATTEMPTS: '2',
      NEWSQ_BACKOFF_BASE_MS: '100',
    });
    expect((await runNewsq(['feeds', 'add', `http://${host}/feed.xml`], env)).code).toBe(0);
  });

  afterAll(async () => {
    site.closeAllConnections();
    await new Promise((resolve) => site.close(resolve));
    await new Promise((resolve) => bystander.close(resolve));
  });

  it('keeps running, stores the good pages safely and dead-letters each bad one with a named error', async () => {
    const run = await runNewsq(['run', '--until-idle'], env, 180_000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const stored = (await runNewsq(['articles', 'ls', '--json'], env)).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { url: string; text: string; method: string });
    const byPath = new Map(stored.map((article) => [new URL(article.url).pathname, article]));
    expect([...byPath.keys()].sort()).toEqual(['/gone', '/good']);
    expect(byPath.get('/gone')!.method).toBe('feed-fallback');
    expect(byPath.get('/gone')!.text).toContain('oak saplings');
    expect(byPath.get('/good')!.text).toContain('ferry timetable');

    const dead = (await runNewsq(['dlq', 'ls', 'article-fetch', '--json'], env)).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { failedReason: string; data: { link: string } });
    const reasons = Object.fromEntries(
      dead.map((letter) => [new URL(letter.data.link).pathname, letter.failedReason]),
    );
    expect(reasons['/image']).toMatch(/^http_not_html/);
    expect(reasons['/drip']).toMatch(/^http_timeout/);
    expect(reasons['/metadata']).toMatch(/^http_blocked_address/);
    expect(reasons['/loopback']).toMatch(/^http_blocked_address/);
    expect(reasons['/huge']).toMatch(/^http_too_large/);
    expect(reasons['/bomb']).toMatch(/^http_too_large/);
    expect(reasons['/loop']).toMatch(/^http_(redirect_loop|too_many_redirects)/);
    expect(dead).toHaveLength(7);
    expect(bystanderHits).toBe(0);

    const replay = await runNewsq(['dlq', 'replay', 'article-fetch'], env);
    expect(replay.stdout).toBe('replayed 7 job(s) in article-fetch\n');
  }, 240_000);

  it('stores the sanitised HTML, never scripts or handlers', async () => {
    const { Store } = await import('@newsq/store');
    const store = Store.open(env.DATABASE_URL!);
    try {
      const [good] = (await store.articles.list()).filter((article) => article.url.endsWith('/good'));
      expect(good).toBeDefined();
      const html = await store.articles.html(good!.canonicalUrl);
      expect(html).toContain('ferry timetable');
      expect(html).not.toMatch(/<script|onclick|onerror|javascript:|<iframe/i);
    } finally {
      await store.close();
    }
  });
});
