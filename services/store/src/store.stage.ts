// The store stage: the sink. An idempotent upsert keyed by canonical URL (a
// redelivered article updates in place, never a second row), then publication
// of each new article version to the downstream stream through an outbox: the
// row remembers the last published content hash, so a redelivery publishes
// only what was not published yet. Duplicates are stored as references and
// not published unless configured.
import { defineStage, QUEUES, TaggedArticle } from '@newsq/core';
import { z } from 'zod';

export interface StorePorts {
  upsert(article: TaggedArticle): Promise<'inserted' | 'updated' | 'unchanged'>;
  isPublicationPending(canonicalUrl: string, contentHash: string): Promise<boolean>;
  publish(article: TaggedArticle): Promise<string>;
  markPublished(canonicalUrl: string, contentHash: string): Promise<void>;
  publishDuplicates: boolean;
}

export function createStoreStage(ports: StorePorts) {
  return defineStage<TaggedArticle, never>({
    name: 'store',
    input: QUEUES.articleStore,
    output: null,
    inputSchema: TaggedArticle,
    outputSchema: z.never(),
    outputId: () => '',

    async handle(article, ctx) {
      const outcome = await ports.upsert(article);
      const publishable = article.duplicateOf === null || ports.publishDuplicates;
      let streamId: string | null = null;
      if (publishable && (await ports.isPublicationPending(article.canonicalUrl, article.contentHash))) {
        streamId = await ports.publish(article);
        await ports.markPublished(article.canonicalUrl, article.contentHash);
      }
      ctx.logger.info(
        {
          canonical_url: article.canonicalUrl,
          outcome,
          duplicate_of: article.duplicateOf,
          stream_id: streamId,
        },
        'store: upserted',
      );
      return [];
    },
  });
}
