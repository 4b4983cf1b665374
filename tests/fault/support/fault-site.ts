// A small local news site for fault tests: feeds of generated articles (each with text of its own,
// so none is a near-duplicate of another), a feed that can grow past the seen-set bound, a poison
// page that fails every attempt, validators and 304s, and a hook called when a feed is served.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '@newsq/core/testing';

const WORDS = `harbour council budget river railway minister farmers election school hospital bridge
factory drought festival museum court tariff pipeline vaccine satellite village coastline treaty
mayor engineers students orchestra wildfire harvest shipyard airport refinery parliament archive
clinic market tunnel reservoir volunteers inspectors ferry glacier vineyard library stadium`
  .split(/\s+/)
  .filter(Boolean);

/** Four paragraphs of sentences drawn from the vocabulary: distinct for every index. */
export function articleText(index: number): string[] {
  const next = seededRandom(index + 1);
  const word = () => WORDS[Math.floor(next() * WORDS.length)]!;
  const sentence = () => {
    const words = Array.from({ length: 10 + Math.floor(next() * 8) }, word);
    return `${words[0]!.charAt(0).toUpperCase()}${words[0]!.slice(1)} ${words.slice(1).join(' ')} ${index}.`;
  };
  return Array.from({ length: 4 }, () => Array.from({ length: 4 }, sentence).join(' '));
}

function page(title: string, paragraphs: readonly string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><nav><a href="/">Home</a> <a href="/world/">World</a></nav>
<article><h1>${title}</h1>${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}</article>
<footer>All rights reserved.</footer></body></html>`;
}

export interface FeedSpec {
  /** Article indexes listed in the feed, newest first. */
  items: number[];
  /** Paths of extra items (e.g. the poison page) listed in the feed. */
  extra?: string[];
}

export interface FaultSite {
  origin: string;
  host: string;
  feeds: Map<string, FeedSpec>;
  /** Paths of article pages, for the expected end state. */
  articlePath(index: number): string;
  /** Called each time a feed is served with a 200 (after its body is written). */
  onFeedServed: ((path: string) => void) | null;
  /** Requests per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

function rss(origin: string, spec: FeedSpec): string {
  const entries = [
    ...(spec.extra ?? []).map((path) => ({ path, title: `Extra ${path}` })),
    ...spec.items.map((index) => ({ path: `/a/${index}`, title: `Report ${index}` })),
  ];
  const items = entries
    .map(
      ({ path, title }) =>
        `<item><title>${title}</title><link>${origin}${path}</link><guid>${origin}${path}</guid></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Fault site</title><link>${origin}/</link>${items}</channel></rss>`;
}

export async function startFaultSite(): Promise<FaultSite> {
  const hits = new Map<string, number>();
  const feeds = new Map<string, FeedSpec>();
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://site').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/robots.txt') return void response.writeHead(200, { 'content-type': 'text/plain' }).end('');
    if (path === '/poison') return void response.writeHead(500).end('always broken');
    const article = /^\/a\/(\d+)$/.exec(path);
    if (article) {
      const index = Number(article[1]);
      return void response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(page(`Report ${index}`, articleText(index)));
    }
    const spec = feeds.get(path);
    if (spec === undefined) return void response.writeHead(404).end();
    const body = rss(site.origin, spec);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (request.headers['if-none-match'] === etag) return void response.writeHead(304).end();
    response
      .writeHead(200, { 'content-type': 'application/rss+xml', etag })
      .end(body, () => site.onFeedServed?.(path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const site: FaultSite = {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    feeds,
    articlePath: (index) => `/a/${index}`,
    onFeedServed: null,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return site;
}
