// Wires the store stage to the database named by DATABASE_URL and the article stream.
import { createArticleStream } from '@newsq/redis';
import type { Runtime } from '@newsq/runtime';
import { createStoreStage } from './store.stage';

export async function buildStoreStage(runtime: Runtime) {
  const { config } = runtime;
  const store = await runtime.store();
  return createStoreStage({
    upsert: (article) => store.articles.upsert(article),
    markPublished: (id, contentHash, taggingHash) =>
      store.articles.markPublished(id, contentHash, taggingHash),
    sinks: [
      createArticleStream(runtime.redis, {
        prefix: config.NEWSQ_PREFIX,
        maxLength: config.STORE_STREAM_MAX_LENGTH,
      }),
    ],
    publishDuplicates: config.STORE_PUBLISH_DUPLICATES,
  });
}
