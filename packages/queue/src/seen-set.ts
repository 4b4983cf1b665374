// Owns the per-feed seen-set in Redis, shared by every feed-poll worker, so only
// new items go downstream. Bounded in size per feed and in time.
import type { Redis } from 'ioredis';

export interface SeenSet {
  /** The keys not seen before, in input order. */
  unseen(feedId: string, keys: readonly string[]): Promise<string[]>;
  markSeen(feedId: string, keys: readonly string[]): Promise<void>;
}

export function createRedisSeenSet(
  redis: Redis,
  options: { prefix: string; maxPerFeed?: number; ttlDays?: number },
): SeenSet {
  const { prefix, maxPerFeed = 5_000, ttlDays = 90 } = options;
  const keyFor = (feedId: string) => `${prefix}:seen:${feedId}`;
  return {
    async unseen(feedId, keys) {
      if (keys.length === 0) return [];
      const scores = await redis.zmscore(keyFor(feedId), ...keys);
      return keys.filter((_, index) => scores[index] === null);
    },
    async markSeen(feedId, keys) {
      if (keys.length === 0) return;
      const key = keyFor(feedId);
      const now = Date.now();
      await redis
        .multi()
        .zadd(key, ...keys.flatMap((value) => [now, value]))
        .zremrangebyscore(key, 0, now - ttlDays * 86_400_000)
        .zremrangebyrank(key, 0, -maxPerFeed - 1)
        .expire(key, ttlDays * 86_400)
        .exec();
    },
  };
}
