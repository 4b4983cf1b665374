// Owns the site's RSS 2.0 feed: every article, newest first, with absolute permalinks.
import { escapeXml } from '@newsq/web-text';
import type { FixtureArticle } from './fixture-article';
import { newestFirst, SITE_NAME, sectionLabel } from './site-map';

/** RFC 822 date as RSS 2.0 requires, e.g. `Fri, 20 Sep 2024 07:00:00 GMT`. */
export function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

export function latestPublishedAt(articles: readonly FixtureArticle[]): string {
  const newest = newestFirst(articles)[0];
  if (!newest) throw new Error('fixture-site: a feed needs at least one article');
  return newest.publishedAt;
}

export function renderFeed(articles: readonly FixtureArticle[], origin: string): string {
  const items = newestFirst(articles)
    .map((article) => {
      const link = escapeXml(`${origin}${article.path}`);
      return `    <item>
      <title>${escapeXml(article.title)}</title>
      <link>${link}</link>
      <guid isPermaLink="true">${link}</guid>
      <pubDate>${rfc822(article.publishedAt)}</pubDate>
      <dc:creator>${escapeXml(article.author)}</dc:creator>
      <category>${escapeXml(sectionLabel(article.section))}</category>
      <description>${escapeXml(article.paragraphs[0] ?? '')}</description>
    </item>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${escapeXml(SITE_NAME)}</title>
    <link>${escapeXml(origin)}/</link>
    <description>News, analysis and local reporting from ${escapeXml(SITE_NAME)}.</description>
    <language>en-gb</language>
    <lastBuildDate>${rfc822(latestPublishedAt(articles))}</lastBuildDate>
    <ttl>15</ttl>
    <atom:link href="${escapeXml(origin)}/feed.xml" rel="self" type="application/rss+xml"/>
${items}
  </channel>
</rss>
`;
}
