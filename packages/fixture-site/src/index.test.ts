import { escapeHtmlAttribute, escapeHtmlText, escapeXml } from '@newsq/web-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_ARTICLES, type FixtureArticle, type FixtureSite, startFixtureSite } from './index';

let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site.close();
});

function articleBySlug(slug: string): FixtureArticle {
  const article = FIXTURE_ARTICLES.find((candidate) => candidate.slug === slug);
  if (!article) throw new Error(`no fixture article ${slug}`);
  return article;
}

const seed = FIXTURE_ARTICLES.find((article) => article.seed)!;
const wireCopy = FIXTURE_ARTICLES.find((article) => article.syndicationOf !== null)!;

describe('GET /feed.xml', () => {
  it('lists every article once with an absolute permalink and an RFC 822 date', async () => {
    const response = await fetch(site.feedUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = await response.text();
    const items = [...xml.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, item = '']) => ({
      link: item.match(/<link>([^<]+)<\/link>/)?.[1],
      guid: item.match(/<guid isPermaLink="true">([^<]+)<\/guid>/)?.[1],
      pubDate: item.match(/<pubDate>([^<]+)<\/pubDate>/)?.[1],
      description: item.match(/<description>([^<]+)<\/description>/)?.[1],
    }));
    expect(items.map((item) => item.link).sort()).toEqual(
      FIXTURE_ARTICLES.map((article) => `${site.url}${article.path}`).sort(),
    );
    for (const item of items) {
      expect(item.guid).toBe(item.link);
      expect(item.pubDate).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      expect(item.description?.length).toBeGreaterThan(40);
    }
    expect(xml).toContain(`<description>${escapeXml(seed.paragraphs[0]!)}</description>`);
  });

  it.each([
    { name: 'matching If-None-Match', headers: (etag: string) => ({ 'if-none-match': etag }), status: 304 },
    {
      name: 'weak If-None-Match in a list',
      headers: (etag: string) => ({ 'if-none-match': `"x", W/${etag}` }),
      status: 304,
    },
    { name: 'If-None-Match: *', headers: () => ({ 'if-none-match': '*' }), status: 304 },
    { name: 'stale If-None-Match', headers: () => ({ 'if-none-match': '"stale"' }), status: 200 },
    {
      name: 'If-Modified-Since equal to Last-Modified',
      headers: (_: string, modified: string) => ({ 'if-modified-since': modified }),
      status: 304,
    },
    {
      name: 'If-Modified-Since before Last-Modified',
      headers: () => ({ 'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' }),
      status: 200,
    },
    {
      name: 'unparseable If-Modified-Since',
      headers: () => ({ 'if-modified-since': 'yesterday' }),
      status: 200,
    },
    {
      name: 'stale If-None-Match with a fresh If-Modified-Since (the ETag wins)',
      headers: (_: string, modified: string) => ({
        'if-none-match': '"stale"',
        'if-modified-since': modified,
      }),
      status: 200,
    },
  ])('answers a conditional request with $name by $status', async ({ headers, status }) => {
    const first = await fetch(site.feedUrl);
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const response = await fetch(site.feedUrl, { headers: headers(etag, lastModified) });
    const body = await response.text();
    expect(response.status).toBe(status);
    if (status === 304) {
      expect(body).toBe('');
      expect(response.headers.get('etag')).toBe(etag);
    }
  });
});

