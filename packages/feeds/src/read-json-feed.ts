// Owns reading JSON feeds: JSON Feed 1.0/1.1 (jsonfeed.org) and RSS-in-JSON ({"rss":{"channel":{"item":[]}}}),
// which rss-parser does not know.
import { isHttpUrl, parseDate, resolveUrl } from '@newsq/web-text';
import { collapseWhitespace, looseTitleText } from './feed-text';
import type { DraftFeed, DraftItem } from './feed-types';

type Json = Record<string, unknown>;

/** Returns null when the JSON value is not a feed of a known shape. */
export function readJsonFeed(value: unknown, documentUrl: string | null): DraftFeed | null {
  if (!isObject(value)) return null;
  if (
    Array.isArray(value.items) ||
    (typeof value.version === 'string' && value.version.includes('jsonfeed.org'))
  ) {
    return readJsonFeedDocument(value, documentUrl);
  }
  const channel = isObject(value.rss) ? value.rss.channel : undefined;
  if (isObject(channel)) return readRssInJson(channel, documentUrl);
  return null;
}

function readJsonFeedDocument(feed: Json, documentUrl: string | null): DraftFeed {
  const version =
    typeof feed.version === 'string' ? /version\/(\d+(?:\.\d+)?)/.exec(feed.version)?.[1] : undefined;
  const homePage = resolveUrl(stringOf(feed.home_page_url), documentUrl);
  const base = resolveUrl(documentUrl, null) ?? homePage ?? resolveUrl(stringOf(feed.feed_url), null);
  const items = (Array.isArray(feed.items) ? feed.items : []).filter(isObject).map((item): DraftItem => {
    const link = resolveUrl(stringOf(item.url), base) ?? resolveUrl(stringOf(item.external_url), base);
    const id = item.id === undefined || item.id === null ? '' : collapseWhitespace(String(item.id));
    const summary = stringOf(item.content_html) ?? stringOf(item.content_text) ?? stringOf(item.summary);
    return {
      guid: id || null,
      link,
      title: looseTitleText(stringOf(item.title) ?? ''),
      published: parseDate(stringOf(item.date_published)) ?? parseDate(stringOf(item.date_modified)),
      summary: summary?.trim() || null,
    };
  });
  return {
    format: version ? `jsonfeed${version}` : 'jsonfeed',
    title: looseTitleText(stringOf(feed.title) ?? '') || null,
    link: homePage,
    items,
    refreshHintSeconds: null,
    hubs: (Array.isArray(feed.hubs) ? feed.hubs : [])
      .filter(isObject)
      .flatMap((hub) => resolveUrl(stringOf(hub.url), base) ?? []),
    selfUrl: resolveUrl(stringOf(feed.feed_url), base),
  };
}

function readRssInJson(channel: Json, documentUrl: string | null): DraftFeed {
  const channelLink = resolveUrl(textOf(channel.link), documentUrl);
  const base = resolveUrl(documentUrl, null) ?? channelLink;
  const rawItems = Array.isArray(channel.item) ? channel.item : isObject(channel.item) ? [channel.item] : [];
  const items = rawItems.filter(isObject).map((item): DraftItem => {
    const guidValue = isObject(item.guid) ? item.guid : { value: item.guid };
    const guid =
      collapseWhitespace(textOf(guidValue.value ?? guidValue['#value'] ?? guidValue._ ?? guidValue.text)) ||
      null;
    const permalink =
      String(guidValue.isPermaLink ?? 'true').toLowerCase() !== 'false' && isHttpUrl(guid) ? guid : null;
    return {
      guid,
      link: resolveUrl(textOf(item.link), base) ?? permalink,
      title: looseTitleText(textOf(item.title)),
      published: parseDate(textOf(item.pubDate)) ?? parseDate(textOf(item['dc:date'])),
      summary: textOf(item.description).trim() || null,
    };
  });
  const ttl = Number.parseFloat(textOf(channel.ttl));
  return {
    format: 'rss-in-json',
    title: looseTitleText(textOf(channel.title)) || null,
    link: channelLink,
    items,
    refreshHintSeconds: Number.isFinite(ttl) && ttl > 0 ? Math.round(ttl * 60) : null,
  };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}
