// Owns the shared dedupe index in Redis: the DedupeStore port as one Lua script, so the
// check for earlier neighbours and the insert are a single atomic step across all workers.
// Layout under `prefix` (use a hash tag such as `{newsq}` on Redis Cluster: every key of
// one commit must share a slot):
//   <prefix>:dd:r:<tag>          one immutable record per article (verdict + fingerprint)
//   <prefix>:dd:b:<gen>:<shard>  hash of bucket key -> 12-char tags of the articles in it
// Bucket hashes are sharded so each stays a small listpack (about 25 bytes a reference)
// and grouped in generations of a quarter of the retention, so retention is a plain
// EXPIREAT on whole keys: nothing to sweep, memory per article bounded.
import { createHash } from 'node:crypto';
import type { CommitResult, DedupeStore, IndexEntry } from '@newsq/dedupe';
import type { Redis } from 'ioredis';

export interface RedisDedupeStoreOptions {
  /** Key prefix, e.g. `{newsq}` (a Cluster hash tag) or `newsq:test-123`. */
  prefix: string;
  /** Articles older than this stop matching (kept up to a quarter longer, then expire). */
  retentionDays: number;
  /**
   * Expected articles a day: sizes the shard count so bucket hashes stay compact. Default 5000. Every worker
   * must use the same value (and retention): changing either re-shards, and entries written under the old
   * layout stop matching until they expire.
   */
  articlesPerDay?: number;
  /**
   * Articles kept per bucket (the first and the most recent): bounds hot buckets (a wire story reprinted by
   * dozens of outlets). Default 5, so a bucket's value (5 x 12 bytes) stays within Redis' 64-byte listpack limit.
   */
  maxPerBucket?: number;
  now?: () => number;
}

const TAG_LENGTH = 12;
const GENERATIONS_PER_RETENTION = 4;
/** Redis keeps a hash as a listpack up to 128 fields by default; stay below with some slack. */
const FIELDS_PER_SHARD = 96;
const COMMAND = 'newsqDedupeCommit';

/*
 * KEYS[1]           record key of this article
 * KEYS[2..]         shard keys, generation by generation (current first), one per bucket
 * ARGV[1] own tag   ARGV[2] buckets   ARGV[3] generations   ARGV[4] expire-at (unix s)
 * ARGV[5] max tags per bucket   ARGV[6] record   ARGV[7] evaluated tags, concatenated
 * ARGV[8..] bucket fields
 * Returns {'existing', record} | {'candidates', tag...} | {'inserted'}.
 */
const COMMIT_SCRIPT = `
local record = redis.call('GET', KEYS[1])
if record then return {'existing', record} end
local tag = ARGV[1]
local buckets = tonumber(ARGV[2])
local generations = tonumber(ARGV[3])
local width = ${TAG_LENGTH}
local seen = {}
local evaluated = ARGV[7]
for i = 1, #evaluated, width do seen[string.sub(evaluated, i, i + width - 1)] = true end
seen[tag] = true
local reply = {'candidates'}
-- The current generation's buckets, kept for the insert below.
local current = {}
for g = 0, generations - 1 do
  for i = 1, buckets do
    local tags = redis.call('HGET', KEYS[1 + g * buckets + i], ARGV[7 + i])
    if g == 0 then current[i] = tags or '' end
    if tags then
      for j = 1, #tags, width do
        local other = string.sub(tags, j, j + width - 1)
        if not seen[other] then
          seen[other] = true
          reply[#reply + 1] = other
        end
      end
    end
  end
end
if #reply > 1 then return reply end
redis.call('SET', KEYS[1], ARGV[6], 'EXAT', ARGV[4])
local cap = tonumber(ARGV[5]) * width
for i = 1, buckets do
  local key = KEYS[1 + i]
  local tags = current[i]
  -- Full bucket: keep its first article (usually the cluster's original) and the most recent ones.
  if #tags >= cap then tags = string.sub(tags, 1, width) .. string.sub(tags, 2 * width + 1) end
  redis.call('HSET', key, ARGV[7 + i], tags .. tag)
  redis.call('EXPIREAT', key, ARGV[4])
end
return {'inserted'}
`;

