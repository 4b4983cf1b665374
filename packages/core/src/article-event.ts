// Owns the event contract downstream systems build on: the versioned article event (`article.stored`
// for an article published for the first time, `article.updated` for a later version of it), the
// webhook payload that carries it, the ids that let a consumer drop repeats, and their JSON Schemas
// (committed under packages/core/schemas, published in the API's OpenAPI document).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type Entities, isoDate, TaggedArticle, type TopicTag } from './messages';

/** The tagged article as published: everything but the HTML body. */
export const PublishedArticle = TaggedArticle.omit({ html: true });
export type PublishedArticle = z.infer<typeof PublishedArticle>;

/** What made a new version of a published article. */
export const ArticleChange = z.enum(['content', 'tagging', 'duplicate']);
export type ArticleChange = z.infer<typeof ArticleChange>;

const eventFields = {
  version: z.literal(1).describe('Version of the event schema; a breaking change gets a new version'),
  eventId: z
    .string()
    .describe(
      'Stable for one publication of one article version: a consumer that has seen it drops the repeat',
    ),
  id: z.string().describe('Article id, stable for its canonical URL (GET /api/v1/articles/{id})'),
  canonicalUrl: z.string().url(),
  contentHash: z.string().describe('Fingerprint of the article text'),
  taggingHash: z.string().describe('Fingerprint of the topics and entities'),
  storedAt: isoDate.describe('When this version was stored'),
  article: PublishedArticle,
};

export const ArticleStored = z
  .object({ event: z.literal('article.stored'), ...eventFields })
  .describe('An article published for the first time');
export const ArticleUpdated = z
  .object({
    event: z.literal('article.updated'),
    ...eventFields,
    changes: z
      .array(ArticleChange)
      .min(1)
      .describe(
        'What differs from the version published before: its text (content), its topics or entities (tagging, e.g. after a re-tag), or whether it is a duplicate',
      ),
  })
  .describe('A new version of an article published before');

export const ArticleEvent = z.discriminatedUnion('event', [ArticleStored, ArticleUpdated]);
export type ArticleEvent = z.infer<typeof ArticleEvent>;
export type ArticleEventType = ArticleEvent['event'];

/** Which event a stored version makes: the first publication, or an update and what changed. */
export type Publication =
  | { event: 'article.stored'; changes: [] }
  | { event: 'article.updated'; changes: ArticleChange[] };

/** The event for one stored version of an article, its ids computed from its URL, text and tagging. */
export function articleEvent(
  article: TaggedArticle,
  storedAt: string,
  publication: Publication,
): ArticleEvent {
  const { html: _html, ...published } = article;
  const id = articleIdFor(article.canonicalUrl);
  const taggingHash = taggingFingerprint(article.topics, article.entities);
  const fields = {
    version: 1 as const,
    eventId: eventIdFor(id, article.contentHash, taggingHash, storedAt),
    id,
    canonicalUrl: article.canonicalUrl,
    contentHash: article.contentHash,
    taggingHash,
    storedAt,
    article: published,
  };
  return publication.event === 'article.stored'
    ? { event: 'article.stored', ...fields }
    : { event: 'article.updated', ...fields, changes: publication.changes };
}

/** The body of a webhook POST: the delivery id is inside the signed payload, not only in a header. */
export const WebhookPayload = z.object({
  version: z.literal(1),
  deliveryId: z
    .string()
    .describe('Stable for one event and one subscription, across retries and replays: drop repeats by it'),
  subscriptionId: z.string(),
  event: ArticleEvent,
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** A webhook delivery queued by event-dispatch for webhook-deliver. */
export const WebhookDelivery = WebhookPayload.extend({
  /** When dispatch queued it: a delivery waiting for a busy subscription waits longer the older it is. */
  queuedAt: isoDate,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** Whether a job's data is a delivery to this subscription (its dead letters among the failed jobs). */
export function isDeliveryFor(subscriptionId: string): (data: unknown) => boolean {
  return (data) => (data as Partial<WebhookDelivery> | null)?.subscriptionId === subscriptionId;
}

const shortHash = (text: string, length: number): string =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * Fingerprint of what tagging decided: topic ids with their scores to two decimals, and the entities.
 * Evidence is left out, so a taxonomy change that only moves evidence publishes nothing.
 */
export function taggingFingerprint(topics: readonly TopicTag[], entities: Entities): string {
  const names = (items: readonly { name: string }[]) => items.map((item) => item.name).sort();
  return shortHash(
    JSON.stringify([
      topics.map((topic) => [topic.id, Math.round(topic.score * 100)]).sort(),
      entities.countries.map((country) => country.code).sort(),
      names(entities.people),
      names(entities.organizations),
    ]),
    16,
  );
}

/** An article's id: stable for its canonical URL, the key it is stored under and published with. */
export function articleIdFor(canonicalUrl: string): string {
  return shortHash(canonicalUrl, 24);
}

/**
 * The id of one publication: the stored version's time is part of it, so an article that returns to
 * an earlier text or tagging (a re-tag undone) is a new event, not a repeat a consumer would drop.
 */
export function eventIdFor(
  articleId: string,
  contentHash: string,
  taggingHash: string,
  storedAt: string,
): string {
  return `evt_${shortHash(`${articleId}|${contentHash}|${taggingHash}|${storedAt}`, 24)}`;
}

export function deliveryIdFor(subscriptionId: string, eventId: string): string {
  return `dlv_${shortHash(`${subscriptionId}|${eventId}`, 24)}`;
}

/**
 * The JSON Schemas of the contract, as committed in packages/core/schemas (a test keeps them in
 * step). Objects stay open (no additionalProperties: false): v1 may gain fields, and consumers ignore
 * the ones they do not know.
 */
export function contractJsonSchemas(): Record<string, Record<string, unknown>> {
  const schema = (type: z.ZodType, name: string, title: string) => ({
    $id: `https://github.com/newsq/newsq/blob/main/packages/core/schemas/${name}`,
    title,
    ...z.toJSONSchema(type, { target: 'draft-2020-12', io: 'input' }),
  });
  return {
    'article-event.v1.json': schema(
      ArticleEvent,
      'article-event.v1.json',
      'newsq article event v1 (Redis Stream entry field "event", webhook payload field "event", SSE data)',
    ),
    'webhook-payload.v1.json': schema(
      WebhookPayload,
      'webhook-payload.v1.json',
      'newsq webhook payload v1 (the signed body of a webhook POST)',
    ),
  };
}
