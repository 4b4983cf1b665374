// Owns robots.txt: for article fetches, one robots.txt per origin, parsed with robots-parser and kept in
// a bounded LRU cache (feed polls do not consult it: a published feed is an invitation to fetch it); and
// the sitemaps a robots.txt lists, for source discovery.
import { deferredUntil } from '@newsq/core';
import robotsParser from 'robots-parser';
import { isHttpError } from './errors';
import type { FetchResult } from './safe-fetch';

export interface RobotsPolicyOptions {
  /** The crawler's User-Agent; its product token (before '/') selects the robots.txt group. */
  userAgent: string;
  /** How long a fetched robots.txt (or a 4xx answer) is trusted. */
  ttlMs: number;
  /** Fetches a robots.txt URL, e.g. `(url) => safeFetch(url, { accept: 'any', maxBytes: 512 * 1024, ... })`. */
  fetch: (url: string) => Promise<FetchResult>;
  /** How long an unavailable robots.txt (5xx, 429, timeout, network) counts as "allow all". Default 60 s. */
  errorTtlMs?: number;
  /** Origins kept in memory; the least recently used is dropped first. Default 10,000. */
  maxOrigins?: number;
  /** The longest `Crawl-delay` honoured; a larger one is cut to it. Default 30 s. */
  maxCrawlDelayMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface RobotsPolicy {
  isAllowed(url: string): Promise<boolean>;
  /** The site's `Crawl-delay` for our user agent in ms (0 when none), at most `maxCrawlDelayMs`. */
  crawlDelayMs(url: string): Promise<number>;
}

type Rules = ReturnType<typeof robotsParser> | null;

/** The sitemaps a robots.txt lists on its `Sitemap:` lines. */
export function sitemapsInRobots(robotsUrl: string, text: string): string[] {
  return robotsParser(robotsUrl, text).getSitemaps();
}

interface CacheEntry {
  expiresAt: number;
  rules: Promise<Rules>;
}

/**
 * Failure policy, after RFC 9309 where it is clear: a 4xx robots.txt (including 401/403) means no
 * restrictions and is cached for `ttlMs`. When robots.txt is unavailable (5xx, 429, timeout, network) the
 * RFC would assume "disallow all"; we allow instead, so one flaky server does not stall ingestion, but
 * cache that answer only for `errorTtlMs` and ask again soon.
 */
export function createRobotsPolicy(options: RobotsPolicyOptions): RobotsPolicy {
  const now = options.now ?? Date.now;
  const errorTtlMs = Math.min(options.errorTtlMs ?? 60_000, options.ttlMs);
  const maxOrigins = Math.max(1, options.maxOrigins ?? 10_000);
  const maxCrawlDelayMs = Math.max(0, options.maxCrawlDelayMs ?? 30_000);
  // Map iteration order is insertion order: re-inserting on use makes the first key the least recently used.
  const cache = new Map<string, CacheEntry>();

  function remember(origin: string, entry: CacheEntry): void {
    cache.delete(origin);
    cache.set(origin, entry);
    while (cache.size > maxOrigins) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
  }

  function load(origin: string): CacheEntry {
    const robotsUrl = `${origin}/robots.txt`;
    const entry: CacheEntry = { expiresAt: Number.POSITIVE_INFINITY, rules: Promise.resolve(null) };
    entry.rules = options.fetch(robotsUrl).then(
      (result) => {
        entry.expiresAt = now() + options.ttlMs;
        const text = new TextDecoder('utf-8').decode(result.body);
        // Rules are matched against the URL robots.txt was requested for, not where redirects led.
        return robotsParser(robotsUrl, text);
      },
      (error: unknown) => {
        // A busy host defers the fetch, it did not fail: forget the attempt and let the caller come back.
        if (deferredUntil(error) !== null) {
          if (cache.get(origin) === entry) cache.delete(origin);
          throw error;
        }
        const clientError =
          isHttpError(error) &&
          error.code === 'http_status' &&
          error.status !== undefined &&
          error.status < 500;
        entry.expiresAt = now() + (clientError ? options.ttlMs : errorTtlMs);
        return null;
      },
    );
    return entry;
  }

  /** The rules for a URL's origin, loading them when absent or stale; null when they do not apply. */
  async function rulesFor(url: string): Promise<{ rules: Rules; href: string } | null> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    const origin = parsed.origin;
    let entry = cache.get(origin);
    if (!entry || entry.expiresAt <= now()) entry = load(origin);
    remember(origin, entry);
    return { rules: await entry.rules, href: parsed.href };
  }

  return {
    async isAllowed(url) {
      const found = await rulesFor(url);
      return found?.rules?.isAllowed(found.href, options.userAgent) ?? true;
    },
    async crawlDelayMs(url) {
      const seconds = (await rulesFor(url))?.rules?.getCrawlDelay(options.userAgent);
      if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return 0;
      return Math.min(Math.round(seconds * 1000), maxCrawlDelayMs);
    },
  };
}
