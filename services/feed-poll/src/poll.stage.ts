// The feed-poll stage: fetch a source politely (conditional GET), read it (a feed, or a sitemap of any
// kind), and emit only the items not seen before, each under its one identity (the canonical link), plus
// its revision for sources that date revisions (a sitemap's lastmod). Content a WebSub hub pushed takes the
// same path without the fetch. Poll failures are recorded on the feed and rescheduled by the poll policy
// rather than retried by the queue, so a broken feed costs one request per planned poll, never a retry storm.
import {
  deferredUntil,
  defineStage,
  FeedPollRequest,
  isPipelineError,
  type Logger,
  QUEUES,
  RawEntry,
  type StageContext,
  versionKeyOf,
} from '@newsq/core';
import type { ParsedFeed } from '@newsq/feeds';
import type { FetchResult } from '@newsq/http';
import { type PollOutcome, type PollPolicy, planNextPoll } from '@newsq/poll-policy';
import type { ParsedSitemap } from '@newsq/sitemaps';
import { type FeedPollUpdate, type FeedRecord, type FeedValidators, isPushActive } from '@newsq/store';
import { discoverHub, type HubLink } from '@newsq/websub';
import { feedEntries, type ReadSource, readSource } from './read-source';

/**
 * New URLs one poll of a sitemap emits at most: a sitemap may list 50,000 URLs a file (years of archive),
 * taken newest first over several polls. A feed's document is its recent window and is taken whole.
 */
const MAX_NEW_SITEMAP_URLS_PER_POLL = 1_000;

export interface FeedPollPorts {
  findFeed(id: string): Promise<FeedRecord | null>;
  recordPoll(feedId: string, update: FeedPollUpdate): Promise<void>;
  recordValidators(feedId: string, validators: FeedValidators): Promise<void>;
  fetchFeed(
    url: string,
    validators: { etag: string | null; lastModified: string | null; signal: AbortSignal },
  ): Promise<FetchResult>;
  parseFeed(body: Uint8Array, options: { contentType: string | null; url: string }): Promise<ParsedFeed>;
  parseSitemap(body: Uint8Array, options: { contentType: string | null; url: string }): ParsedSitemap;
  unseen(feedId: string, keys: readonly string[]): Promise<string[]>;
  markSeen(feedId: string, keys: readonly string[], feedSize: number): Promise<void>;
  /** Records the WebSub hub a fetched feed advertises, or that it advertises none (null). */
  recordHub(feedId: string, found: HubLink | null): Promise<void>;
  /** Records a push taken: when it arrived, how many items were new, or why its body was unreadable. */
  recordPush(feedId: string, update: { at: Date; newItems: number; error: string | null }): Promise<void>;
  policy: PollPolicy;
  now?: () => Date;
}

type PushedContent = NonNullable<FeedPollRequest['push']>;

const byNewest = (a: RawEntry, b: RawEntry) =>
  (b.publishedAt ?? b.revision ?? '').localeCompare(a.publishedAt ?? a.revision ?? '');

