// Owns the Redis Stream downstream systems consume: one entry per published article version,
// trimmed to a bounded length. It is a sink the runner writes after the store stage's upsert;
// delivery is at least once, so a consumer that sees the same (id, content_hash) twice has seen
// the same version.
import type { ArticlePublished, Sink } from '@newsq/core';
import type { Redis } from 'ioredis';

export interface ArticleStream extends Sink<ArticlePublished> {
  key: string;
}

export function createArticleStream(
  redis: Redis,
  options: { prefix: string; maxLength: number },
): ArticleStream {
  const key = `${options.prefix}:articles`;
  return {
    name: 'article-stream',
    key,
    async write(events) {
      if (events.length === 0) return;
      const batch = redis.multi();
      for (const event of events) {
        batch.xadd(
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
      }
      const replies = await batch.exec();
      const failed = replies?.find(([error]) => error !== null)?.[0];
      if (failed) throw failed;
    },
  };
}
