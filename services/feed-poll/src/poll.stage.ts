// The feed-poll stage: fetch a feed politely (conditional GET), parse it, and
// emit only the items not seen before, each under its one identity (the canonical
// link). Poll failures are recorded on the feed and rescheduled by the poll policy
// rather than retried by the queue, so a broken feed costs one request per planned
// poll, never a retry storm.
import {
  deferredUntil,
  defineStage,
  FeedPollRequest,
  isPipelineError,
  itemIdOf,
  type Logger,
  QUEUES,
  RawEntry,
} from '@newsq/core';
import type { ParsedFeed } from '@newsq/feeds';
import type { FetchResult } from '@newsq/http';
import { type PollOutcome, type PollPolicy, planNextPoll } from '@newsq/poll-policy';
import type { FeedPollUpdate, FeedRecord, FeedValidators } from '@newsq/store';
import { canonicalizeUrl } from '@newsq/web-text';

export interface FeedPollPorts {
  findFeed(id: string): Promise<FeedRecord | null>;
  recordPoll(feedId: string, update: FeedPollUpdate): Promise<void>;
  recordValidators(feedId: string, validators: FeedValidators): Promise<void>;
  fetchFeed(
    url: string,
    validators: { etag: string | null; lastModified: string | null; signal: AbortSignal },
  ): Promise<FetchResult>;
  parseFeed(body: Uint8Array, options: { contentType: string | null; url: string }): Promise<ParsedFeed>;
  unseen(feedId: string, keys: readonly string[]): Promise<string[]>;
  markSeen(feedId: string, keys: readonly string[], feedSize: number): Promise<void>;
  policy: PollPolicy;
  now?: () => Date;
}

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
      { intervalSeconds: feed.intervalSeconds, consecutiveFailures: feed.consecutiveFailures },
      outcome,
      ports.policy,
      at,
    );
    await ports.recordPoll(feed.id, {
      health: plan.health,
      intervalSeconds: plan.intervalSeconds,
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
        next_poll_at: plan.nextPollAt.toISOString(),
      },
      'feed-poll: polled',
    );
  };

  return defineStage<FeedPollRequest, RawEntry>({
    name: 'feed-poll',
    input: QUEUES.feedPoll,
    output: QUEUES.articleFetch,
    inputSchema: FeedPollRequest,
    outputSchema: RawEntry,
    outputId: itemIdOf,

    async handle(request, ctx) {
      const feed = await ports.findFeed(request.feedId);
      if (!feed || feed.status === 'paused') {
        ctx.logger.info({ feed_id: request.feedId }, 'feed-poll: feed removed or paused, skipped');
        return [];
      }
      let response: FetchResult;
      let parsed: ParsedFeed;
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
        parsed = await ports.parseFeed(response.body, {
          contentType: response.contentType,
          url: response.url,
        });
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

      const entries: RawEntry[] = [];
      for (const item of parsed.items) {
        if (item.link === null) continue;
        entries.push({
          version: 1,
          feedId: feed.id,
          feedUrl: response.url,
          guid: item.guid,
          link: item.link,
          itemId: identify(item.link),
          title: item.title,
          publishedAt: item.published,
          summary: item.summary,
        });
      }
      const skippedWithoutLink = parsed.items.length - entries.length;
      const fresh = new Set(await ports.unseen(feed.id, entries.map(itemIdOf)));
      // Deleting as it goes: an item listed twice (with and without tracking parameters, say) goes out once.
      const newEntries = entries.filter((entry) => fresh.delete(itemIdOf(entry)));
      await record(
        feed,
        {
          kind: 'fetched',
          newItems: newEntries.length,
          itemDates: parsed.items.flatMap((item) => (item.published ? [item.published] : [])),
          hints: [parsed.refreshHintSeconds, ...cacheHints(response, now())],
        },
        {
          url: response.permanentRedirectTo ?? undefined,
          title: parsed.title,
          lastStatus: response.status,
          lastSuccessAt: now().toISOString(),
          itemsSeenDelta: newEntries.length,
          lastError: parsed.warnings.length > 0 ? `feeds: ${parsed.warnings.join('; ')}` : null,
        },
        ctx.logger,
      );
      // The validators and seen marks prove these items were taken: recorded only once they are enqueued,
      // so a failure before that fetches the same version again (a 200, not a 304) and loses nothing.
      const validators = { etag: response.etag, lastModified: response.lastModified };
      ctx.afterCommit(async () => {
        await ports.markSeen(feed.id, newEntries.map(itemIdOf), entries.length);
        await ports.recordValidators(feed.id, validators);
      });
      if (skippedWithoutLink > 0)
        ctx.logger.warn(
          { feed_id: feed.id, skipped: skippedWithoutLink },
          'feed-poll: items without a link skipped',
        );
      return newEntries;
    },
  });
}

/**
 * An item's identity: its canonical link, so tracking parameters or an AMP or mobile variant of the same
 * link do not make an item new. The link rather than the guid: some publishers regenerate guids.
 */
function identify(link: string): string {
  try {
    return canonicalizeUrl(link);
  } catch {
    // Not an http(s) link: nothing to canonicalise.
    return link;
  }
}

function cacheHints(response: FetchResult, now: Date): (number | null)[] {
  const expires =
    response.expiresAt === null ? null : (Date.parse(response.expiresAt) - now.getTime()) / 1000;
  return [response.cacheControlMaxAgeSeconds, expires !== null && Number.isFinite(expires) ? expires : null];
}
