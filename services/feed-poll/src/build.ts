// Wires the feed-poll stage and its scheduler to real ports from the runtime.
import { QUEUES } from '@newsq/core';
import { parseFeed } from '@newsq/feeds';
import { safeFetch } from '@newsq/http';
import { createQueue } from '@newsq/queue';
import { createRedisSeenSet } from '@newsq/redis';
import { politeFetchOptions, type Runtime } from '@newsq/runtime';
import { createFeedPollStage } from './poll.stage';
import { type Scheduler, startScheduler } from './scheduler';

export async function buildFeedPollStage(runtime: Runtime) {
  const { config, redis } = runtime;
  const store = await runtime.store();
  const seen = createRedisSeenSet(redis, { prefix: config.NEWSQ_PREFIX });
  const fetchOptions = politeFetchOptions(runtime);
  return createFeedPollStage({
    findFeed: (id) => store.feeds.find(id),
    recordPoll: (id, update) => store.feeds.recordPoll(id, update),
    recordValidators: (id, validators) => store.feeds.recordValidators(id, validators),
    fetchFeed: (url, { etag, lastModified, signal }) =>
      safeFetch(url, {
        ...fetchOptions,
        accept: 'feed',
        etag,
        lastModified,
        signal,
        maxBytes: config.FEED_POLL_MAX_BYTES,
      }),
    parseFeed: (body, { contentType, url }) =>
      parseFeed(body, { contentType, url, maxBytes: config.FEED_POLL_MAX_BYTES }),
    unseen: (feedId, keys) => seen.unseen(feedId, keys),
    markSeen: (feedId, keys, feedSize) => seen.markSeen(feedId, keys, feedSize),
    policy: {
      minIntervalSeconds: config.FEED_POLL_MIN_INTERVAL_S,
      maxIntervalSeconds: config.FEED_POLL_MAX_INTERVAL_S,
      unhealthyAfter: config.FEED_POLL_UNHEALTHY_AFTER,
    },
  });
}

export async function startFeedScheduler(runtime: Runtime): Promise<Scheduler> {
  const store = await runtime.store();
  const queue = createQueue(QUEUES.feedPoll, {
    connection: runtime.redis,
    prefix: runtime.config.NEWSQ_PREFIX,
    policy: runtime.policy,
  });
  const scheduler = startScheduler({
    feeds: store.feeds,
    gate: runtime.gate,
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
