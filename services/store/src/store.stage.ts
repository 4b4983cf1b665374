// The store stage: an idempotent upsert keyed by canonical URL (a redelivered
// article updates in place, never a second row), then publication of each new
// article version through an outbox: the row remembers the last published
// content hash, so a redelivery publishes only what was not published yet.
// Publication is the Redis Stream entry, plus a webhook delivery job when
// webhooks are configured. Duplicates are stored as references and not
// published unless configured.
import { ArticlePublished, defineStage, QUEUES, TaggedArticle } from '@newsq/core';

export interface StorePorts {
  upsert(article: TaggedArticle): Promise<'inserted' | 'updated' | 'unchanged'>;
  isPublicationPending(canonicalUrl: string, contentHash: string): Promise<boolean>;
  articleId(canonicalUrl: string): string;
  publish(event: ArticlePublished): Promise<string>;
  markPublished(canonicalUrl: string, contentHash: string): Promise<void>;
  publishDuplicates: boolean;
  webhooksEnabled: boolean;
}

export function createStoreStage(ports: StorePorts) {
  const publishable = (article: TaggedArticle) => article.duplicateOf === null || ports.publishDuplicates;

  return defineStage<TaggedArticle, ArticlePublished>({
    name: 'store',
    input: QUEUES.articleStore,
    output: QUEUES.webhookDeliver,
    inputSchema: TaggedArticle,
    outputSchema: ArticlePublished,
    outputId: (event) => `${event.canonicalUrl}|${event.contentHash}`,

    async handle(article, ctx) {
      const outcome = await ports.upsert(article);
      let streamId: string | null = null;
      const outputs: ArticlePublished[] = [];
      if (
        publishable(article) &&
        (await ports.isPublicationPending(article.canonicalUrl, article.contentHash))
      ) {
        const { html: _html, ...withoutHtml } = article;
        const event: ArticlePublished = {
          version: 1,
          event: 'article.published',
          id: ports.articleId(article.canonicalUrl),
          canonicalUrl: article.canonicalUrl,
          contentHash: article.contentHash,
          article: withoutHtml,
        };
        streamId = await ports.publish(event);
        if (ports.webhooksEnabled) outputs.push(event);
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
      return outputs;
    },

    // Marked only once the webhook job is safely enqueued, so a crash in between publishes again rather than never.
    async committed(article) {
      if (publishable(article)) await ports.markPublished(article.canonicalUrl, article.contentHash);
    },
  });
}
