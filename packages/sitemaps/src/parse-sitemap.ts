// Owns parseSitemap, bytes to URLs for the three kinds of sitemap (sitemaps.org): a sitemap index (child
// sitemaps with their lastmod), a plain sitemap (URLs with their lastmod) and a Google News sitemap (URLs
// with `news:news`: title, publication date, language). The XML is read with htmlparser2's XML mode, as
// the feed recovery reads it: lenient with broken documents, never expanding a DTD or loading anything.
import { PermanentError } from '@newsq/core';
import { decodeBody, inflateStrayGzip, parseDate, resolveHttpUrl, StrayGzipError } from '@newsq/web-text';
import { Parser } from 'htmlparser2';

export type SitemapKind = 'sitemap' | 'sitemap-index' | 'news-sitemap';

export interface SitemapNews {
  title: string | null;
  /** ISO 8601 UTC. */
  publishedAt: string | null;
  /** ISO 639 code, as the sitemap gives it. */
  language: string | null;
}

export interface SitemapUrl {
  loc: string;
  /** ISO 8601 UTC. */
  lastmod: string | null;
  news: SitemapNews | null;
}

export interface SitemapRef {
  loc: string;
  lastmod: string | null;
}

export interface ParsedSitemap {
  kind: SitemapKind;
  /** The URLs of a sitemap (empty for an index). */
  urls: SitemapUrl[];
  /** The child sitemaps of an index (empty for a sitemap). */
  sitemaps: SitemapRef[];
  warnings: string[];
}

export type SitemapParseErrorCode = 'sitemap_not_a_sitemap' | 'sitemap_too_large' | 'sitemap_malformed';

export class SitemapParseError extends PermanentError {
  constructor(code: SitemapParseErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, `sitemaps: ${message}`, options);
    this.name = 'SitemapParseError';
  }
}

/** The protocol's limit per file; more is a broken or hostile document, and the rest is dropped. */
const MAX_ENTRIES = 50_000;
const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

export interface ParseSitemapOptions {
  /** The HTTP Content-Type header, charset included. */
  contentType?: string | null;
  /** The sitemap's URL: the base for relative locations (the protocol wants them absolute; some are not). */
  url?: string | null;
  maxBytes?: number;
}

/** Element names without their prefix, lower case: documents bind the sitemap and news namespaces freely. */
const local = (name: string) => name.slice(name.indexOf(':') + 1).toLowerCase();

export function parseSitemap(body: Uint8Array, options: ParseSitemapOptions = {}): ParsedSitemap {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (body.byteLength > maxBytes)
    throw new SitemapParseError(
      'sitemap_too_large',
      `body of ${body.byteLength} bytes over the ${maxBytes}-byte cap`,
    );
  const warnings: string[] = [];
  let bytes: Uint8Array;
  try {
    bytes = inflateStrayGzip(body, maxBytes).bytes;
  } catch (error) {
    if (!(error instanceof StrayGzipError)) throw error;
    const code = error.reason === 'too_large' ? 'sitemap_too_large' : 'sitemap_malformed';
    throw new SitemapParseError(code, error.message, { cause: error });
  }
  const decoded = decodeBody(bytes, options.contentType, 'xml');
  warnings.push(...decoded.warnings);
  const base = options.url ?? null;

  let root: string | null = null;
  let news = false;
  const urls: SitemapUrl[] = [];
  const sitemaps: SitemapRef[] = [];
  const path: string[] = [];
  let text = '';
  let entry: {
    loc: string;
    lastmod: string;
    news: { title: string; date: string; language: string } | null;
  } | null = null;
  let dropped = 0;

  const parser = new Parser(
    {
      onopentag(name) {
        const tag = local(name);
        if (root === null) root = tag;
        path.push(tag);
        text = '';
        if ((tag === 'url' && root === 'urlset') || (tag === 'sitemap' && root === 'sitemapindex'))
          entry = { loc: '', lastmod: '', news: null };
        else if (tag === 'news' && entry !== null && path.at(-2) === 'url') {
          news = true;
          entry.news = { title: '', date: '', language: '' };
        }
      },
      ontext(chunk) {
        text += chunk;
      },
      onclosetag(name, implied) {
        const tag = local(name);
        const parent = path.at(-2);
        const value = text.trim();
        path.pop();
        text = '';
        if (entry === null) return;
        if (tag === 'loc' && (parent === 'url' || parent === 'sitemap')) entry.loc = value;
        else if (tag === 'lastmod' && (parent === 'url' || parent === 'sitemap')) entry.lastmod = value;
        else if (entry.news !== null && parent === 'news' && tag === 'title') entry.news.title = value;
        else if (entry.news !== null && parent === 'news' && tag === 'publication_date')
          entry.news.date = value;
        else if (entry.news !== null && parent === 'publication' && tag === 'language')
          entry.news.language = value;
        else if (tag === 'url' || tag === 'sitemap') {
          const done = entry;
          entry = null;
          // Closed only by the end of a truncated document: its location may be cut short too.
          if (implied) return;
          const loc = resolveHttpUrl(done.loc, base);
          if (loc === null) return;
          if (urls.length + sitemaps.length >= MAX_ENTRIES) {
            dropped += 1;
            return;
          }
          const lastmod = parseDate(done.lastmod);
          if (tag === 'sitemap') sitemaps.push({ loc, lastmod });
          else
            urls.push({
              loc,
              lastmod,
              news:
                done.news === null
                  ? null
                  : {
                      title: done.news.title || null,
                      publishedAt: parseDate(done.news.date),
                      language: done.news.language || null,
                    },
            });
        }
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.end(decoded.text);
  if (root !== 'urlset' && root !== 'sitemapindex') {
    throw new SitemapParseError(
      'sitemap_not_a_sitemap',
      root === null ? 'document has no XML root element' : `<${root}> document is not a sitemap`,
    );
  }
  if (dropped > 0)
    warnings.push(`sitemaps: ${dropped} entries past the ${MAX_ENTRIES} a sitemap may hold dropped`);
  return {
    kind: root === 'sitemapindex' ? 'sitemap-index' : news ? 'news-sitemap' : 'sitemap',
    urls,
    sitemaps,
    warnings,
  };
}