export interface RedisDedupeStore extends DedupeStore {
  /** Where the index lives, for tools that bulk-load or inspect it (benches, migrations). */
  readonly layout: {
    /** Bucket hashes per generation. */
    shards: number;
    /** Key of one bucket hash in the generation holding `atMs` (default now). */
    shardKey(shard: number, atMs?: number): string;
    recordKey(id: string): string;
  };
}

type CommitReply = Buffer[];
interface CommitCommand {
  newsqDedupeCommitBuffer(numberOfKeys: number, ...args: (string | Buffer | number)[]): Promise<CommitReply>;
}

function tagOf(id: string): string {
  return createHash('sha256').update(id).digest().subarray(0, 9).toString('base64url');
}

/** Cheap stable string hash for shard selection (FNV-1a). */
function shardOf(bucketKey: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bucketKey.length; i++) {
    h ^= bucketKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

export function createRedisDedupeStore(redis: Redis, options: RedisDedupeStoreOptions): RedisDedupeStore {
  const { prefix } = options;
  if (!(options.retentionDays > 0)) throw new Error('redis: dedupe index retentionDays must be positive');
  const retentionSeconds = Math.round(options.retentionDays * 86_400);
  const generationSeconds = Math.max(60, Math.ceil(retentionSeconds / GENERATIONS_PER_RETENTION));
  const generationsLookedAt = Math.ceil(retentionSeconds / generationSeconds) + 1;
  const articlesPerGeneration = ((options.articlesPerDay ?? 5_000) * generationSeconds) / 86_400;
  // Bucket references per generation over fields per shard, as a power of two; 51 = LSH bands + exact hash.
  const shards = 2 ** Math.max(4, Math.ceil(Math.log2((articlesPerGeneration * 51) / FIELDS_PER_SHARD)));
  const maxPerBucket = Math.max(2, options.maxPerBucket ?? 5);
  const now = options.now ?? Date.now;
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { lua: COMMIT_SCRIPT });
  const command = redis as unknown as CommitCommand;
  const recordKey = (tag: string) => `${prefix}:dd:r:${tag}`;
  const generationOf = (atMs: number) => Math.floor(atMs / 1000 / generationSeconds);
  const shardKey = (generation: number, shard: number) => `${prefix}:dd:b:${generation}:${shard}`;

  return {
    layout: {
      shards,
      shardKey: (shard, atMs = now()) => shardKey(generationOf(atMs), shard),
      recordKey: (id) => recordKey(tagOf(id)),
    },
    async commit(entry: IndexEntry, evaluated: readonly string[]): Promise<CommitResult> {
      const tag = tagOf(entry.id);
      const generation = generationOf(now());
      const expireAt = (generation + 1) * generationSeconds + retentionSeconds;
      const shardKeys: string[] = [];
      for (let back = 0; back < generationsLookedAt; back++) {
        for (const bucketKey of entry.bucketKeys) {
          shardKeys.push(shardKey(generation - back, shardOf(bucketKey, shards)));
        }
      }
      const reply = await command.newsqDedupeCommitBuffer(
        1 + shardKeys.length,
        recordKey(tag),
        ...shardKeys,
        tag,
        entry.bucketKeys.length,
        generationsLookedAt,
        expireAt,
        maxPerBucket,
        Buffer.from(entry.record.buffer, entry.record.byteOffset, entry.record.byteLength),
        evaluated.join(''),
        ...entry.bucketKeys,
      );
      const status = reply[0]?.toString();
      if (status === 'inserted') return { status: 'inserted' };
      if (status === 'existing' && reply[1]) return { status: 'existing', record: reply[1] };
      if (status !== 'candidates') throw new Error(`redis: dedupe index script replied ${status}`);
      const tags = reply.slice(1).map((value) => value.toString());
      const records = await redis.mgetBuffer(...tags.map(recordKey));
      return {
        status: 'candidates',
        candidates: tags.map((ref, i) => ({ ref, record: records[i] ?? null })),
      };
    },
  };
}
