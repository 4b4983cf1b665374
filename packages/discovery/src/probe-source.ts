// Owns telling what a source URL serves: a feed (RSS, Atom, JSON Feed, with its title) or a sitemap of one
// of the three kinds, by fetching it and reading the document with the parsers feed-poll uses.
import { isPipelineError } from '@newsq/core';
import { parseFeed } from '@newsq/feeds';
import type { FetchResult } from '@newsq/http';
import { parseSitemap, type SitemapKind } from '@newsq/sitemaps';

export type SourceKind = 'feed' | SitemapKind;

export interface ProbedSource {
  /** Where the source lives after redirects. */
  url: string;
  kind: SourceKind;
  title: string | null;
}

/** Fetches a URL for discovery: `html` for a site's pages, `any` for candidate feeds and sitemaps. */
export type DiscoveryFetch = (url: string, accept: 'html' | 'any') => Promise<FetchResult>;

/** Fetches `url` and says what it is; throws the fetch error, or the feed parser's when it is neither. */
export async function probeSource(url: string, fetch: DiscoveryFetch): Promise<ProbedSource> {
  const response = await fetch(url, 'any');
  const options = { contentType: response.contentType, url: response.url };
  try {
    const feed = await parseFeed(response.body, options);
    return { url: response.url, kind: 'feed', title: feed.title };
  } catch (feedError) {
    if (!isPipelineError(feedError) || feedError.code !== 'feed_not_a_feed') throw feedError;
    try {
      return { url: response.url, kind: parseSitemap(response.body, options).kind, title: null };
    } catch (sitemapError) {
      if (isPipelineError(sitemapError) && sitemapError.code === 'sitemap_not_a_sitemap') throw feedError;
      throw sitemapError;
    }
  }
}
