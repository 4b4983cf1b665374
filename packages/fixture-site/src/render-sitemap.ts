// Owns the site's sitemaps: a Google News sitemap of every article (title, publication date, language)
// and the sitemap index that lists it, as robots.txt announces.
import { escapeXml } from '@newsq/web-text';
import type { FixtureArticle } from './fixture-article';
import { latestPublishedAt } from './render-feed';
import { newestFirst, SITE_NAME } from './site-map';

export function renderNewsSitemap(articles: readonly FixtureArticle[], origin: string): string {
  const urls = newestFirst(articles)
    .map(
      (article) => `  <url>
    <loc>${escapeXml(`${origin}${article.path}`)}</loc>
    <lastmod>${article.publishedAt}</lastmod>
    <news:news>
      <news:publication><news:name>${escapeXml(SITE_NAME)}</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>${article.publishedAt}</news:publication_date>
      <news:title>${escapeXml(article.title)}</news:title>
    </news:news>
  </url>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${urls}
</urlset>
`;
}

export function renderSitemapIndex(articles: readonly FixtureArticle[], origin: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>${escapeXml(origin)}/news-sitemap.xml</loc><lastmod>${latestPublishedAt(articles)}</lastmod></sitemap>
</sitemapindex>
`;
}
