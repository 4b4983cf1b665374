// Owns the messages that travel between stages. Each carries a version so a
// rolling deploy can tell old payloads from new ones.
import { z } from 'zod';

export const isoDate = z.string().datetime({ offset: true });

export const FeedPollRequest = z.object({
  version: z.literal(1),
  feedId: z.string().min(1),
  url: z.string().url(),
  /** Content a WebSub hub pushed for the feed: read in place of a fetch. Absent for a scheduled poll. */
  push: z
    .object({
      /** The pushed body, base64. */
      body: z.string(),
      contentType: z.string().nullable(),
      receivedAt: isoDate,
    })
    .optional(),
});
export type FeedPollRequest = z.infer<typeof FeedPollRequest>;

/**
 * A feed item's one identity from poll to store: the canonical form of its link, computed once by
 * feed-poll; its seen-set key and the job id of each stage until dedupe settles the article's canonical URL.
 * Optional only so that v1 messages queued before it existed stay valid: they fall back to the link.
 */
const itemId = z.string().min(1).optional();
/**
 * Which version of the item this is, when its source dates versions (a sitemap's lastmod): a new revision
 * of a known item goes through the pipeline again, under job ids of its own.
 */
const revision = z.string().min(1).optional();

export const RawEntry = z.object({
  version: z.literal(1),
  feedId: z.string().min(1),
  feedUrl: z.string().url(),
  guid: z.string().min(1),
  link: z.string().url(),
  itemId,
  title: z.string(),
  publishedAt: isoDate.nullable(),
  /** Feed-provided HTML or text, the fallback body when extraction yields too little. */
  summary: z.string().nullable(),
  revision,
  /** The language the source declares for the item (a news sitemap's), the fallback for the page's. */
  language: z.string().nullable().optional(),
});
export type RawEntry = z.infer<typeof RawEntry>;

/** The identity of a feed item (see `itemId`). */
export function itemIdOf(entry: Pick<RawEntry, 'itemId' | 'link'>): string {
  return entry.itemId ?? entry.link;
}

/** The identity of one version of an item: its identity, and its revision when the source gives one. */
export function versionKeyOf(entry: Pick<RawEntry, 'itemId' | 'link' | 'revision'>): string {
  return entry.revision === undefined ? itemIdOf(entry) : `${itemIdOf(entry)}|${entry.revision}`;
}

export const FetchedPage = z.object({
  version: z.literal(1),
  entry: RawEntry,
  finalUrl: z.string().url(),
  status: z.number().int(),
  contentType: z.string(),
  html: z.string(),
  /** True when `html` is the compact page form (what extraction reads, a third of the page's bytes). */
  compact: z.boolean().optional(),
  fetchedAt: isoDate,
});
export type FetchedPage = z.infer<typeof FetchedPage>;

export const ExtractedArticle = z.object({
  version: z.literal(1),
  feedId: z.string(),
  guid: z.string(),
  /** The entry's link. */
  url: z.string().url(),
  itemId,
  revision,
  finalUrl: z.string().url(),
  /** Canonical URL declared by the page (link rel=canonical / og:url), not yet normalised. */
  declaredCanonicalUrl: z.string().url().nullable(),
  title: z.string(),
  byline: z.string().nullable(),
  authors: z.array(z.string()),
  publishedAt: isoDate.nullable(),
  modifiedAt: isoDate.nullable(),
  language: z.string().nullable(),
  siteName: z.string().nullable(),
  leadImage: z.string().nullable(),
  text: z.string(),
  html: z.string(),
  wordCount: z.number().int().nonnegative(),
  /** Which method produced the body: readability, json-ld, feed-fallback, ... */
  method: z.string(),
});
export type ExtractedArticle = z.infer<typeof ExtractedArticle>;

export const DedupedArticle = ExtractedArticle.extend({
  canonicalUrl: z.string().url(),
  contentHash: z.string(),
  cluster: z.string(),
  /** Canonical URL of the earliest original when this is a duplicate. */
  duplicateOf: z.string().nullable(),
  similarity: z.number().min(0).max(1).nullable(),
});
export type DedupedArticle = z.infer<typeof DedupedArticle>;

export const TopicEvidence = z.object({ term: z.string(), count: z.number().int(), where: z.string() });
export const TopicTag = z.object({
  id: z.string(),
  score: z.number().min(0).max(1),
  evidence: z.array(TopicEvidence),
});
export type TopicTag = z.infer<typeof TopicTag>;

export const Entities = z.object({
  countries: z.array(z.object({ code: z.string().length(2), name: z.string() })),
  people: z.array(z.object({ name: z.string() })),
  organizations: z.array(z.object({ name: z.string() })),
});
export type Entities = z.infer<typeof Entities>;

export const TaggedArticle = DedupedArticle.extend({
  topics: z.array(TopicTag),
  entities: Entities,
});
export type TaggedArticle = z.infer<typeof TaggedArticle>;
