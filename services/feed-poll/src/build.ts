// Wires the feed-poll stage, its scheduler and the WebSub renewer to real ports from the runtime.
import { QUEUES } from '@newsq/core';
import { parseFeed } from '@newsq/feeds';
import { safeFetch } from '@newsq/http';
import { createQueue } from '@newsq/queue';
import { createRedisSeenSet } from '@newsq/redis';
import { politeFetchOptions, type Runtime } from '@newsq/runtime';
import { parseSitemap } from '@newsq/sitemaps';
import { newPushSecret } from '@newsq/websub';
import { createFeedPollStage } from './poll.stage';
import { type Scheduler, startScheduler } from './scheduler';
import { startWebSubRenewer } from './websub-renewer';

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
    parseSitemap: (body, { contentType, url }) =>
      parseSitemap(body, { contentType, url, maxBytes: config.FEED_POLL_MAX_BYTES }),
    unseen: (feedId, keys) => seen.unseen(feedId, keys),
    markSeen: (feedId, keys, feedSize) => seen.markSeen(feedId, keys, feedSize),
    recordHub: (feedId, found) =>
      store.websub.recordHub(feedId, found && { ...found, secret: newPushSecret() }, new Date()),
    recordPush: (feedId, update) => store.websub.recordPush(feedId, update),
    policy: {
      minIntervalSeconds: config.FEED_POLL_MIN_INTERVAL_S,
      maxIntervalSeconds: config.FEED_POLL_MAX_INTERVAL_S,
      unhealthyAfter: config.FEED_POLL_UNHEALTHY_AFTER,
      pushedIntervalSeconds: config.WEBSUB_POLL_INTERVAL_S,
    },
  });
}

/** The scheduler of due feeds, and the WebSub renewer when WEBSUB_CALLBACK_BASE_URL is set. */
export async function startFeedScheduler(runtime: Runtime): Promise<Scheduler> {
  const { config } = runtime;
  const store = await runtime.store();
  const queue = createQueue(QUEUES.feedPoll, {
    connection: runtime.redis,
    prefix: config.NEWSQ_PREFIX,
    policy: runtime.policy,
  });
  const scheduler = startScheduler({
    feeds: store.feeds,
    gate: runtime.gate,
    queue,
    everyMs: config.FEED_POLL_SCHEDULE_EVERY_MS,
    logger: runtime.logger.child({ component: 'scheduler' }),
  });
  const callbackBaseUrl = config.WEBSUB_CALLBACK_BASE_URL;
  const fetchOptions = politeFetchOptions(runtime);
  const renewer =
    callbackBaseUrl === undefined
      ? null
      : startWebSubRenewer({
          subscriptions: store.websub,
          callbackBaseUrl,
          postToHub: (hub, form, signal) =>
            safeFetch(hub, { ...fetchOptions, accept: 'any', form, signal, maxBytes: 64 * 1024 }),
          gate: runtime.gate,
          everyMs: config.FEED_POLL_SCHEDULE_EVERY_MS,
          logger: runtime.logger.child({ component: 'websub' }),
        });
  runtime.onClose(async () => {
    await renewer?.stop();
    await scheduler.stop();
    await queue.close();
  });
  return scheduler;
}