describe('article pages', () => {
  it.each([seed.slug, 'riverside-health-ransomware', wireCopy.slug])(
    '%s carries its story inside realistic chrome',
    async (slug) => {
      const article = articleBySlug(slug);
      const response = await fetch(`${site.url}${article.path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('last-modified')).toBe(new Date(article.publishedAt).toUTCString());
      const html = await response.text();

      expect(html).toContain(`<h1>${escapeHtmlText(article.title)}</h1>`);
      for (const paragraph of article.paragraphs)
        expect(html).toContain(`<p>${escapeHtmlText(paragraph)}</p>`);
      expect(html).toContain(`By <a rel="author" href="/authors/`);
      expect(html).toContain(`<time datetime="${article.publishedAt}">`);
      expect(html).toMatch(/<figure class="lead-image">\s*<img src="[^"]+"[^>]*>\s*<figcaption>/);

      const nav = html.match(/<nav class="site-nav"[\s\S]*?<\/nav>/)?.[0] ?? '';
      expect(nav.match(/<a href=/g)?.length).toBeGreaterThanOrEqual(8);
      expect(html).toContain('id="cookie-banner"');
      expect(html).toMatch(/<nav class="breadcrumbs"[^>]*><ol><li><a href="\/">Home<\/a><\/li>/);
      const related = html.match(/<aside class="related"[\s\S]*?<\/aside>/)?.[0] ?? '';
      const relatedPaths = [...related.matchAll(/<a href="([^"]+)">/g)].map(([, path]) => path);
      expect(relatedPaths).toHaveLength(5);
      for (const path of relatedPaths) {
        expect(path).not.toBe(article.path);
        expect(FIXTURE_ARTICLES.some((candidate) => candidate.path === path)).toBe(true);
      }
      expect(related.match(/<p>[^<]{20,}<\/p>/g)).toHaveLength(5);
      expect(html).toMatch(/<form action="\/newsletters\/subscribe" method="post">/);
      expect(html).toMatch(/class="comments-count" href="#comments">\d+ comments</);
      const footer = html.match(/<footer class="site-footer">[\s\S]*?<\/footer>/)?.[0] ?? '';
      expect(footer.match(/<a href=/g)?.length).toBeGreaterThanOrEqual(12);
      expect(footer).toContain('© 2024');

      expect(html).toMatch(/<style>[\s\S]+<\/style>/);
      expect(html.match(/<script>[\s\S]+?<\/script>/g)?.length).toBeGreaterThanOrEqual(2);
      const jsonLd = JSON.parse(
        html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)?.[1] ?? 'null',
      );
      expect(jsonLd).toMatchObject({
        '@type': 'NewsArticle',
        headline: article.title,
        datePublished: article.publishedAt,
        author: [{ name: article.author }],
      });
      expect(jsonLd).not.toHaveProperty('articleBody');
      expect(html).toContain(`<meta property="og:title" content="${escapeHtmlAttribute(article.title)}">`);
      expect(html).toContain(`<link rel="canonical" href="${site.url}${article.path}">`);
    },
  );

  it('serves the syndicated copy under its own path next to the original', async () => {
    const original = articleBySlug(wireCopy.syndicationOf!);
    const [originalHtml, copyHtml] = await Promise.all(
      [original, wireCopy].map(async (article) => (await fetch(`${site.url}${article.path}`)).text()),
    );
    expect(wireCopy.path).not.toBe(original.path);
    expect(wireCopy.title).not.toBe(original.title);
    for (const paragraph of original.paragraphs.slice(1)) {
      expect(originalHtml).toContain(`<p>${escapeHtmlText(paragraph)}</p>`);
      expect(copyHtml).toContain(`<p>${escapeHtmlText(paragraph)}</p>`);
    }
    expect(copyHtml).toContain(`<p>(Newswire) — ${escapeHtmlText(original.paragraphs[0]!)}</p>`);
  });
});

describe('other routes', () => {
  it('lists every article on the home page', async () => {
    const html = await (await fetch(`${site.url}/`)).text();
    for (const article of FIXTURE_ARTICLES) expect(html).toContain(`<a href="${article.path}">`);
  });

  it('serves a robots.txt that allows everything and announces the sitemap index', async () => {
    const response = await fetch(`${site.url}/robots.txt`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${site.sitemapUrl}\n`);
  });

  it('serves a sitemap index listing a Google News sitemap of every article', async () => {
    expect(await (await fetch(site.sitemapUrl)).text()).toContain(`<loc>${site.newsSitemapUrl}</loc>`);
    const news = await (await fetch(site.newsSitemapUrl)).text();
    for (const article of FIXTURE_ARTICLES) expect(news).toContain(`<loc>${site.url}${article.path}</loc>`);
    expect(news).toContain(`<news:publication_date>${seed.publishedAt}</news:publication_date>`);
  });

  it.each([
    ['GET', '/no-such-page', 404],
    ['GET', `${seed.path}/extra`, 404],
    ['GET', '/feed.xml/', 404],
    ['POST', '/feed.xml', 405],
    ['HEAD', seed.path, 200],
  ])('%s %s answers %i', async (method, path, status) => {
    const response = await fetch(`${site.url}${path}`, { method });
    await response.arrayBuffer();
    expect(response.status).toBe(status);
  });

  it('counts every request it receives', async () => {
    const before = site.requests;
    await (await fetch(site.feedUrl)).arrayBuffer();
    await (await fetch(`${site.url}/missing`)).arrayBuffer();
    expect(site.requests).toBe(before + 2);
  });
});

describe('startFixtureSite', () => {
  it('listens on loopback and stops accepting connections once closed', async () => {
    const other = await startFixtureSite({ host: '127.0.0.1' });
    expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(other.url).not.toBe(site.url);
    expect(other.feedUrl).toBe(`${other.url}/feed.xml`);
    expect(other.articles).toBe(FIXTURE_ARTICLES);
    await (await fetch(other.feedUrl)).arrayBuffer();
    await other.close();
    await other.close();
    await expect(fetch(other.feedUrl)).rejects.toThrow();
  });

  it('rejects when the port is taken', async () => {
    const port = Number(new URL(site.url).port);
    await expect(startFixtureSite({ port })).rejects.toThrow(/EADDRINUSE/);
  });
});
