// Owns reading what a source's URL returned: a feed (RSS, Atom, JSON Feed) or a sitemap of any kind, told
// apart by the document itself (a source registered as one kind that now serves the other is read as what it
// is), with a sitemap index expanded into the child sitemaps that are new or changed since they were taken.
import { isPipelineError, type RawEntry, unavailableDependency } from '@newsq/core';
import type { ParsedFeed } from '@newsq/feeds';
import type { FetchResult } from '@newsq/http';
import type { ParsedSitemap, SitemapUrl } from '@newsq/sitemaps';
import type { SourceKind } from '@newsq/store';
import { canonicalizeUrl } from '@newsq/web-text';

/** Child sitemaps of an index fetched in one poll at most; the others wait for the next polls. */
const MAX_CHILD_SITEMAPS_PER_POLL = 10;

export interface SourceReaders {
  parseFeed(body: Uint8Array, options: { contentType: string | null; url: string }): Promise<ParsedFeed>;
  parseSitemap(body: Uint8Array, options: { contentType: string | null; url: string }): ParsedSitemap;
  fetchSitemap(url: string, signal: AbortSignal): Promise<FetchResult>;
  unseen(feedId: string, keys: readonly string[]): Promise<string[]>;
}

export interface ReadSource {
  kind: SourceKind;
  title: string | null;
  /** Every item the source lists now, each under its one identity. */
  entries: RawEntry[];
  /** The parsed feed (null for a sitemap): its hubs, ttl and warnings. */
  feed: ParsedFeed | null;
  /** Seen-set keys of the child sitemaps read whole this time (an index only). */
  childKeys: string[];
  warnings: string[];
}

/**
 * An item's identity: its canonical link, so tracking parameters or an AMP or mobile variant of the same
 * link do not make an item new. The link rather than the guid: some publishers regenerate guids.
 */
export function identify(link: string): string {
  try {
    return canonicalizeUrl(link);
  } catch {
    // Not an http(s) link: nothing to canonicalise.
    return link;
  }
}

/** The feed's items with a link, as entries. */
export function feedEntries(feedId: string, feedUrl: string, feed: ParsedFeed): RawEntry[] {
  return feed.items.flatMap((item) =>
    item.link === null
      ? []
      : [
          {
            version: 1 as const,
            feedId,
            feedUrl,
            guid: item.guid,
            link: item.link,
            itemId: identify(item.link),
            title: item.title,
            publishedAt: item.published,
            summary: item.summary,
          },
        ],
  );
}

function sitemapEntry(feedId: string, feedUrl: string, url: SitemapUrl): RawEntry {
  return {
    version: 1,
    feedId,
    feedUrl,
    guid: url.loc,
    link: url.loc,
    itemId: identify(url.loc),
    title: url.news?.title ?? '',
    publishedAt: url.news?.publishedAt ?? null,
    summary: null,
    ...(url.lastmod === null ? {} : { revision: url.lastmod }),
    ...(url.news?.language ? { language: url.news.language } : {}),
  };
}

/** The seen-set key of a child sitemap at one lastmod (a space never occurs in an item's URL key). */
const childKey = (loc: string, lastmod: string) => `sitemap ${loc}|${lastmod}`;

const isNot = (error: unknown, code: string) => isPipelineError(error) && error.code === code;

export async function readSource(
  source: { id: string; kind: SourceKind },
  response: FetchResult,
  readers: SourceReaders,
  signal: AbortSignal,
): Promise<ReadSource> {
  const options = { contentType: response.contentType, url: response.url };
  const asFeed = async (): Promise<ReadSource> => {
    const feed = await readers.parseFeed(response.body, options);
    return {
      kind: 'feed',
      title: feed.title,
      entries: feedEntries(source.id, response.url, feed),
      feed,
      childKeys: [],
      warnings: feed.warnings,
    };
  };
  const asSitemap = () =>
    readSitemap(source.id, readers.parseSitemap(response.body, options), response.url, readers, signal);
  if (source.kind === 'feed') {
    try {
      return await asFeed();
    } catch (error) {
      if (!isNot(error, 'feed_not_a_feed')) throw error;
      try {
        return await asSitemap();
      } catch (sitemapError) {
        if (isNot(sitemapError, 'sitemap_not_a_sitemap')) throw error;
        throw sitemapError;
      }
    }
  }
  try {
    return await asSitemap();
  } catch (error) {
    if (!isNot(error, 'sitemap_not_a_sitemap')) throw error;
    try {
      return await asFeed();
    } catch (feedError) {
      if (isNot(feedError, 'feed_not_a_feed')) throw error;
      throw feedError;
    }
  }
}

async function readSitemap(
  feedId: string,
  sitemap: ParsedSitemap,
  url: string,
  readers: SourceReaders,
  signal: AbortSignal,
): Promise<ReadSource> {
  const read: ReadSource = {
    kind: sitemap.kind,
    title: null,
    entries: sitemap.urls.map((entry) => sitemapEntry(feedId, url, entry)),
    feed: null,
    childKeys: [],
    warnings: [...sitemap.warnings],
  };
  if (sitemap.kind !== 'sitemap-index') return read;
  // Children with a lastmod are read when it changed, newest first; children without one every time.
  const dated = sitemap.sitemaps.filter((child) => child.lastmod !== null);
  const changed = new Set(
    await readers.unseen(
      feedId,
      dated.map((child) => childKey(child.loc, child.lastmod!)),
    ),
  );
  const due = [
    ...dated
      .filter((child) => changed.has(childKey(child.loc, child.lastmod!)))
      .sort((a, b) => b.lastmod!.localeCompare(a.lastmod!)),
    ...sitemap.sitemaps.filter((child) => child.lastmod === null),
  ];
  if (due.length > MAX_CHILD_SITEMAPS_PER_POLL)
    read.warnings.push(
      `sitemaps: ${due.length - MAX_CHILD_SITEMAPS_PER_POLL} changed child sitemaps left for the next polls`,
    );
  for (const child of due.slice(0, MAX_CHILD_SITEMAPS_PER_POLL)) {
    try {
      const response = await readers.fetchSitemap(child.loc, signal);
      const parsed = readers.parseSitemap(response.body, {
        contentType: response.contentType,
        url: response.url,
      });
      if (parsed.kind === 'sitemap-index') {
        read.warnings.push(`sitemaps: ${child.loc} is an index inside an index, skipped`);
        continue;
      }
      read.entries.push(...parsed.urls.map((entry) => sitemapEntry(feedId, url, entry)));
      read.warnings.push(...parsed.warnings);
      if (child.lastmod !== null) read.childKeys.push(childKey(child.loc, child.lastmod));
    } catch (error) {
      if (!isPipelineError(error) || signal.aborted || unavailableDependency(error) !== null) throw error;
      read.warnings.push(`sitemaps: ${child.loc}: ${error.code}`);
    }
  }
  return read;
}
