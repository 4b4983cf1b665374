// Owns the Redis Stream downstream systems consume: one entry per published article version,
// trimmed to a bounded length. It is a sink the runner writes after the store stage's upsert. A job
// run again after a crash (between the stream write and the outbox mark in the database) would add
// the version twice, so each write is checked against a short-lived marker of the versions already
// in the stream, atomically with the XADD: one entry per version, whatever the redeliveries.
import type { ArticlePublished, Sink } from '@newsq/core';
import type { Redis } from 'ioredis';

export interface ArticleStream extends Sink<ArticlePublished> {
  key: string;
}

export interface ArticleStreamOptions {
  prefix: string;
  /** Entries kept (approximately). */
  maxLength: number;
  /** How long a version is remembered as published; redeliveries come within minutes. Default 2 days. */
  markerTtlSeconds?: number;
}

const COMMAND = 'newsqPublishOnce';

// KEYS[1]: the stream, KEYS[2]: the version's marker. ARGV[1]: max length, ARGV[2]: marker TTL (s),
// ARGV[3..]: field/value pairs. Returns the entry id, or false when the version is already there.
const PUBLISH_ONCE_SCRIPT = `
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then return false end
return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, 3))
`;

interface PublishOnceCommand {
  [COMMAND](
    stream: string,
    marker: string,
    maxLength: number,
    ttl: number,
    ...fields: string[]
  ): Promise<string | null>;
}

export function createArticleStream(redis: Redis, options: ArticleStreamOptions): ArticleStream {
  const key = `${options.prefix}:articles`;
  const ttl = options.markerTtlSeconds ?? 2 * 86_400;
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: PUBLISH_ONCE_SCRIPT });
  const command = redis as unknown as PublishOnceCommand;
  return {
    name: 'article-stream',
    key,
    async write(events) {
      await Promise.all(
        events.map((event) =>
          command[COMMAND](
            key,
            `${options.prefix}:published:${event.id}:${event.contentHash}`,
            options.maxLength,
            ttl,
            'id',
            event.id,
            'canonical_url',
            event.canonicalUrl,
            'content_hash',
            event.contentHash,
            'article',
            JSON.stringify(event.article),
          ),
        ),
      );
    },
  };
}

export interface StreamBacklog {
  key: string;
  /** Entries in the stream now. */
  length: number;
  /** Per consumer group: entries not yet delivered to it (null when Redis cannot tell) and delivered but unacknowledged. */
  groups: { name: string; lag: number | null; pending: number }[];
}

/** How far each consumer group of the article stream is behind (XINFO GROUPS; lag needs Redis 7). */
export async function readStreamBacklog(redis: Redis, prefix: string): Promise<StreamBacklog> {
  const key = `${prefix}:articles`;
  const length = await redis.xlen(key);
  if (length === 0 && (await redis.exists(key)) === 0) return { key, length, groups: [] };
  const replies = (await redis.xinfo('GROUPS', key)) as unknown[][];
  const groups = replies.map((reply) => {
    const fields = new Map<string, unknown>();
    for (let index = 0; index + 1 < reply.length; index += 2)
      fields.set(String(reply[index]), reply[index + 1]);
    const lag = fields.get('lag');
    return {
      name: String(fields.get('name')),
      lag: lag === null || lag === undefined ? null : Number(lag),
      pending: Number(fields.get('pending') ?? 0),
    };
  });
  return { key, length, groups };
}
