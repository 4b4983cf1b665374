// Owns the per-feed seen-set in Redis, shared by every feed-poll worker, so only new items go
// downstream. Each poll refreshes the items still in the feed, and trimming drops the items that
// left the feed longest ago, never one still in it: a feed larger than the usual bound keeps all
// its items seen instead of re-emitting the oldest on every change.
import type { Redis } from 'ioredis';

export interface SeenSet {
  /**
   * The keys not seen before, in input order. The keys already seen are refreshed, which is safe
   * before the new items are enqueued: it only keeps what was already recorded.
   */
  unseen(feedId: string, keys: readonly string[]): Promise<string[]>;
  /** Records the new keys once their items are enqueued; `feedSize` is how many items the feed holds now. */
  markSeen(feedId: string, keys: readonly string[], feedSize: number): Promise<void>;
}

export interface SeenSetOptions {
  prefix: string;
  /** Keys kept per feed at least; a feed holding more items keeps twice its size. Default 5,000. */
  maxPerFeed?: number;
  /** Keys not refreshed for this long are dropped (the item left the feed long ago). Default 90. */
  ttlDays?: number;
}

const COMMAND = 'newsqSeenUnseen';

// KEYS[1]: the feed's sorted set (member: item key, score: last time it was in the feed).
// ARGV[1]: now (ms), ARGV[2..]: keys. Refreshes the keys present, returns the indexes (1-based) of the others.
const UNSEEN_SCRIPT = `
local fresh = {}
for i = 2, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], 'XX', ARGV[1], ARGV[i])
  else
    fresh[#fresh + 1] = i - 1
  end
end
return fresh
`;

interface UnseenCommand {
  [COMMAND](key: string, now: number, ...keys: string[]): Promise<number[]>;
}

export function createRedisSeenSet(redis: Redis, options: SeenSetOptions): SeenSet {
  const { prefix, maxPerFeed = 5_000, ttlDays = 90 } = options;
  const keyFor = (feedId: string) => `${prefix}:seen:${feedId}`;
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: UNSEEN_SCRIPT });
  const command = redis as unknown as UnseenCommand;
  return {
    async unseen(feedId, keys) {
      if (keys.length === 0) return [];
      const fresh = await command[COMMAND](keyFor(feedId), Date.now(), ...keys);
      return fresh.map((index) => keys[index - 1]!);
    },
    async markSeen(feedId, keys, feedSize) {
      const key = keyFor(feedId);
      const now = Date.now();
      const keep = Math.max(maxPerFeed, 2 * feedSize);
      const batch = redis.multi();
      if (keys.length > 0) batch.zadd(key, ...keys.flatMap((value) => [now, value]));
      await batch
        .zremrangebyscore(key, 0, now - ttlDays * 86_400_000)
        .zremrangebyrank(key, 0, -keep - 1)
        .expire(key, ttlDays * 86_400)
        .exec();
    },
  };
}
