// Owns the Redis Stream downstream systems consume: one entry per stored article
// version, trimmed to a bounded length. Delivery is at least once: a consumer
// that sees the same (id, content_hash) twice has seen the same version.
import type { Redis } from 'ioredis';

export interface ArticleEvent {
  id: string;
  canonicalUrl: string;
  contentHash: string;
  /** The article as JSON, without its HTML body (consumers fetch that from the API if needed). */
  article: unknown;
}

export interface ArticleStream {
  key: string;
  publish(event: ArticleEvent): Promise<string>;
}

export function createArticleStream(
  redis: Redis,
  options: { prefix: string; maxLength: number },
): ArticleStream {
  const key = `${options.prefix}:articles`;
  return {
    key,
    async publish(event) {
      const entryId = await redis.xadd(
        key,
        'MAXLEN',
        '~',
        String(options.maxLength),
        '*',
        'id',
        event.id,
        'canonical_url',
        event.canonicalUrl,
        'content_hash',
        event.contentHash,
        'article',
        JSON.stringify(event.article),
      );
      return entryId ?? '';
    },
  };
}
