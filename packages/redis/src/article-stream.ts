// Owns the Redis Stream downstream systems consume: one entry per published article version (the
// versioned article event), trimmed to a bounded length, and reading it back from an entry id (live
// subscribers resume where they left off). It is a sink the runner writes after the store stage's
// upsert. A job run again after a crash (between the stream write and the outbox mark in the
// database) would add the version twice, so each write is checked against a short-lived marker of
// the versions already in the stream, atomically with the XADD: one entry per version, whatever the
// redeliveries.
import { ArticleEvent, type Sink } from '@newsq/core';
import type { Redis } from 'ioredis';

export interface ArticleStream extends Sink<ArticleEvent> {
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

export const articleStreamKey = (prefix: string): string => `${prefix}:articles`;

/**
 * Entry fields: `type` (article.stored or article.updated), `event_id`, `id` (the article),
 * `canonical_url`, `content_hash`, and `event`: the whole event as JSON (packages/core/schemas).
 */
export function createArticleStream(redis: Redis, options: ArticleStreamOptions): ArticleStream {
  const key = articleStreamKey(options.prefix);
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
            `${options.prefix}:published:${event.eventId}`,
            options.maxLength,
            ttl,
            'type',
            event.event,
            'event_id',
            event.eventId,
            'id',
            event.id,
            'canonical_url',
            event.canonicalUrl,
            'content_hash',
            event.contentHash,
            'event',
            JSON.stringify(event),
          ),
        ),
      );
    },
  };
}

export interface StreamedEvent {
  /** The stream entry id: where a reader resumes (SSE's Last-Event-ID). */
  entryId: string;
  event: ArticleEvent;
}

export const STREAM_ENTRY_ID = /^\d{1,20}-\d{1,20}$/;

/** Compares two stream entry ids (`<ms>-<seq>`). */
export function compareEntryIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bMs, bSeq] = b.split('-').map(BigInt) as [bigint, bigint];
  return aMs === bMs ? Number(aSeq - bSeq) : aMs < bMs ? -1 : 1;
}

/**
 * Events after `afterId` ('$' for only those yet to come), waiting up to `blockMs` for one. Blocks its
 * connection: give each reader a connection of its own. Entries that do not parse are skipped.
 */
export async function readArticleEvents(
  redis: Redis,
  key: string,
  afterId: string,
  options: { blockMs: number; count: number },
): Promise<{ events: StreamedEvent[]; lastId: string }> {
  const reply = await redis.xread('COUNT', options.count, 'BLOCK', options.blockMs, 'STREAMS', key, afterId);
  const entries = reply?.[0]?.[1] ?? [];
  const events: StreamedEvent[] = [];
  for (const [entryId, fields] of entries) {
    const json = fields[fields.indexOf('event') + 1];
    try {
      const parsed = ArticleEvent.safeParse(JSON.parse(json ?? ''));
      if (parsed.success) events.push({ entryId, event: parsed.data });
    } catch {}
  }
  return { events, lastId: entries.at(-1)?.[0] ?? afterId };
}

/** The id of the last entry now in the stream ('0-0' when it is empty). */
export async function lastEntryId(redis: Redis, key: string): Promise<string> {
  const [last] = await redis.xrevrange(key, '+', '-', 'COUNT', 1);
  return last?.[0] ?? '0-0';
}

/**
 * True when entries after `entryId` were trimmed away: a reader resuming from it has missed some
 * (its Last-Event-ID is older than the stream's retention, STORE_STREAM_MAX_LENGTH).
 */
export async function missedSince(redis: Redis, key: string, entryId: string): Promise<boolean> {
  const info = (await redis.xinfo('STREAM', key).catch(() => null)) as unknown[] | null;
  if (info === null) return false;
  const index = info.indexOf('max-deleted-entry-id');
  const maxDeleted = index === -1 ? null : String(info[index + 1]);
  return maxDeleted !== null && compareEntryIds(maxDeleted, entryId) > 0;
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
