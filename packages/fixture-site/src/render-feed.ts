// Owns the site's RSS 2.0 feed: every article, newest first, with absolute permalinks.
import { escapeMarkup as esc } from './escape';
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
      const link = esc(`${origin}${article.path}`);
      return `    <item>
      <title>${esc(article.title)}</title>
      <link>${link}</link>
      <guid isPermaLink="true">${link}</guid>
      <pubDate>${rfc822(article.publishedAt)}</pubDate>
      <dc:creator>${esc(article.author)}</dc:creator>
      <category>${esc(sectionLabel(article.section))}</category>
      <description>${esc(article.paragraphs[0] ?? '')}</description>
    </item>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${esc(SITE_NAME)}</title>
    <link>${esc(origin)}/</link>
    <description>News, analysis and local reporting from ${esc(SITE_NAME)}.</description>
    <language>en-gb</language>
    <lastBuildDate>${rfc822(latestPublishedAt(articles))}</lastBuildDate>
    <ttl>15</ttl>
    <atom:link href="${esc(origin)}/feed.xml" rel="self" type="application/rss+xml"/>
${items}
  </channel>
</rss>
`;
}
