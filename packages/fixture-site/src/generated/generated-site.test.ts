import { escapeXml as escapeMarkup } from '@newsq/web-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedSite, startGeneratedSite } from './generated-site';
import { CORPUS_PAGE_BYTES, quantile } from './page-weight';
import { planSite } from './site-plan';
import { writeStory } from './write-story';

describe('planSite', () => {
  it('is deterministic from its seed', () => {
    const strip = (plan: ReturnType<typeof planSite>) => ({
      ...plan,
      hosts: plan.hosts.map((host) => ({ ...host, template: host.template.id })),
    });
    expect(strip(planSite({ pages: 300, seed: 5 }))).toEqual(strip(planSite({ pages: 300, seed: 5 })));
    expect(planSite({ pages: 300, seed: 5 }).pages).not.toEqual(planSite({ pages: 300, seed: 6 }).pages);
  });

  it('spreads the default network over 50 hosts and 100 feeds, RSS and Atom, with copies', () => {
    const plan = planSite();
    expect(plan.hosts).toHaveLength(50);
    expect(new Set(plan.hosts.map((host) => host.address)).size).toBe(50);
    expect(plan.feeds).toHaveLength(100);
    expect(new Set(plan.feeds.map((feed) => feed.format))).toEqual(new Set(['rss', 'atom']));
    const originals = plan.pages.filter((page) => page.copyOf === null);
    expect(originals).toHaveLength(2000);
    expect(new Set(plan.pages.map((page) => `${page.host}${page.path}`)).size).toBe(plan.pages.length);
    for (const host of plan.hosts) {
      expect(originals.filter((page) => page.host === host.index).length).toBeGreaterThan(15);
    }
    const copies = plan.pages.filter((page) => page.copyOf !== null);
    expect(copies.length).toBeGreaterThan(100);
    for (const copy of copies) expect(copy.host).not.toBe(plan.pages[copy.copyOf!]!.host);
    expect(copies.some((copy) => copy.canonicalToOriginal)).toBe(true);
    expect(copies.some((copy) => !copy.canonicalToOriginal)).toBe(true);
    const entries = plan.feeds.flatMap((feed) => feed.entries);
    // Every page is in a feed once without tracking; some originals also appear with tracking parameters.
    expect(entries.filter((entry) => entry.query === '')).toHaveLength(plan.pages.length);
    const tracked = entries.filter((entry) => entry.query !== '');
    expect(tracked.length).toBeGreaterThan(50);
    for (const entry of tracked) expect(entry.query).toMatch(/utm_|fbclid/);
  });

  it('schedules items over time when publishing is set', () => {
    const plan = planSite({ pages: 100, publishing: { initial: 10, perMinute: 6, window: 5 } });
    const originals = plan.pages.filter((page) => page.copyOf === null);
    expect(originals.slice(0, 10).every((page) => page.appearsAfterMs === 0)).toBe(true);
    expect(originals[10]!.appearsAfterMs).toBe(10_000);
    expect(originals[99]!.appearsAfterMs).toBe(900_000);
  });
});

describe('startGeneratedSite', () => {
  let site: GeneratedSite;
  let clock = 0;

  beforeAll(async () => {
    clock = Date.parse('2025-03-01T12:00:00Z');
    site = await startGeneratedSite({
      pages: 400,
      hosts: 50,
      feeds: 100,
      epochMs: clock,
      now: () => clock,
      publishing: { initial: 300, perMinute: 10, window: 1000 },
    });
    site.prerender();
  });
  afterAll(async () => {
    await site?.close();
  });

  it('serves pages whose weights follow the real news pages of the corpus', () => {
    const sizes = site.plan.pages.map((page) => Buffer.byteLength(site.html(page))).sort((a, b) => a - b);
    const corpus = [...CORPUS_PAGE_BYTES];
    expect(sizes[0]).toBeGreaterThan(0.8 * corpus[0]!);
    expect(sizes.at(-1)).toBeLessThan(1.3 * corpus.at(-1)!);
    for (const q of [0.25, 0.5, 0.75]) {
      expect(quantile(sizes, q) / quantile(corpus, q), `quantile ${q}`).toBeGreaterThan(0.75);
      expect(quantile(sizes, q) / quantile(corpus, q), `quantile ${q}`).toBeLessThan(1.3);
    }
  });

  it('serves every site on its own loopback address with a robots.txt', async () => {
    expect(site.hostPorts).toHaveLength(50);
    const robots = await Promise.all(
      site.hostPorts.map(async (hostPort) => (await fetch(`http://${hostPort}/robots.txt`)).text()),
    );
    for (const text of robots) expect(text).toMatch(/^User-agent: \*/);
  });

  it('lists the visible items in feeds, and more as time passes, with appearance times', async () => {
    const listed = async () => {
      const bodies = await Promise.all(site.feedUrls.map(async (url) => (await fetch(url)).text()));
      return new Set(
        bodies.flatMap((body) => [...body.matchAll(/<(?:guid[^>]*|id)>(http[^<]+)</g)].map((m) => m[1])),
      );
    };
    const original = site.plan.pages[250]!;
    const late = site.plan.pages[350]!;
    expect((await listed()).has(site.pageUrl(original))).toBe(true);
    expect((await listed()).has(site.pageUrl(late))).toBe(false);
    expect((await fetch(site.pageUrl(late))).status).toBe(404);
    expect(site.appearance(original)).toEqual({ appearedAt: clock, firstServedAt: clock });
    clock += 10 * 60_000;
    expect((await listed()).has(site.pageUrl(late))).toBe(true);
    expect((await fetch(site.pageUrl(late))).status).toBe(200);
    expect(site.appearance(late).firstServedAt).toBe(clock);
  });

  it('answers feed and page requests with validators, 304s and gzip', async () => {
    const page = site.plan.pages[3]!;
    const response = await fetch(site.pageUrl(page));
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe(site.html(page));
    const again = await fetch(site.pageUrl(page), {
      headers: { 'if-none-match': response.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    const feed = await fetch(site.feedUrls[0]!);
    await feed.arrayBuffer();
    const unchanged = await fetch(site.feedUrls[0]!, {
      headers: { 'if-none-match': feed.headers.get('etag')! },
    });
    expect(unchanged.status).toBe(304);
  });

  it('serves syndicated copies with the story of their original, some declaring it canonical', async () => {
    const copies = site.plan.pages.filter((page) => page.copyOf !== null);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies.slice(0, 5)) {
      const original = site.plan.pages[copy.copyOf!]!;
      const html = site.html(copy);
      const canonical = html.match(/<link rel="canonical" href="([^"]+)">/)?.[1];
      expect(canonical).toBe(site.pageUrl(copy.canonicalToOriginal ? original : copy));
      const story = writeStory(site.plan.seed, original.story);
      for (const paragraph of story.paragraphs.slice(1))
        expect(html).toContain(`<p>${escapeMarkup(paragraph)}</p>`);
      expect(html).toContain(`<p>(Wire) — ${escapeMarkup(story.paragraphs[0]!)}</p>`);
    }
  });
});
