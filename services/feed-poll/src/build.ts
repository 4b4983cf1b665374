// Wires the feed-poll stage and its scheduler to real ports from the runtime.
import { parseFeed } from '@newsq/feeds';
import { safeFetch } from '@newsq/http';
import { createQueue, createRedisHostLimiter, createRedisSeenSet } from '@newsq/queue';
import type { Runtime } from '@newsq/runtime';
import { createFeedPollStage } from './poll.stage';
import { type Scheduler, startScheduler } from './scheduler';

export async function buildFeedPollStage(runtime: Runtime) {
  const { config, redis } = runtime;
  const store = await runtime.store();
  const seen = createRedisSeenSet(redis, { prefix: config.NEWSQ_PREFIX });
  const hostLimiter = createRedisHostLimiter(redis, {
    prefix: config.NEWSQ_PREFIX,
    maxConcurrency: config.FETCH_HOST_CONCURRENCY,
    minDelayMs: config.FETCH_HOST_MIN_DELAY_MS,
    leaseMs: config.FETCH_TIMEOUT_MS * 2,
  });
  return createFeedPollStage({
    findFeed: (id) => store.findFeed(id),
    recordPoll: (id, update) => store.recordPoll(id, update),
    fetchFeed: (url, { etag, lastModified, signal }) =>
      safeFetch(url, {
        accept: 'feed',
        etag,
        lastModified,
        signal,
        hostLimiter,
        maxBytes: config.FEED_POLL_MAX_BYTES,
        totalTimeoutMs: config.FETCH_TIMEOUT_MS,
        maxRedirects: config.FETCH_MAX_REDIRECTS,
        allowPrivateNetworks: config.FETCH_ALLOW_PRIVATE_NETWORKS,
        allowedPrivateHosts: config.FETCH_ALLOWED_PRIVATE_HOSTS,
        userAgent: config.FETCH_USER_AGENT,
      }),
    parseFeed: (body, { contentType, url }) =>
      parseFeed(body, { contentType, url, maxBytes: config.FEED_POLL_MAX_BYTES }),
    unseen: (feedId, keys) => seen.unseen(feedId, keys),
    markSeen: (feedId, keys) => seen.markSeen(feedId, keys),
    policy: {
      minIntervalSeconds: config.FEED_POLL_MIN_INTERVAL_S,
      maxIntervalSeconds: config.FEED_POLL_MAX_INTERVAL_S,
      unhealthyAfter: config.FEED_POLL_UNHEALTHY_AFTER,
    },
  });
}

export async function startFeedScheduler(runtime: Runtime): Promise<Scheduler> {
  const store = await runtime.store();
  const queue = createQueue('feed-poll', {
    connection: runtime.redis,
    prefix: runtime.config.NEWSQ_PREFIX,
    policy: runtime.policy,
  });
  const scheduler = startScheduler({
    store,
    queue,
    everyMs: runtime.config.FEED_POLL_SCHEDULE_EVERY_MS,
    logger: runtime.logger.child({ component: 'scheduler' }),
  });
  runtime.onClose(async () => {
    await scheduler.stop();
    await queue.close();
  });
  return scheduler;
}
