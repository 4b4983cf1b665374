// Owns the two workloads of the e2e bench, each a set of loopback sites with feeds and the pages a
// correct run must store: the generated news network (thousands of realistic pages, syndicated and
// tracking-parameter copies) and the real pages of the extraction corpus spread over 40 sites.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  type GeneratedSiteOptions,
  type PageAppearance,
  renderRss,
  resource,
  startGeneratedSite,
  startMultiHostServer,
} from '@newsq/fixture-site';
import { repoRoot } from './newsq-command';

export interface ExpectedPage {
  url: string;
  /** Pages that carry the same story share it: exactly one of them is stored as the original. */
  story: string;
  copy: boolean;
  /** A copy whose <link rel=canonical> names the original (it may be folded into the original's row). */
  declaresOriginalCanonical: boolean;
  html(): string;
  appearance(): PageAppearance;
}

export interface Scenario {
  name: string;
  description: string;
  feedUrls: string[];
  /** `host:port` of every site, for FETCH_ALLOWED_PRIVATE_HOSTS. */
  hostPorts: string[];
  pages: ExpectedPage[];
  /** Renders every page ahead, so serving costs no rendering during a measurement. */
  prerender(): void;
  /** Forgets when feeds were first served: each contender's freshness is its own. */
  forgetServed(): void;
  close(): Promise<void>;
}

export async function generatedScenario(options: GeneratedSiteOptions): Promise<Scenario> {
  const site = await startGeneratedSite(options);
  const { plan } = site;
  const copies = plan.pages.filter((page) => page.copyOf !== null).length;
  const tracked = plan.feeds.flatMap((feed) => feed.entries).filter((entry) => entry.query !== '').length;
  return {
    name: 'generated',
    description:
      `${plan.pages.length - copies} original pages + ${copies} syndicated copies on ${plan.hosts.length} hosts, ` +
      `${plan.feeds.length} feeds (RSS and Atom), ${tracked} tracking-parameter links, seed ${plan.seed}`,
    feedUrls: site.feedUrls,
    hostPorts: site.hostPorts,
    pages: plan.pages.map((page) => ({
      url: site.pageUrl(page),
      story: String(page.story),
      copy: page.copyOf !== null,
      declaresOriginalCanonical: page.canonicalToOriginal,
      html: () => site.html(page),
      appearance: () => site.appearance(page),
    })),
    prerender: () => site.prerender(),
    forgetServed: () => site.forgetServed(),
    close: () => site.close(),
  };
}

interface CorpusPage {
  id: string;
  html: string;
  title: string;
  summary: string;
}

/** The extraction corpus when ../shared is present, else the corpus pages committed with @newsq/extract. */
function corpusPages(shared: string | null): { pages: CorpusPage[]; source: string } {
  const fromTruth = (truthPath: string, readHtml: (id: string) => string, ids: string[]) => {
    const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as Record<string, { articleBody: string }>;
    return ids.map((id) => {
      const html = readHtml(id);
      const title = html.match(/<title[^>]*>([^<]*)<\/title>/i)?.[1]?.trim() || id;
      return { id, html, title, summary: (truth[id]?.articleBody ?? '').slice(0, 240) };
    });
  };
  if (shared !== null) {
    const dir = join(shared, 'corpus/extraction');
    const ids = readdirSync(join(dir, 'html'))
      .filter((file) => file.endsWith('.html.gz'))
      .map((file) => file.replace('.html.gz', ''))
      .sort();
    return {
      pages: fromTruth(
        join(dir, 'ground-truth.json'),
        (id) => gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))).toString('utf8'),
        ids,
      ),
      source: `${dir} (${ids.length} pages)`,
    };
  }
  const dir = join(repoRoot, 'packages/extract/src/testdata');
  const ids = readdirSync(dir)
    .filter((file) => file.endsWith('.html'))
    .map((file) => file.replace('.html', ''))
    .sort();
  return {
    pages: fromTruth(
      join(dir, 'ground-truth.json'),
      (id) => readFileSync(join(dir, `${id}.html`), 'utf8'),
      ids,
    ),
    source: `packages/extract/src/testdata (${ids.length} pages; ../shared absent)`,
  };
}

const REAL_PAGE_HOSTS = 40;

export async function realPagesScenario(shared: string | null): Promise<Scenario> {
  const { pages, source } = corpusPages(shared);
  const hostCount = Math.min(REAL_PAGE_HOSTS, pages.length);
  const addresses = Array.from({ length: hostCount }, (_, i) => `127.0.0.${i + 2}`);
  const startedAt = Date.now();
  const publishedAt = new Date(startedAt).toISOString();
  const firstServed = new Map<string, number>();
  let port = 0;
  const origin = (host: number) => `http://${addresses[host]}:${port}`;
  const hostOf = (index: number) => index % hostCount;
  const pathOf = (page: CorpusPage) => `/news/${page.id.slice(0, 16)}.html`;
  const resources = new Map(
    pages.map((page, index) => [
      `${addresses[hostOf(index)]} ${pathOf(page)}`,
      resource(page.html, 'text/html; charset=utf-8', publishedAt, { gzip: true }),
    ]),
  );
  const robots = resource('User-agent: *\nAllow: /\n', 'text/plain; charset=utf-8', null);
  const feeds = new Map<string, ReturnType<typeof resource>>();
  const server = await startMultiHostServer(addresses, (address, pathAndQuery) => {
    const path = pathAndQuery.split('?')[0]!;
    if (path === '/robots.txt') return robots;
    if (path === '/feed.xml') {
      const host = addresses.indexOf(address);
      const listed = pages.filter((_, index) => hostOf(index) === host);
      for (const page of listed) if (!firstServed.has(page.id)) firstServed.set(page.id, Date.now());
      let feed = feeds.get(address);
      if (!feed) {
        const items = listed.map((page) => ({
          title: page.title,
          link: `${origin(host)}${pathOf(page)}`,
          id: `${origin(host)}${pathOf(page)}`,
          publishedAt,
          author: 'Newsroom',
          category: 'news',
          summary: page.summary,
        }));
        const document = {
          title: `Site ${host + 1}`,
          siteUrl: `${origin(host)}/`,
          selfUrl: `${origin(host)}/feed.xml`,
          updatedAt: publishedAt,
          items,
        };
        feed = resource(renderRss(document), 'application/rss+xml; charset=utf-8', publishedAt, {
          gzip: true,
        });
        feeds.set(address, feed);
      }
      return feed;
    }
    return resources.get(`${address} ${path}`) ?? null;
  });
  port = server.port;
  return {
    name: 'real-pages',
    description: `${pages.length} real pages of ${source} on ${hostCount} hosts, one RSS feed each`,
    feedUrls: addresses.map((_, host) => `${origin(host)}/feed.xml`),
    hostPorts: addresses.map((address) => `${address}:${port}`),
    pages: pages.map((page, index) => ({
      url: `${origin(hostOf(index))}${pathOf(page)}`,
      story: page.id,
      copy: false,
      declaresOriginalCanonical: false,
      html: () => page.html,
      appearance: () => ({ appearedAt: startedAt, firstServedAt: firstServed.get(page.id) ?? null }),
    })),
    prerender: () => {},
    forgetServed: () => firstServed.clear(),
    close: () => server.close(),
  };
}
