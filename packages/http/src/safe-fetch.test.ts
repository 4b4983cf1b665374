import zlib from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type HttpError, isHttpError } from './errors';
import { createMemoryHostLimiter } from './host-limiter';
import { type SafeFetchOptions, safeFetch } from './safe-fetch';
import { type LocalServer, startLocalServer } from './testing/local-server';

let server: LocalServer;
let other: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
  other = await startLocalServer();
});
afterAll(async () => {
  await server.close();
  await other.close();
});
beforeEach(() => {
  server.routes.clear();
  server.hits.clear();
  other.routes.clear();
  other.hits.clear();
});

const local: SafeFetchOptions = { accept: 'html', allowPrivateNetworks: true };
const html = '<!doctype html><html><head><title>t</title></head><body><p>hello</p></body></html>';

async function fetchError(url: string, options: SafeFetchOptions = local): Promise<HttpError> {
  try {
    await safeFetch(url, options);
  } catch (error) {
    if (isHttpError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${url} to fail`);
}

function serveHtml(path: string, headers: Record<string, string> = {}, body: string | Buffer = html) {
  server.routes.set(path, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  });
}

describe('safeFetch success paths', () => {
  it('returns the body, headers, validators and freshness hints', async () => {
    serveHtml('/page', {
      etag: '"v1"',
      'last-modified': 'Wed, 21 Oct 2026 07:28:00 GMT',
      'cache-control': 'public, max-age=300',
      expires: 'Thu, 22 Oct 2026 07:28:00 GMT',
    });
    const result = await safeFetch(`${server.origin}/page`, local);
    expect(result.status).toBe(200);
    expect(new TextDecoder().decode(result.body)).toBe(html);
    expect(result.contentType).toBe('text/html; charset=utf-8');
    expect(result.notModified).toBe(false);
    expect(result.etag).toBe('"v1"');
    expect(result.lastModified).toBe('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(result.cacheControlMaxAgeSeconds).toBe(300);
    expect(result.expiresAt).toBe('2026-10-22T07:28:00.000Z');
    expect(result.redirects).toEqual([]);
    expect(result.permanentRedirectTo).toBeNull();
  });

  it('sends the validators and returns notModified on 304', async () => {
    let seen: Record<string, unknown> = {};
    server.routes.set('/feed', (request, response) => {
      seen = { etag: request.headers['if-none-match'], since: request.headers['if-modified-since'] };
      response.writeHead(304, { 'cache-control': 'max-age=60' }).end();
    });
    const result = await safeFetch(`${server.origin}/feed`, {
      ...local,
      accept: 'feed',
      etag: '"abc"',
      lastModified: 'Wed, 21 Oct 2026 07:28:00 GMT',
    });
    expect(seen).toEqual({ etag: '"abc"', since: 'Wed, 21 Oct 2026 07:28:00 GMT' });
    expect(result.notModified).toBe(true);
    expect(result.status).toBe(304);
    expect(result.body.byteLength).toBe(0);
    expect(result.etag).toBe('"abc"');
    expect(result.lastModified).toBe('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(result.cacheControlMaxAgeSeconds).toBe(60);
  });

  it('decodes gzip, deflate (zlib and raw) and br bodies', async () => {
    const encodings: [string, (input: Buffer) => Buffer][] = [
      ['gzip', zlib.gzipSync],
      ['deflate', zlib.deflateSync],
      ['deflate', zlib.deflateRawSync],
      ['br', zlib.brotliCompressSync],
    ];
    for (const [index, [encoding, compress]] of encodings.entries()) {
      serveHtml(`/enc${index}`, { 'content-encoding': encoding }, compress(Buffer.from(html)));
      const result = await safeFetch(`${server.origin}/enc${index}`, local);
      expect(new TextDecoder().decode(result.body), encoding).toBe(html);
    }
  });

  it('follows redirects, reporting the chain and the permanent target', async () => {
    server.routes.set('/old', (_q, r) => r.writeHead(301, { location: '/moved' }).end());
    server.routes.set('/moved', (_q, r) => r.writeHead(308, { location: `${server.origin}/current` }).end());
    server.routes.set('/current', (_q, r) => r.writeHead(302, { location: 'final?x=1' }).end());
    serveHtml('/final');
    const result = await safeFetch(`${server.origin}/old`, local);
    expect(result.url).toBe(`${server.origin}/final?x=1`);
    expect(result.redirects.map((hop) => hop.status)).toEqual([301, 308, 302]);
    expect(result.permanentRedirectTo).toBe(`${server.origin}/current`);
  });

  it('posts a form, keeping it through 307/308 and refusing redirects that would turn it into a GET', async () => {
    const received: string[] = [];
    server.routes.set('/hub', (request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push(`${request.method} ${request.headers['content-type']} ${body}`);
        response.writeHead(202).end();
      });
    });
    server.routes.set('/moved-hub', (_q, r) => r.writeHead(307, { location: '/hub' }).end());
    server.routes.set('/see-other', (_q, r) => r.writeHead(303, { location: '/hub' }).end());
    const posted = await safeFetch(`${server.origin}/moved-hub`, {
      ...local,
      accept: 'any',
      form: 'hub.mode=subscribe',
    });
    expect(posted.status).toBe(202);
    expect(received).toEqual(['POST application/x-www-form-urlencoded hub.mode=subscribe']);
    const refused = await fetchError(`${server.origin}/see-other`, { ...local, accept: 'any', form: 'a=1' });
    expect(refused).toMatchObject({ code: 'http_status', status: 303, retryable: false });
  });

  it('does not report a permanent target behind a temporary redirect', async () => {
    server.routes.set('/temp', (_q, r) => r.writeHead(307, { location: '/perm' }).end());
    server.routes.set('/perm', (_q, r) => r.writeHead(301, { location: '/final' }).end());
    serveHtml('/final');
    const result = await safeFetch(`${server.origin}/temp`, local);
    expect(result.permanentRedirectTo).toBeNull();
  });

  it('accepts feeds served as XML, JSON, text or octet-stream, and untyped HTML by sniffing', async () => {
    for (const type of [
      'application/rss+xml',
      'application/atom+xml; charset=utf-8',
      'text/xml',
      'application/feed+json',
      'application/octet-stream',
    ]) {
      server.routes.set('/f', (_q, r) => r.writeHead(200, { 'content-type': type }).end('<rss/>'));
      const result = await safeFetch(`${server.origin}/f`, { ...local, accept: 'feed' });
      expect(result.status, type).toBe(200);
    }
    server.routes.set('/untyped', (_q, r) => r.writeHead(200).end(html));
    expect((await safeFetch(`${server.origin}/untyped`, local)).status).toBe(200);
    server.routes.set('/garbled', (_q, r) => r.writeHead(200, { 'content-type': 'html' }).end(html));
    expect((await safeFetch(`${server.origin}/garbled`, local)).status).toBe(200);
  });

  it('does not count the wait for a politeness slot against the total deadline', async () => {
    serveHtml('/page');
    const hostLimiter = createMemoryHostLimiter({ maxConcurrency: 1, minDelayMs: 300 });
    const options = { ...local, hostLimiter, totalTimeoutMs: 200 };
    const results = await Promise.all([1, 2].map(() => safeFetch(`${server.origin}/page`, options)));
    expect(results.map((result) => result.status)).toEqual([200, 200]);
  });

  it("spaces requests by the site's own delay when it asks for more than the limiter's", async () => {
    serveHtml('/paced');
    const hostLimiter = createMemoryHostLimiter({ maxConcurrency: 2, minDelayMs: 0 });
    const started = performance.now();
    for (const _ of [1, 2])
      await safeFetch(`${server.origin}/paced`, { ...local, hostLimiter, hostDelayMs: 300 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('holds a host slot per request, so a limiter caps concurrency', async () => {
    let active = 0;
    let peak = 0;
    server.routes.set('/slow', (_q, response) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        response.writeHead(200, { 'content-type': 'text/html' }).end(html);
      }, 30);
    });
    const hostLimiter = createMemoryHostLimiter({ maxConcurrency: 1, minDelayMs: 0 });
    await Promise.all([1, 2, 3].map(() => safeFetch(`${server.origin}/slow`, { ...local, hostLimiter })));
    expect(peak).toBe(1);
  });
});

describe('safeFetch failures', () => {
  it.each([
    [404, 'http_status', false],
    [410, 'http_status', false],
    [403, 'http_status', false],
    [500, 'http_status', true],
    [502, 'http_status', true],
  ])('maps status %i to %s (retryable %s)', async (status, code, retryable) => {
    server.routes.set('/s', (_q, r) => r.writeHead(status, { 'content-type': 'text/html' }).end('x'));
    const error = await fetchError(`${server.origin}/s`);
    expect(error).toMatchObject({ code, retryable, status });
    expect(error.message).toMatch(/^http: /);
  });

  it('maps 429 and 503 to retryable http_rate_limited with Retry-After (seconds or date)', async () => {
    server.routes.set('/429', (_q, r) => r.writeHead(429, { 'retry-after': '120' }).end());
    const soon = new Date(Date.now() + 90_000).toUTCString();
    server.routes.set('/503', (_q, r) => r.writeHead(503, { 'retry-after': soon }).end());
    const limited = await fetchError(`${server.origin}/429`);
    expect(limited).toMatchObject({
      code: 'http_rate_limited',
      retryable: true,
      status: 429,
      retryAfterMs: 120_000,
    });
    const unavailable = await fetchError(`${server.origin}/503`);
    expect(unavailable).toMatchObject({ code: 'http_rate_limited', retryable: true, status: 503 });
    expect(unavailable.retryAfterMs).toBeGreaterThan(85_000);
    expect(unavailable.retryAfterMs).toBeLessThanOrEqual(90_000);
  });

  it('refuses a declared oversize body before reading it, and a streamed one once past the cap', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 'a');
    serveHtml('/declared', {}, big);
    server.routes.set('/chunked', (_q, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 32; i++) response.write(Buffer.alloc(64 * 1024, 'b'));
      response.end();
    });
    for (const path of ['/declared', '/chunked']) {
      const error = await fetchError(`${server.origin}${path}`, { ...local, maxBytes: 1024 * 1024 });
      expect(error, path).toMatchObject({ code: 'http_too_large', retryable: false });
      expect(error.message).toContain('1 MiB');
    }
  });

  it('stops gzip, deflate and br bombs at the cap after decompression', async () => {
    const zeros = Buffer.alloc(16 * 1024 * 1024);
    const fast = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } };
    const bombs: [string, Buffer][] = [
      ['gzip', zlib.gzipSync(zeros, { level: 1 })],
      ['deflate', zlib.deflateSync(zeros, { level: 1 })],
      ['br', zlib.brotliCompressSync(zeros, fast)],
    ];
    for (const [encoding, bomb] of bombs) {
      expect(bomb.byteLength).toBeLessThan(128 * 1024);
      serveHtml('/bomb', { 'content-encoding': encoding }, bomb);
      const error = await fetchError(`${server.origin}/bomb`, { ...local, maxBytes: 1024 * 1024 });
      expect(error, encoding).toMatchObject({ code: 'http_too_large', retryable: false });
    }
  });

  it('aborts a server that drips bytes at the total deadline', async () => {
    const timers: NodeJS.Timeout[] = [];
    server.routes.set('/drip', (_q, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      timers.push(setInterval(() => response.write('<p>'), 50));
    });
    const started = performance.now();
    const error = await fetchError(`${server.origin}/drip`, { ...local, totalTimeoutMs: 400 });
    const elapsed = performance.now() - started;
    for (const timer of timers) clearInterval(timer);
    expect(error).toMatchObject({ code: 'http_timeout', retryable: true });
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(1500);
  });

  it('times out a server that never sends headers', async () => {
    server.routes.set('/silent', () => {});
    const error = await fetchError(`${server.origin}/silent`, { ...local, headersTimeoutMs: 200 });
    expect(error).toMatchObject({ code: 'http_timeout', retryable: true });
  });

  it('stops a redirect loop and an endless redirect chain', async () => {
    server.routes.set('/a', (_q, r) => r.writeHead(302, { location: '/b' }).end());
    server.routes.set('/b', (_q, r) => r.writeHead(302, { location: '/a' }).end());
    expect(await fetchError(`${server.origin}/a`)).toMatchObject({
      code: 'http_redirect_loop',
      retryable: false,
    });
    expect(server.hits.get('/a')).toBe(1);

    server.routes.set('/next', (request, response) => {
      const n = Number(new URL(request.url ?? '', server.origin).searchParams.get('n'));
      response.writeHead(302, { location: `/next?n=${n + 1}` }).end();
    });
    const error = await fetchError(`${server.origin}/next?n=0`, { ...local, maxRedirects: 3 });
    expect(error).toMatchObject({ code: 'http_too_many_redirects', retryable: false });
    expect(server.hits.get('/next')).toBe(4);
  });

  it('refuses non-HTML for html and binaries for feeds, permanently', async () => {
    server.routes.set('/img', (_q, r) => r.writeHead(200, { 'content-type': 'image/png' }).end('png'));
    server.routes.set('/json', (_q, r) => r.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    expect(await fetchError(`${server.origin}/img`)).toMatchObject({
      code: 'http_not_html',
      retryable: false,
    });
    expect(await fetchError(`${server.origin}/json`)).toMatchObject({
      code: 'http_not_html',
      retryable: false,
    });
    expect(await fetchError(`${server.origin}/img`, { ...local, accept: 'feed' })).toMatchObject({
      code: 'http_not_feed',
      retryable: false,
    });
    server.routes.set('/untyped', (_q, r) => r.writeHead(200).end('GIF89a...'));
    expect(await fetchError(`${server.origin}/untyped`)).toMatchObject({ code: 'http_not_html' });
  });

  it('rejects bad URLs permanently', async () => {
    for (const url of [
      'not a url',
      'ftp://example.com/feed',
      'file:///etc/passwd',
      'http://user:pw@example.com/',
    ]) {
      expect(await fetchError(url), url).toMatchObject({ code: 'http_bad_url', retryable: false });
    }
    server.routes.set('/to-ftp', (_q, r) => r.writeHead(302, { location: 'ftp://example.com/' }).end());
    expect(await fetchError(`${server.origin}/to-ftp`)).toMatchObject({ code: 'http_bad_url' });
  });

  it('maps refused and reset connections to retryable http_network', async () => {
    const closed = await startLocalServer();
    await closed.close();
    expect(await fetchError(`${closed.origin}/`)).toMatchObject({ code: 'http_network', retryable: true });

    server.routes.set('/reset', (request, response) => {
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
      response.write('<p>partial', () => request.socket.destroy());
    });
    expect(await fetchError(`${server.origin}/reset`)).toMatchObject({
      code: 'http_network',
      retryable: true,
    });
  });

  it('fails with retryable http_aborted when the caller cancels', async () => {
    server.routes.set('/silent', () => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await fetchError(`${server.origin}/silent`, { ...local, signal: controller.signal });
    expect(error).toMatchObject({ code: 'http_aborted', retryable: true });

    const hostLimiter = createMemoryHostLimiter({ maxConcurrency: 1, minDelayMs: 0 });
    const release = await hostLimiter.acquire('127.0.0.1');
    const waiting = fetchError(`${server.origin}/silent`, {
      ...local,
      hostLimiter,
      signal: AbortSignal.timeout(50),
    });
    expect(await waiting).toMatchObject({ code: 'http_aborted', retryable: true });
    await release();
  });
});

describe('safeFetch SSRF guard', () => {
  // The test server itself is on loopback: exempting exactly its host:port lets a test prove that every
  // other hop, including redirects it issues, is guarded by the production default.
  const guarded = (): SafeFetchOptions => ({ accept: 'html', allowedPrivateHosts: [server.host] });

  it('refuses loopback by default', async () => {
    serveHtml('/page');
    const error = await fetchError(`${server.origin}/page`, { accept: 'html' });
    expect(error).toMatchObject({ code: 'http_blocked_address', retryable: false });
    expect(server.hits.get('/page')).toBeUndefined();
  });

  it.each([
    ['127.0.0.1 on another port', () => `${other.origin}/`],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['localhost (checked after DNS resolution)', () => `http://localhost:${other.port}/`],
    ['IPv6 loopback', () => `http://[::1]:${other.port}/`],
    ['IPv4-mapped loopback', () => `http://[::ffff:127.0.0.1]:${other.port}/`],
    ['the IPv6 metadata address', () => 'http://[fd00:ec2::254]/'],
    ['a private address', () => 'http://10.0.0.1/'],
  ])('refuses a redirect from an allowed server to %s', async (_name, target) => {
    other.routes.set('/', (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end(html));
    server.routes.set('/hop', (_q, r) => r.writeHead(302, { location: target() }).end());
    const error = await fetchError(`${server.origin}/hop`, guarded());
    expect(error).toMatchObject({ code: 'http_blocked_address', retryable: false });
    expect(error.message).toMatch(/^http: refusing /);
    expect(server.hits.get('/hop')).toBe(1);
    expect(other.hits.size).toBe(0);
  });

  it('lets the same redirect through when private networks are allowed', async () => {
    other.routes.set('/', (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end(html));
    server.routes.set('/hop', (_q, r) =>
      r.writeHead(302, { location: `http://localhost:${other.port}/` }).end(),
    );
    const result = await safeFetch(`${server.origin}/hop`, local);
    expect(result.url).toBe(`http://localhost:${other.port}/`);
  });
});
