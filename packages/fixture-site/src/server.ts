// Owns the fixture news site's HTTP server on loopback: renders every page, the feed and the sitemaps once at
// start, serves them with validators (ETag, Last-Modified) and 304s, counts requests, and closes its sockets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIXTURE_ARTICLES } from './content/articles';
import type { FixtureArticle } from './fixture-article';
import { type Resource, resource, sendResource } from './http-resource';
import { latestPublishedAt, renderFeed } from './render-feed';
import { imagePath, renderArticlePage, renderListingPage, renderPlaceholderImage } from './render-page';
import { renderNewsSitemap, renderSitemapIndex } from './render-sitemap';
import { SECTIONS, SITE_NAME } from './site-map';

export interface FixtureSiteOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
}

export interface FixtureSite {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  feedUrl: string;
  /** The sitemap index robots.txt announces; it lists the Google News sitemap. */
  sitemapUrl: string;
  newsSitemapUrl: string;
  articles: readonly FixtureArticle[];
  /** Requests received so far, whatever their outcome. */
  requests: number;
  close(): Promise<void>;
}

const HTML = 'text/html; charset=utf-8';

function buildResources(articles: readonly FixtureArticle[], origin: string): Map<string, Resource> {
  const resources = new Map<string, Resource>();
  resources.set(
    '/feed.xml',
    resource(renderFeed(articles, origin), 'application/rss+xml; charset=utf-8', latestPublishedAt(articles)),
  );
  const XML = 'application/xml; charset=utf-8';
  resources.set(
    '/news-sitemap.xml',
    resource(renderNewsSitemap(articles, origin), XML, latestPublishedAt(articles)),
  );
  resources.set(
    '/sitemap.xml',
    resource(renderSitemapIndex(articles, origin), XML, latestPublishedAt(articles)),
  );
  resources.set(
    '/robots.txt',
    resource(
      `User-agent: *\nAllow: /\n\nSitemap: ${origin}/sitemap.xml\n`,
      'text/plain; charset=utf-8',
      null,
    ),
  );
  resources.set('/', resource(renderListingPage(articles, origin, null), HTML, latestPublishedAt(articles)));
  for (const section of SECTIONS) {
    const inSection = articles.filter((article) => article.section === section.id);
    if (inSection.length === 0) continue;
    resources.set(
      `/${section.id}/`,
      resource(renderListingPage(inSection, origin, section.id), HTML, latestPublishedAt(inSection)),
    );
  }
  for (const article of articles) {
    resources.set(
      article.path,
      resource(renderArticlePage(article, articles, origin), HTML, article.publishedAt),
    );
    resources.set(
      imagePath(article.slug),
      resource(renderPlaceholderImage(SITE_NAME), 'image/svg+xml', article.publishedAt),
    );
  }
  return resources;
}

function notFoundPage(): string {
  return `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Page not found | ${SITE_NAME}</title></head><body><h1>Page not found</h1><p>The page you asked for does not exist. <a href="/">Go to the home page</a>.</p></body></html>`;
}

function serve(
  resources: Map<string, Resource>,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response
      .writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
      .end('method not allowed\n');
    return;
  }
  const path = new URL(request.url ?? '/', 'http://fixture.invalid').pathname;
  const served = resources.get(path);
  if (!served) {
    response
      .writeHead(404, { 'content-type': HTML })
      .end(request.method === 'HEAD' ? undefined : notFoundPage());
    return;
  }
  sendResource(request, response, served);
}

export async function startFixtureSite(options: FixtureSiteOptions = {}): Promise<FixtureSite> {
  const host = options.host ?? '127.0.0.1';
  const articles = FIXTURE_ARTICLES;
  let resources = new Map<string, Resource>();
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests += 1;
    serve(resources, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // Pages carry absolute links (canonical, feed items), so they are rendered once the port is known.
  resources = buildResources(articles, url);
  let closing: Promise<void> | null = null;
  return {
    url,
    feedUrl: `${url}/feed.xml`,
    sitemapUrl: `${url}/sitemap.xml`,
    newsSitemapUrl: `${url}/news-sitemap.xml`,
    articles,
    get requests() {
      return requests;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
