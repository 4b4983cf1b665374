// Owns the plan of a generated news network, deterministic from a seed: which sites exist (one loopback
// address each) with which template and page weight, their RSS and Atom feeds, every original story's
// page, syndicated copies on other sites (some declaring the original as canonical), feed entries whose
// links carry tracking parameters, and when each item appears in its feed.
import { en, Faker } from '@faker-js/faker';
import { type PageTemplate, pageTemplates } from './page-templates/render-template-page';
import { siteWeight, templateForWeight } from './page-weight';
import { STORY_KINDS } from './story-kinds';
import { writeStory } from './write-story';

export interface GeneratedSiteOptions {
  /** Same seed, same network, stories and pages. Default 1. */
  seed?: number;
  /** Distinct original stories, each on its own page. Default 2,000. */
  pages?: number;
  /** Sites, one loopback address each (127.0.0.2 upwards). Default 50, at most 250. */
  hosts?: number;
  /** Feeds over all sites, at least one per site. Default 100. */
  feeds?: number;
  /** Share of originals republished by another site. Default 0.08. */
  syndicatedShare?: number;
  /** Share of syndicated copies whose <link rel=canonical> names the original. Default 0.5. */
  canonicalShare?: number;
  /** Share of originals also listed in a second feed under a tracking-parameter link. Default 0.05. */
  trackingShare?: number;
  /** How items appear over time; absent: every item is in its feed from the start. */
  publishing?: PublishingOptions;
}

export interface PublishingOptions {
  /** Originals in the feeds from the start. */
  initial: number;
  /** New originals per minute after that, over the whole network. */
  perMinute: number;
  /** Newest items each feed lists. */
  window: number;
}

export interface PlannedHost {
  index: number;
  /** 127.0.0.x */
  address: string;
  name: string;
  template: PageTemplate;
  /** Typical page weight on this site, in bytes. */
  weightBytes: number;
  feeds: number[];
}

export interface PlannedPage {
  id: number;
  /** The story it carries: an original's own number, or the original's for a syndicated copy. */
  story: number;
  host: number;
  path: string;
  /** The original page's id when this page is a syndicated copy. */
  copyOf: number | null;
  /** A copy whose <link rel=canonical> points at the original (else at itself). */
  canonicalToOriginal: boolean;
  /** When the page and its feed entries appear, after the site's start. */
  appearsAfterMs: number;
  /** Planned size of the served HTML. */
  weightBytes: number;
}

export interface PlannedEntry {
  page: number;
  /** Query string the feed link carries (tracking parameters), '' for a plain link. */
  query: string;
  appearsAfterMs: number;
}

export interface PlannedFeed {
  id: number;
  host: number;
  path: string;
  format: 'rss' | 'atom';
  title: string;
  section: string;
  /** Oldest first. */
  entries: PlannedEntry[];
}

export interface SitePlan {
  seed: number;
  hosts: PlannedHost[];
  feeds: PlannedFeed[];
  /** Originals first (id = story number), then syndicated copies. */
  pages: PlannedPage[];
  publishing: PublishingOptions | null;
}

export const MAX_HOSTS = 250;
const SECTIONS = [...new Set(STORY_KINDS.map((kind) => kind.section))];
const MASTHEADS = ['Gazette', 'Courier', 'Herald', 'Chronicle', 'Observer', 'Post', 'Times', 'Examiner'];
const TRACKING_QUERIES = [
  'utm_source=rss&utm_medium=feed&utm_campaign=latest',
  'utm_source=newsletter&utm_medium=email',
  'fbclid=IwAR{token}',
  'utm_source=partner&utm_content={token}',
];

function slugOf(id: number): string {
  return `story-${id.toString(36)}-${((id * 2654435761) >>> 0).toString(36)}`;
}

