// Public surface of @newsq/sitemaps: sitemap bytes in (index, plain or Google News sitemap), URLs out.
export {
  type ParsedSitemap,
  parseSitemap,
  type SitemapKind,
  SitemapParseError,
  type SitemapRef,
  type SitemapUrl,
} from './parse-sitemap';
