// Owns serving a planned news network: article pages rendered from templates and generated stories,
// feeds that list the items visible at the moment of the request (a rolling window when items keep
// appearing), robots.txt on every site, and the record of when each item appeared in its feed and when
// a feed carrying it was first served, against which a harness measures freshness.
import { type Resource, resource } from '../http-resource';
import { renderAtom, renderRss } from './feed-documents';
import { startMultiHostServer } from './multi-host-server';
import { renderTemplatePage } from './page-templates/render-template-page';
import { renderFiller, type Teaser } from './page-weight';
import { type GeneratedSiteOptions, type PlannedPage, planSite, type SitePlan } from './site-plan';
import { type Story, writeStory } from './write-story';

export interface GeneratedSiteServerOptions extends GeneratedSiteOptions {
  /** 0 or absent picks a free port shared by every site's address. */
  port?: number;
  /** The moment the first items appear, epoch ms. Default: when the site starts. */
  epochMs?: number;
  /** Clock, epoch ms. Default Date.now. */
  now?: () => number;
}

export interface PageAppearance {
  /** When the page's first feed entry became visible, epoch ms. */
  appearedAt: number;
  /** When a feed listing it was first sent to a client, epoch ms; null if never yet. */
  firstServedAt: number | null;
}

export interface GeneratedSite {
  plan: SitePlan;
  port: number;
  /** `host:port` of every site: what an SSRF allow-list needs. */
  hostPorts: string[];
  feedUrls: string[];
  pageUrl(page: PlannedPage): string;
  /** The page's HTML exactly as served. */
  html(page: PlannedPage): string;
  /** Renders (and compresses) every page now, so serving costs no rendering during a measurement. */
  prerender(): void;
  appearance(page: PlannedPage): PageAppearance;
  /** Forgets when feeds were first served, so the next client's freshness is measured from scratch. */
  forgetServed(): void;
  readonly requests: number;
  close(): Promise<void>;
}

const HTML = 'text/html; charset=utf-8';
const ROBOTS = 'User-agent: *\nDisallow: /search\nDisallow: /account/\nAllow: /\n';
const RELATED_TEASERS = 30;
/** Pages wrap their body in a copy credit when they republish another site's story. */
const WIRE_CREDIT = '(Wire) — ';