export function createFeedPollStage(ports: FeedPollPorts) {
  const now = ports.now ?? (() => new Date());

  const record = async (
    feed: FeedRecord,
    outcome: PollOutcome,
    patch: Partial<FeedPollUpdate>,
    logger: Logger,
  ) => {
    const at = now();
    const plan = planNextPoll(
      {
        intervalSeconds: feed.intervalSeconds,
        consecutiveFailures: feed.consecutiveFailures,
        rhythm: feed.rhythm,
        pushed: feed.push !== null && isPushActive(feed.push, at),
      },
      outcome,
      ports.policy,
      at,
    );
    await ports.recordPoll(feed.id, {
      health: plan.health,
      intervalSeconds: plan.intervalSeconds,
      rhythm: plan.rhythm,
      nextPollAt: plan.nextPollAt.toISOString(),
      lastPolledAt: at.toISOString(),
      consecutiveFailures: plan.consecutiveFailures,
      lastStatus: null,
      lastError: null,
      itemsSeenDelta: 0,
      ...patch,
    });
    logger.info(
      {
        feed_id: feed.id,
        outcome: outcome.kind,
        health: plan.health,
        interval_s: plan.intervalSeconds,
        next_poll_at: plan.nextPollAt.toISOString(),
      },
      'feed-poll: polled',
    );
  };

  /** The entries not seen before, in document order; an item listed twice goes out once. */
  const newEntriesOf = async (feedId: string, entries: readonly RawEntry[]) => {
    const fresh = new Set(await ports.unseen(feedId, entries.map(versionKeyOf)));
    return entries.filter((entry) => fresh.delete(versionKeyOf(entry)));
  };

  async function poll(feed: FeedRecord, ctx: StageContext): Promise<RawEntry[]> {
    let response: FetchResult;
    let read: ReadSource;
    try {
      response = await ports.fetchFeed(feed.url, {
        etag: feed.etag,
        lastModified: feed.lastModified,
        signal: ctx.signal,
      });
      if (response.notModified) {
        await record(
          feed,
          { kind: 'not-modified', hints: cacheHints(response, now()) },
          { lastStatus: 304, lastSuccessAt: now().toISOString() },
          ctx.logger,
        );
        return [];
      }
      read = await readSource(
        feed,
        response,
        {
          parseFeed: ports.parseFeed,
          parseSitemap: ports.parseSitemap,
          unseen: ports.unseen,
          fetchSitemap: (url, signal) => ports.fetchFeed(url, { etag: null, lastModified: null, signal }),
        },
        ctx.signal,
      );
    } catch (error) {
      // A deferral (busy host) is not a poll outcome: the job comes back later and polls then.
      if (!isPipelineError(error) || deferredUntil(error) !== null) throw error;
      const status = (error as { status?: unknown }).status;
      const outcome: PollOutcome =
        error.code === 'http_rate_limited'
          ? { kind: 'rate-limited', retryAfterMs: error.retryAfterMs ?? null }
          : { kind: 'failed' };
      await record(
        feed,
        outcome,
        {
          lastStatus: typeof status === 'number' ? status : null,
          lastError: `${error.code}: ${error.message}`,
        },
        ctx.logger,
      );
      return [];
    }

    const hub = read.feed === null ? null : discoverHub(read.feed, response.headers, response.url);
    if (hub !== null || feed.push !== null) await ports.recordHub(feed.id, hub);

    let newEntries = await newEntriesOf(feed.id, read.entries);
    const held = read.kind !== 'feed' && newEntries.length > MAX_NEW_SITEMAP_URLS_PER_POLL;
    if (held) {
      read.warnings.push(
        `feed-poll: ${newEntries.length - MAX_NEW_SITEMAP_URLS_PER_POLL} new URLs left for the next polls`,
      );
      newEntries = [...newEntries].sort(byNewest).slice(0, MAX_NEW_SITEMAP_URLS_PER_POLL);
    }
    await record(
      feed,
      {
        kind: 'fetched',
        itemCount: read.entries.length,
        newItemDates: newEntries.map((entry) => entry.publishedAt ?? entry.revision ?? null),
        hints: [read.feed?.refreshHintSeconds ?? null, ...cacheHints(response, now())],
      },
      {
        url: response.permanentRedirectTo ?? undefined,
        title: read.title,
        kind: read.kind,
        lastStatus: response.status,
        lastSuccessAt: now().toISOString(),
        itemsSeenDelta: newEntries.length,
        lastError: read.warnings.length > 0 ? read.warnings.join('; ') : null,
      },
      ctx.logger,
    );
    // The validators and seen marks prove these items were taken: recorded only once they are enqueued,
    // so a failure before that fetches the same version again (a 200, not a 304) and loses nothing. A
    // poll that left items for later keeps neither, so the next one reads the same documents again.
    const validators = held
      ? { etag: null, lastModified: null }
      : { etag: response.etag, lastModified: response.lastModified };
    const taken = [...newEntries.map(versionKeyOf), ...(held ? [] : read.childKeys)];
    ctx.afterCommit(async () => {
      await ports.markSeen(feed.id, taken, read.entries.length);
      await ports.recordValidators(feed.id, validators);
    });
    const skippedWithoutLink = read.feed === null ? 0 : read.feed.items.length - read.entries.length;
    if (skippedWithoutLink > 0)
      ctx.logger.warn(
        { feed_id: feed.id, skipped: skippedWithoutLink },
        'feed-poll: items without a link skipped',
      );
    return newEntries;
  }

  async function takePush(feed: FeedRecord, push: PushedContent, ctx: StageContext): Promise<RawEntry[]> {
    const at = new Date(push.receivedAt);
    let parsed: ParsedFeed;
    try {
      parsed = await ports.parseFeed(Buffer.from(push.body, 'base64'), {
        contentType: push.contentType,
        url: feed.url,
      });
    } catch (error) {
      if (!isPipelineError(error)) throw error;
      await ports.recordPush(feed.id, { at, newItems: 0, error: `${error.code}: ${error.message}` });
      return [];
    }
    const entries = feedEntries(feed.id, feed.url, parsed);
    const newEntries = await newEntriesOf(feed.id, entries);
    await ports.recordPush(feed.id, { at, newItems: newEntries.length, error: null });
    ctx.logger.info(
      { feed_id: feed.id, items: entries.length, new_items: newEntries.length },
      'feed-poll: push taken',
    );
    // A push may carry only the new entries: the seen-set is sized by the feed's own window.
    const feedSize = Math.max(entries.length, feed.rhythm?.window ?? 0);
    ctx.afterCommit(() => ports.markSeen(feed.id, newEntries.map(versionKeyOf), feedSize));
    return newEntries;
  }

  return defineStage<FeedPollRequest, RawEntry>({
    name: 'feed-poll',
    input: QUEUES.feedPoll,
    output: QUEUES.articleFetch,
    inputSchema: FeedPollRequest,
    outputSchema: RawEntry,
    outputId: versionKeyOf,

    async handle(request, ctx) {
      const feed = await ports.findFeed(request.feedId);
      if (!feed || feed.status === 'paused') {
        ctx.logger.info({ feed_id: request.feedId }, 'feed-poll: feed removed or paused, skipped');
        return [];
      }
      return request.push === undefined ? poll(feed, ctx) : takePush(feed, request.push, ctx);
    },
  });
}

function cacheHints(response: FetchResult, now: Date): (number | null)[] {
  const expires =
    response.expiresAt === null ? null : (Date.parse(response.expiresAt) - now.getTime()) / 1000;
  return [response.cacheControlMaxAgeSeconds, expires !== null && Number.isFinite(expires) ? expires : null];
}
