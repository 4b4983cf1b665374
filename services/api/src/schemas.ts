// Owns the API's request and response schemas: the zod schemas requests are validated with and
// responses serialised through, and from which the OpenAPI document is generated (one source).
// Every parameter is bounded; an unknown one is refused, so a misspelt filter is a 400, not a
// silently wider answer.
import { Entities, SubscriptionFilters, TopicTag } from '@newsq/core';
import { MAX_PAGE_SIZE } from '@newsq/store';
import { z } from 'zod';

export const MAX_QUERY_LENGTH = 256;

export const ErrorBody = z
  .object({ error: z.string().describe('A stable code'), message: z.string() })
  .describe('Every 4xx and 5xx answer');

const text = (max: number) => z.string().trim().min(1).max(max);
const time = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .describe('ISO 8601 date-time with an offset, or a date (midnight UTC)');
const booleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');

const filterFields = {
  topic: text(100).optional().describe('Articles tagged with this topic id'),
  min_score: z.coerce.number().min(0).max(1).optional().describe('With topic: its score is at least this'),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
    .optional()
    .describe('Articles about this country (ISO 3166-1 alpha-2)'),
  person: text(200).optional().describe('Articles naming this person (case and spacing do not matter)'),
  feed: text(100).optional().describe('Articles from this feed id'),
  cluster: text(200).optional().describe('Articles of this cluster (an original and its duplicates)'),
  originals: booleanParam.optional().describe('true: originals only; false: duplicates only; absent: both'),
  since: time.optional().describe('Published (or stored, see time) at or after this'),
  until: time.optional().describe('Published (or stored, see time) before this'),
  time: z.enum(['published', 'stored']).default('published').describe('Which time since and until bound'),
  q: z
    .string()
    .max(MAX_QUERY_LENGTH)
    .optional()
    .describe(
      'Full text over title and body: words and "quoted phrases", all required, English stemming; ranked by how many of them the title holds, then newest',
    ),
};

/** The article filters plus `extra`, unknown parameters refused, min_score only with topic. */
function withFilters<Extra extends z.ZodRawShape>(extra: Extra) {
  return z
    .object({ ...filterFields, ...extra })
    .strict()
    .refine(
      (query: { min_score?: unknown; topic?: unknown }) =>
        query.min_score === undefined || query.topic !== undefined,
      {
        message: 'min_score needs topic',
        path: ['min_score'],
      },
    );
}

export type ArticleFiltersQuery = z.infer<ReturnType<typeof withFilters<Record<never, z.ZodType>>>>;

export const ArticleListQuery = withFilters({
  sort: z
    .enum(['newest', 'relevance'])
    .optional()
    .describe('newest: newest stored first; relevance (the default with q): ranked by q'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(100),
  cursor: z.string().max(200).optional().describe('next of the previous page'),
});

export const STREAM_ENTRY_ID_PATTERN = /^\d{1,20}-\d{1,20}$/;

export const StreamQuery = withFilters({
  last_event_id: z
    .string()
    .regex(STREAM_ENTRY_ID_PATTERN, 'must be an event id of this stream')
    .optional()
    .describe('Resume after this event, for clients that cannot send the Last-Event-ID header'),
});

const isoTime = z.string().describe('ISO 8601');

export const Article = z
  .object({
    id: z.string(),
    url: z.string(),
    canonicalUrl: z.string(),
    finalUrl: z.string(),
    feedId: z.string().nullable(),
    title: z.string(),
    byline: z.string().nullable(),
    authors: z.array(z.string()),
    text: z.string().describe('Plain text body; empty for a duplicate, whose body is its original'),
    publishedAt: isoTime.nullable(),
    modifiedAt: isoTime.nullable(),
    language: z.string().nullable(),
    siteName: z.string().nullable(),
    leadImage: z.string().nullable(),
    wordCount: z.number().int(),
    method: z.string().describe('How the body was extracted'),
    contentHash: z.string(),
    topics: z.array(TopicTag).describe('Topics with their score and evidence, highest score first'),
    entities: Entities,
    duplicateOf: z.string().nullable().describe('Canonical URL of the original when this is a duplicate'),
    similarity: z.number().nullable(),
    cluster: z.string(),
    createdAt: isoTime.describe('When it was first stored'),
    updatedAt: isoTime.describe('When its stored version last changed'),
  })
  .describe('A stored article, as `newsq articles ls --json` prints it');

export const ArticlePage = z.object({
  items: z.array(Article),
  next: z.string().nullable().describe('Cursor of the next page; null on the last page'),
});

const ClusterMember = z.object({
  id: z.string(),
  canonicalUrl: z.string(),
  url: z.string(),
  title: z.string(),
  feedId: z.string().nullable(),
  publishedAt: isoTime.nullable(),
  duplicateOf: z.string().nullable(),
  similarity: z.number().nullable(),
  createdAt: isoTime,
});

export const Cluster = z.object({
  id: z.string(),
  original: ClusterMember.nullable(),
  duplicates: z.array(ClusterMember),
});

export const ArticleWithCluster = z.object({
  article: Article.extend({ html: z.string().describe('The sanitised HTML body') }),
  cluster: Cluster,
});

export const TopicsQuery = z
  .object({ since: filterFields.since, until: filterFields.until, time: filterFields.time })
  .strict();

export const Feed = z.object({
  id: z.string(),
  url: z.string(),
  title: z.string().nullable(),
  status: z.enum(['active', 'paused']),
  health: z.enum(['new', 'ok', 'failing', 'unhealthy']),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  intervalSeconds: z.number().int().nullable(),
  nextPollAt: isoTime,
  lastPolledAt: isoTime.nullable(),
  lastSuccessAt: isoTime.nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  itemsSeen: z.number().int(),
  createdAt: isoTime,
});

export const TopicCounts = z.object({
  since: z.string().nullable(),
  until: z.string().nullable(),
  time: z.enum(['published', 'stored']),
  topics: z.array(z.object({ topic: z.string(), count: z.number().int() })),
});

export const IdParams = z.object({ id: text(200) });

export const Subscription = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  filters: SubscriptionFilters,
  status: z.enum(['active', 'paused']),
  pausedReason: z.enum(['manual', 'auto']).nullable(),
  health: z.object({
    lastStatus: z.number().int().nullable().describe('HTTP status of the last attempt; null when none came'),
    lastError: z.string().nullable(),
    lastAttemptAt: isoTime.nullable(),
    lastSuccessAt: isoTime.nullable(),
    consecutiveFailures: z.number().int(),
  }),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const CreatedSubscription = Subscription.extend({
  secret: z.string().describe('The signing secret: shown here once, never listed'),
});

export const NewSubscription = z
  .object({
    name: text(100),
    url: z
      .string()
      .max(2000)
      .refine(
        (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
        'must be an http(s) URL',
      ),
    secret: z.string().min(16).max(200).optional().describe('Generated when absent'),
    filters: SubscriptionFilters.partial().strict().optional(),
  })
  .strict();

export const DeadLetter = z.object({
  jobId: z.string(),
  deliveryId: z.string(),
  eventId: z.string(),
  event: z.string(),
  failedReason: z.string(),
  attemptsMade: z.number().int(),
  failedAt: isoTime.nullable(),
});

export const ReplayBody = z
  .object({ deliveryId: z.string().max(100).optional().describe('Only this one; all when absent') })
  .strict()
  .nullish();
