// Wires the store stage to the database named by DATABASE_URL and the article stream.

import { createArticleStream } from '@newsq/queue';
import type { Runtime } from '@newsq/runtime';
import { articleIdFor } from '@newsq/store';
import { createStoreStage } from './store.stage';

export async function buildStoreStage(runtime: Runtime) {
  const store = await runtime.store();
  const stream = createArticleStream(runtime.redis, {
    prefix: runtime.config.NEWSQ_PREFIX,
    maxLength: runtime.config.STORE_STREAM_MAX_LENGTH,
  });
  return createStoreStage({
    upsert: (article) => store.upsertArticle(article),
    isPublicationPending: (canonicalUrl, contentHash) =>
      store.isPublicationPending(canonicalUrl, contentHash),
    publish: ({ html: _html, ...article }) =>
      stream.publish({
        id: articleIdFor(article.canonicalUrl),
        canonicalUrl: article.canonicalUrl,
        contentHash: article.contentHash,
        article,
      }),
    markPublished: (canonicalUrl, contentHash) => store.markPublished(canonicalUrl, contentHash),
    publishDuplicates: runtime.config.STORE_PUBLISH_DUPLICATES,
  });
}
