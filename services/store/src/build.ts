// Wires the store stage to the database named by DATABASE_URL, the article stream and the webhook queue.
import { createArticleStream } from '@newsq/queue';
import type { Runtime } from '@newsq/runtime';
import { articleIdFor } from '@newsq/store';
import { createStoreStage } from './store.stage';

export async function buildStoreStage(runtime: Runtime) {
  const { config } = runtime;
  const store = await runtime.store();
  const stream = createArticleStream(runtime.redis, {
    prefix: config.NEWSQ_PREFIX,
    maxLength: config.STORE_STREAM_MAX_LENGTH,
  });
  return createStoreStage({
    upsert: (article) => store.upsertArticle(article),
    isPublicationPending: (canonicalUrl, contentHash) =>
      store.isPublicationPending(canonicalUrl, contentHash),
    articleId: articleIdFor,
    publish: (event) =>
      stream.publish({
        id: event.id,
        canonicalUrl: event.canonicalUrl,
        contentHash: event.contentHash,
        article: event.article,
      }),
    markPublished: (canonicalUrl, contentHash) => store.markPublished(canonicalUrl, contentHash),
    publishDuplicates: config.STORE_PUBLISH_DUPLICATES,
    webhooksEnabled: config.WEBHOOK_URL !== undefined,
  });
}
