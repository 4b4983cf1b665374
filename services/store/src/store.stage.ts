// The store stage: an idempotent upsert keyed by canonical URL (a redelivered article updates in
// place, never a second row), then publication of each new article version through an outbox: the
// row remembers the text and tagging last published, so a redelivery publishes nothing, a first
// publication is `article.stored` and a new text or a re-tag is `article.updated`. The event goes to
// the stage's sinks (the Redis Stream) and to event-dispatch (webhook subscriptions); the row is
// marked published only after both. Duplicates are stored as references and not published unless
// configured.
import {
  type ArticleEvent,
  ArticleEvent as ArticleEventSchema,
  articleEvent,
  defineStage,
  QUEUES,
  type Sink,
  TaggedArticle,
} from '@newsq/core';
import type { UpsertResult } from '@newsq/store';

export interface StorePorts {
  upsert(article: TaggedArticle): Promise<UpsertResult>;
  markPublished(id: string, contentHash: string, taggingHash: string): Promise<void>;
  /** Where each published version goes besides event-dispatch: the article stream. */
  sinks: readonly Sink<ArticleEvent>[];
  publishDuplicates: boolean;
}

export function createStoreStage(ports: StorePorts) {
  return defineStage<TaggedArticle, ArticleEvent>({
    name: 'store',
    input: QUEUES.articleStore,
    output: QUEUES.eventDispatch,
    inputSchema: TaggedArticle,
    outputSchema: ArticleEventSchema,
    outputId: (event) => event.eventId,
    sinks: ports.sinks,

    async handle(article, ctx) {
      const { outcome, storedAt, pending } = await ports.upsert(article);
      const publish = pending !== null && (article.duplicateOf === null || ports.publishDuplicates);
      ctx.logger.info(
        {
          canonical_url: article.canonicalUrl,
          outcome,
          duplicate_of: article.duplicateOf,
          published: publish ? pending.event : null,
        },
        'store: upserted',
      );
      if (!publish) return [];
      const event = articleEvent(article, storedAt, pending);
      // Marked only once the event is enqueued and in the stream: a crash in between publishes again rather than never.
      ctx.afterCommit(() => ports.markPublished(event.id, event.contentHash, event.taggingHash));
      return [event];
    },
  });
}