export function planSite(options: GeneratedSiteOptions = {}): SitePlan {
  const seed = options.seed ?? 1;
  const originals = options.pages ?? 2_000;
  const hostCount = options.hosts ?? 50;
  const feedCount = Math.max(options.feeds ?? 100, hostCount);
  if (hostCount < 1 || hostCount > MAX_HOSTS) throw new Error(`fixture-site: hosts must be 1..${MAX_HOSTS}`);
  if (originals < 1) throw new Error('fixture-site: pages must be at least 1');
  const faker = new Faker({ locale: [en] });
  faker.seed([seed, 0x517e]);
  const templates = pageTemplates();

  // Sites spread over the corpus's page-weight distribution, in a shuffled order.
  const weights = faker.helpers.shuffle(
    Array.from({ length: hostCount }, (_, i) => siteWeight(i, hostCount)),
  );
  const hosts: PlannedHost[] = weights.map((weightBytes, index) => ({
    index,
    address: `127.0.0.${index + 2}`,
    name: `The ${faker.location.city()} ${faker.helpers.arrayElement(MASTHEADS)}`,
    template: templateForWeight(templates, weightBytes),
    weightBytes,
    feeds: [],
  }));

  const feeds: PlannedFeed[] = [];
  for (let id = 0; id < feedCount; id++) {
    const host = hosts[id % hostCount]!;
    const section = SECTIONS[host.feeds.length % SECTIONS.length]!;
    // Formats alternate by site so the network mixes RSS and Atom.
    const format = host.index % 2 === 0 ? 'rss' : 'atom';
    feeds.push({
      id,
      host: host.index,
      path:
        format === 'rss'
          ? `/rss/${section}-${host.feeds.length}.xml`
          : `/feeds/${section}-${host.feeds.length}.atom`,
      format,
      title: `${host.name}: ${section}`,
      section,
      entries: [],
    });
    host.feeds.push(id);
  }

  const publishing = options.publishing ?? null;
  const appearsAfter = (story: number): number =>
    publishing === null || story < publishing.initial
      ? 0
      : Math.round(((story - publishing.initial + 1) * 60_000) / publishing.perMinute);
  const pageWeight = (host: PlannedHost) =>
    Math.round(host.weightBytes * Math.exp(faker.number.float({ min: -0.3, max: 0.3 })));

  const pages: PlannedPage[] = [];
  for (let story = 0; story < originals; story++) {
    const host = hosts[faker.number.int(hostCount - 1)]!;
    pages.push({
      id: story,
      story,
      host: host.index,
      path: '',
      copyOf: null,
      canonicalToOriginal: false,
      appearsAfterMs: appearsAfter(story),
      weightBytes: pageWeight(host),
    });
  }
  const syndicatedShare = options.syndicatedShare ?? 0.08;
  const canonicalShare = options.canonicalShare ?? 0.5;
  if (hostCount > 1) {
    for (let story = 0; story < originals; story++) {
      if (faker.number.float() >= syndicatedShare) continue;
      const original = pages[story]!;
      const other = (original.host + 1 + faker.number.int(hostCount - 2)) % hostCount;
      pages.push({
        id: pages.length,
        story,
        host: other,
        path: '',
        copyOf: original.id,
        canonicalToOriginal: faker.number.float() < canonicalShare,
        // Partners republish a little later.
        appearsAfterMs:
          original.appearsAfterMs + (publishing ? faker.number.int({ min: 60_000, max: 900_000 }) : 0),
        weightBytes: pageWeight(hosts[other]!),
      });
    }
  }

  const sections = Array.from({ length: originals }, (_, story) => writeStory(seed, story).section);
  const sectionOf = (story: number) => sections[story]!;
  for (const page of pages) {
    const host = hosts[page.host]!;
    page.path = `/${sectionOf(page.story)}/${slugOf(page.id)}`;
    const own = host.feeds.map((id) => feeds[id]!);
    const feed =
      own.find((candidate) => candidate.section === sectionOf(page.story)) ?? own[page.id % own.length]!;
    feed.entries.push({ page: page.id, query: '', appearsAfterMs: page.appearsAfterMs });
  }
  const trackingShare = options.trackingShare ?? 0.05;
  for (const page of pages) {
    if (page.copyOf !== null || faker.number.float() >= trackingShare) continue;
    const own = hosts[page.host]!.feeds.map((id) => feeds[id]!);
    // Another feed of the same site when there is one: its seen-set has not met the plain link.
    const feed =
      own.length > 1 ? own.find((candidate) => !candidate.entries.some((e) => e.page === page.id))! : own[0]!;
    const query = faker.helpers
      .arrayElement(TRACKING_QUERIES)
      .replace('{token}', faker.string.alphanumeric(24));
    feed.entries.push({ page: page.id, query, appearsAfterMs: page.appearsAfterMs });
  }
  for (const feed of feeds)
    feed.entries.sort((a, b) => a.appearsAfterMs - b.appearsAfterMs || a.page - b.page);
  return { seed, hosts, feeds, pages, publishing };
}
