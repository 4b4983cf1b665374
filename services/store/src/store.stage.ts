// The store stage: the sink. An idempotent upsert keyed by canonical URL, so a
// redelivered article updates in place instead of creating a second row.
import { defineStage, QUEUES, TaggedArticle } from '@newsq/core';
import type { UpsertOutcome } from '@newsq/store';
import { z } from 'zod';

export interface StorePorts {
  upsert(article: TaggedArticle): Promise<UpsertOutcome>;
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
      ctx.logger.info(
        { canonical_url: article.canonicalUrl, outcome, duplicate_of: article.duplicateOf },
        'store: upserted',
      );
      return [];
    },
  });
}