export async function startGeneratedSite(options: GeneratedSiteServerOptions = {}): Promise<GeneratedSite> {
  const plan = planSite(options);
  const now = options.now ?? Date.now;
  const stories = new Map<number, Story>();
  const storyOf = (page: PlannedPage): Story => {
    let story = stories.get(page.story);
    if (!story) {
      story = writeStory(plan.seed, page.story);
      stories.set(page.story, story);
    }
    return story;
  };
  const pagesByHost = plan.hosts.map(() => [] as PlannedPage[]);
  for (const page of plan.pages) pagesByHost[page.host]!.push(page);
  const pageByPath = new Map(plan.pages.map((page) => [`${page.host} ${page.path}`, page]));
  const firstServed = new Map<number, number>();
  const pageCache = new Map<number, Resource>();
  const feedCache = new Map<number, { visible: number; served: Resource }>();

  let port = 0;
  let epoch = options.epochMs ?? 0;
  const origin = (host: number) => `http://${plan.hosts[host]!.address}:${port}`;
  const pageUrl = (page: PlannedPage) => `${origin(page.host)}${page.path}`;
  const publishedAt = (page: PlannedPage) => new Date(epoch + page.appearsAfterMs).toISOString();

  const renderPage = (page: PlannedPage): string => {
    const story = storyOf(page);
    const host = plan.hosts[page.host]!;
    const original = page.copyOf === null ? null : plan.pages[page.copyOf]!;
    const neighbours = pagesByHost[page.host]!.filter((other) => other.story !== page.story);
    const start = Math.max(0, neighbours.findIndex((other) => other.id > page.id) - RELATED_TEASERS / 2);
    const teasers: Teaser[] = neighbours.slice(start, start + RELATED_TEASERS).map((other) => ({
      title: storyOf(other).title,
      summary: storyOf(other).summary,
      url: pageUrl(other),
      section: storyOf(other).section,
    }));
    const withoutFiller = {
      url: pageUrl(page),
      canonicalUrl: original && page.canonicalToOriginal ? pageUrl(original) : pageUrl(page),
      siteName: host.name,
      title: story.title,
      description: story.summary,
      author: story.author,
      publishedAt: publishedAt(page),
      section: story.section,
      imageUrl: `${pageUrl(page)}/lead.jpg`,
      paragraphs: original
        ? [`${WIRE_CREDIT}${story.paragraphs[0]}`, ...story.paragraphs.slice(1)]
        : story.paragraphs,
      filler: '',
    };
    const bare = renderTemplatePage(host.template, withoutFiller);
    const filler = renderFiller(page.weightBytes - Buffer.byteLength(bare), teasers);
    return renderTemplatePage(host.template, { ...withoutFiller, filler });
  };
  const servedPage = (page: PlannedPage): Resource => {
    let served = pageCache.get(page.id);
    if (!served) {
      served = resource(renderPage(page), HTML, publishedAt(page), { gzip: true });
      pageCache.set(page.id, served);
    }
    return served;
  };

  const servedFeed = (feedId: number, at: number): Resource => {
    const feed = plan.feeds[feedId]!;
    const elapsed = at - epoch;
    let visible = 0;
    while (visible < feed.entries.length && feed.entries[visible]!.appearsAfterMs <= elapsed) visible++;
    const window = plan.publishing?.window ?? Number.POSITIVE_INFINITY;
    const listed = feed.entries.slice(Math.max(0, visible - window), visible).reverse();
    for (const entry of listed) if (!firstServed.has(entry.page)) firstServed.set(entry.page, at);
    const cached = feedCache.get(feedId);
    if (cached && cached.visible === visible) return cached.served;
    const host = plan.hosts[feed.host]!;
    const items = listed.map((entry) => {
      const page = plan.pages[entry.page]!;
      const story = storyOf(page);
      return {
        title: story.title,
        link: entry.query === '' ? pageUrl(page) : `${pageUrl(page)}?${entry.query}`,
        id: pageUrl(page),
        publishedAt: publishedAt(page),
        author: story.author,
        category: story.section,
        summary: story.summary,
      };
    });
    const document = {
      title: feed.title,
      siteUrl: `${origin(host.index)}/`,
      selfUrl: `${origin(host.index)}${feed.path}`,
      updatedAt: items[0]?.publishedAt ?? new Date(epoch).toISOString(),
      items,
    };
    const served =
      feed.format === 'rss'
        ? resource(renderRss(document), 'application/rss+xml; charset=utf-8', document.updatedAt, {
            gzip: true,
          })
        : resource(renderAtom(document), 'application/atom+xml; charset=utf-8', document.updatedAt, {
            gzip: true,
          });
    feedCache.set(feedId, { visible, served });
    return served;
  };

  const hostIndex = new Map(plan.hosts.map((host) => [host.address, host.index]));
  const feedByPath = new Map(plan.feeds.map((feed) => [`${feed.host} ${feed.path}`, feed.id]));
  const robots = resource(ROBOTS, 'text/plain; charset=utf-8', null);
  const server = await startMultiHostServer(
    plan.hosts.map((host) => host.address),
    (address, pathAndQuery) => {
      const host = hostIndex.get(address)!;
      const path = pathAndQuery.split('?')[0]!;
      if (path === '/robots.txt') return robots;
      const at = now();
      const feed = feedByPath.get(`${host} ${path}`);
      if (feed !== undefined) return servedFeed(feed, at);
      const page = pageByPath.get(`${host} ${path}`);
      if (!page || page.appearsAfterMs > at - epoch) return null;
      return servedPage(page);
    },
    options.port === undefined ? {} : { port: options.port },
  );
  port = server.port;
  if (options.epochMs === undefined) epoch = now();

  return {
    plan,
    port,
    hostPorts: plan.hosts.map((host) => `${host.address}:${port}`),
    feedUrls: plan.feeds.map((feed) => `${origin(feed.host)}${feed.path}`),
    pageUrl,
    html: (page) => servedPage(page).body.toString('utf8'),
    prerender: () => {
      for (const page of plan.pages) servedPage(page);
    },
    appearance: (page) => ({
      appearedAt: epoch + page.appearsAfterMs,
      firstServedAt: firstServed.get(page.id) ?? null,
    }),
    forgetServed: () => firstServed.clear(),
    get requests() {
      return server.requests;
    },
    close: () => server.close(),
  };
}
