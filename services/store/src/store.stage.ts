// The store stage: an idempotent upsert keyed by canonical URL (a redelivered article updates in
// place, never a second row), then publication of each new article version through an outbox: the
// row remembers the last published content hash, so a redelivery publishes only what was not
// published yet. The event goes to the stage's sinks (the Redis Stream) and to the webhook queue;
// the row is marked published only after both. Duplicates are stored as references and not
// published unless configured.
import { ArticlePublished, defineStage, QUEUES, type Sink, TaggedArticle } from '@newsq/core';
import type { UpsertResult } from '@newsq/store';

export interface StorePorts {
  upsert(article: TaggedArticle): Promise<UpsertResult>;
  articleId(canonicalUrl: string): string;
  markPublished(canonicalUrl: string, contentHash: string): Promise<void>;
  /** Where each published version goes besides the webhook queue: the article stream. */
  sinks: readonly Sink<ArticlePublished>[];
  publishDuplicates: boolean;
}

export function createStoreStage(ports: StorePorts) {
  return defineStage<TaggedArticle, ArticlePublished>({
    name: 'store',
    input: QUEUES.articleStore,
    output: QUEUES.webhookDeliver,
    inputSchema: TaggedArticle,
    outputSchema: ArticlePublished,
    outputId: (event) => `${event.canonicalUrl}|${event.contentHash}`,
    sinks: ports.sinks,

    async handle(article, ctx) {
      const { outcome, publicationPending } = await ports.upsert(article);
      const publish = publicationPending && (article.duplicateOf === null || ports.publishDuplicates);
      ctx.logger.info(
        {
          canonical_url: article.canonicalUrl,
          outcome,
          duplicate_of: article.duplicateOf,
          published: publish,
        },
        'store: upserted',
      );
      if (!publish) return [];
      // Marked only once the event is enqueued and in the stream: a crash in between publishes again rather than never.
      ctx.afterCommit(() => ports.markPublished(article.canonicalUrl, article.contentHash));
      const { html: _html, ...withoutHtml } = article;
      return [
        {
          version: 1,
          event: 'article.published',
          id: ports.articleId(article.canonicalUrl),
          canonicalUrl: article.canonicalUrl,
          contentHash: article.contentHash,
          article: withoutHtml,
        },
      ];
    },
  });
}
