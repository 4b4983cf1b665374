// Owns finding the feeds and sitemaps a site offers: the feeds its home page links to
// (`<link rel="alternate">` with a feed type, `<link rel="sitemap">`), the sitemaps its robots.txt lists,
// and the paths sites commonly use; each candidate is fetched and kept only when it is what it claims.
import { sitemapsInRobots } from '@newsq/http';
import { decodeBody, resolveHttpUrl } from '@newsq/web-text';
import { Parser } from 'htmlparser2';
import { type DiscoveryFetch, type ProbedSource, probeSource } from './probe-source';

export interface DiscoveredSource extends ProbedSource {
  /** Where the candidate came from. */
  foundBy: 'html' | 'robots' | 'path';
}

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/rdf+xml',
]);

/** Paths where sites commonly serve a feed or a sitemap without linking to it. */
const COMMON_PATHS = [
  '/feed',
  '/rss',
  '/feed.xml',
  '/rss.xml',
  '/atom.xml',
  '/index.xml',
  '/feed.json',
  '/sitemap.xml',
  '/sitemap_index.xml',
  '/news-sitemap.xml',
  '/sitemap-news.xml',
];

/** The feed and sitemap links in a page's `<link>` elements, resolved against the page. */
export function linkedSources(html: string, pageUrl: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name !== 'link') return;
      const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/);
      const type = (attributes.type ?? '').toLowerCase().split(';')[0]!.trim();
      if ((rel.includes('alternate') && FEED_TYPES.has(type)) || rel.includes('sitemap')) {
        const url = resolveHttpUrl(attributes.href, pageUrl);
        if (url !== null) found.push(url);
      }
    },
  });
  parser.end(html);
  return found;
}

export async function discoverSources(siteUrl: string, fetch: DiscoveryFetch): Promise<DiscoveredSource[]> {
  const origin = new URL(siteUrl).origin;
  const candidates: { url: string; foundBy: DiscoveredSource['foundBy'] }[] = [];
  const home = await fetch(siteUrl, 'html').catch(() => null);
  if (home !== null) {
    const html = decodeBody(home.body, home.contentType, 'html').text;
    for (const url of linkedSources(html, home.url)) candidates.push({ url, foundBy: 'html' });
  }
  const robots = await fetch(`${origin}/robots.txt`, 'any').catch(() => null);
  if (robots !== null) {
    const text = decodeBody(robots.body, robots.contentType, 'xml').text;
    for (const url of sitemapsInRobots(robots.url, text)) {
      const resolved = resolveHttpUrl(url, robots.url);
      if (resolved !== null) candidates.push({ url: resolved, foundBy: 'robots' });
    }
  }
  for (const path of COMMON_PATHS) candidates.push({ url: `${origin}${path}`, foundBy: 'path' });

  const tried = new Set<string>();
  const found = new Map<string, DiscoveredSource>();
  for (const candidate of candidates) {
    if (tried.has(candidate.url)) continue;
    tried.add(candidate.url);
    try {
      const source = await probeSource(candidate.url, fetch);
      // Two candidates that lead to one source (a redirect, an alias path) are one source.
      if (!found.has(source.url)) found.set(source.url, { ...source, foundBy: candidate.foundBy });
    } catch {
      // Not a feed or sitemap, or not there: candidates are guesses.
    }
  }
  return [...found.values()];
}
