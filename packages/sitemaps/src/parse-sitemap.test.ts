import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSitemap, SitemapParseError } from './index';

const parse = (xml: string | Uint8Array) =>
  parseSitemap(typeof xml === 'string' ? Buffer.from(xml) : xml, { url: 'https://news.example/sitemap.xml' });

describe('parseSitemap', () => {
  it('reads a Google News sitemap: locations, lastmod, title, publication date and language', () => {
    const sitemap = parse(`<?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
              xmlns:n="http://www.google.com/schemas/sitemap-news/0.9">
        <url><loc>https://news.example/a?x=1&amp;y=2</loc><lastmod>2026-03-01T10:05:00+01:00</lastmod>
          <n:news><n:publication><n:name>The Example</n:name><n:language>fr</n:language></n:publication>
            <n:publication_date>2026-03-01T10:00:00+01:00</n:publication_date>
            <n:title>Sanctions &amp; trade</n:title></n:news></url>
        <url><loc>/relative</loc></url>
        <url><loc>javascript:alert(1)</loc></url>
      </urlset>`);
    expect(sitemap.kind).toBe('news-sitemap');
    expect(sitemap.urls).toEqual([
      {
        loc: 'https://news.example/a?x=1&y=2',
        lastmod: '2026-03-01T09:05:00Z',
        news: { title: 'Sanctions & trade', publishedAt: '2026-03-01T09:00:00Z', language: 'fr' },
      },
      { loc: 'https://news.example/relative', lastmod: null, news: null },
    ]);
  });

  it('tells a plain sitemap and a sitemap index apart, gzip-compressed or not', () => {
    const plain = parse(
      gzipSync(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.example/1</loc><lastmod>2026-02-01</lastmod></url></urlset>',
      ),
    );
    expect(plain).toMatchObject({
      kind: 'sitemap',
      urls: [{ loc: 'https://news.example/1', lastmod: '2026-02-01T00:00:00Z', news: null }],
      sitemaps: [],
    });
    const index = parse(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://news.example/news.xml</loc><lastmod>2026-03-01</lastmod></sitemap>
      <sitemap><loc>https://news.example/2025.xml</loc></sitemap></sitemapindex>`);
    expect(index).toMatchObject({
      kind: 'sitemap-index',
      urls: [],
      sitemaps: [
        { loc: 'https://news.example/news.xml', lastmod: '2026-03-01T00:00:00Z' },
        { loc: 'https://news.example/2025.xml', lastmod: null },
      ],
    });
  });

  it('reads a truncated sitemap as far as it goes and refuses what is not a sitemap', () => {
    expect(
      parse('<urlset><url><loc>https://news.example/1</loc></url><url><loc>https://news').urls,
    ).toHaveLength(1);
    expect(() => parse('<rss version="2.0"><channel/></rss>')).toThrow(SitemapParseError);
    expect(() => parse('')).toThrow(/no XML root element/);
    expect(() => parseSitemap(Buffer.alloc(100), { maxBytes: 10 })).toThrow(/over the 10-byte cap/);
  });
});
