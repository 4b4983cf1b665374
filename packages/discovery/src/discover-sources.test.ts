import { type FixtureSite, startFixtureSite } from '@newsq/fixture-site';
import { safeFetch } from '@newsq/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscoveryFetch, discoverSources, linkedSources, probeSource } from './index';

const fetch: DiscoveryFetch = (url, accept) => safeFetch(url, { accept, allowPrivateNetworks: true });

describe('source discovery', () => {
  let site: FixtureSite;
  beforeAll(async () => {
    site = await startFixtureSite();
  });
  afterAll(() => site.close());

  it('tells a feed from each kind of sitemap, and refuses a page', async () => {
    expect(await probeSource(site.feedUrl, fetch)).toEqual({
      url: site.feedUrl,
      kind: 'feed',
      title: 'The Northgate Courier',
    });
    expect((await probeSource(site.sitemapUrl, fetch)).kind).toBe('sitemap-index');
    expect((await probeSource(site.newsSitemapUrl, fetch)).kind).toBe('news-sitemap');
    await expect(probeSource(`${site.url}/`, fetch)).rejects.toMatchObject({ code: 'feed_not_a_feed' });
  });

  it('finds the feed a site links to, the sitemap robots.txt lists and the ones at common paths', async () => {
    expect(await discoverSources(`${site.url}/`, fetch)).toEqual([
      { url: site.feedUrl, kind: 'feed', title: 'The Northgate Courier', foundBy: 'html' },
      { url: site.sitemapUrl, kind: 'sitemap-index', title: null, foundBy: 'robots' },
      { url: site.newsSitemapUrl, kind: 'news-sitemap', title: null, foundBy: 'path' },
    ]);
  });

  it('reads feed and sitemap links, and nothing else, from a page', () => {
    const html = `<head><link rel="alternate" type="application/atom+xml" href="/atom">
      <link rel="alternate" type="text/html" hreflang="de" href="/de/"><link rel="stylesheet" href="/s.css">
      <link rel="sitemap" href="https://cdn.example/sitemap.xml"><link rel="Alternate" type="application/feed+json; charset=utf-8" href="feed.json">`;
    expect(linkedSources(html, 'https://news.example/section/')).toEqual([
      'https://news.example/atom',
      'https://cdn.example/sitemap.xml',
      'https://news.example/section/feed.json',
    ]);
  });
});
