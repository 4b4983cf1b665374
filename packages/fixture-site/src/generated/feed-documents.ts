// Owns the feed documents of the generated sites: RSS 2.0 and Atom 1.0 with titles, links, ids,
// publication dates, authors and summaries, newest first.
import { escapeXml as esc } from '@newsq/web-text';
import { rfc822 } from '../render-feed';

export interface FeedDocument {
  title: string;
  /** The site's home page. */
  siteUrl: string;
  /** This feed's own URL. */
  selfUrl: string;
  /** ISO 8601: the newest item's date. */
  updatedAt: string;
  items: readonly FeedDocumentItem[];
}

export interface FeedDocumentItem {
  title: string;
  link: string;
  /** A stable identifier: the canonical page URL, whatever tracking the link carries. */
  id: string;
  /** ISO 8601. */
  publishedAt: string;
  author: string;
  category: string;
  summary: string;
}

export function renderRss(feed: FeedDocument): string {
  const items = feed.items
    .map(
      (item) => `    <item>
      <title>${esc(item.title)}</title>
      <link>${esc(item.link)}</link>
      <guid isPermaLink="false">${esc(item.id)}</guid>
      <pubDate>${rfc822(item.publishedAt)}</pubDate>
      <dc:creator>${esc(item.author)}</dc:creator>
      <category>${esc(item.category)}</category>
      <description>${esc(item.summary)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${esc(feed.title)}</title>
    <link>${esc(feed.siteUrl)}</link>
    <description>${esc(feed.title)}: the latest stories.</description>
    <language>en</language>
    <lastBuildDate>${rfc822(feed.updatedAt)}</lastBuildDate>
    <atom:link href="${esc(feed.selfUrl)}" rel="self" type="application/rss+xml"/>
${items}
  </channel>
</rss>
`;
}

export function renderAtom(feed: FeedDocument): string {
  const entries = feed.items
    .map(
      (item) => `  <entry>
    <title>${esc(item.title)}</title>
    <link rel="alternate" type="text/html" href="${esc(item.link)}"/>
    <id>${esc(item.id)}</id>
    <published>${item.publishedAt}</published>
    <updated>${item.publishedAt}</updated>
    <author><name>${esc(item.author)}</name></author>
    <category term="${esc(item.category)}"/>
    <summary type="text">${esc(item.summary)}</summary>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>${esc(feed.title)}</title>
  <id>${esc(feed.selfUrl)}</id>
  <updated>${feed.updatedAt}</updated>
  <link rel="alternate" type="text/html" href="${esc(feed.siteUrl)}"/>
  <link rel="self" type="application/atom+xml" href="${esc(feed.selfUrl)}"/>
${entries}
</feed>
`;
}
