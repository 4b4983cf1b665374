// Owns turning due feeds into feed-poll jobs. Feeds are leased in the database
// so several schedulers (one per feed-poll replica) never enqueue a feed twice.
import type { FeedPollRequest, Logger } from '@newsq/core';
import type { Queue } from '@newsq/queue';
import type { Store } from '@newsq/store';

export interface Scheduler {
  /** Enqueues every due feed now; returns how many. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

export function startScheduler(options: {
  store: Store;
  queue: Queue;
  everyMs: number;
  logger: Logger;
  /** How long a claimed feed waits for its poll before it may be claimed again. */
  leaseSeconds?: number;
  batchSize?: number;
}): Scheduler {
  const { store, queue, everyMs, logger, leaseSeconds = 900, batchSize = 500 } = options;
  let running: Promise<number> | null = null;

  const tick = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const now = new Date();
      const due = await store.claimDueFeeds(now, batchSize, leaseSeconds);
      if (due.length === 0) return total;
      await queue.addBulk(
        due.map((feed) => ({
          name: 'feed-poll',
          data: { version: 1, feedId: feed.id, url: feed.url } satisfies FeedPollRequest,
          // One job per feed and planned poll time: a second scheduler claiming the same slot adds nothing.
          opts: { jobId: `feed-${feed.id}-${Date.parse(feed.nextPollAt)}` },
        })),
      );
      total += due.length;
      logger.info({ feeds: due.length }, 'scheduler: enqueued due feeds');
    }
  };

  const guardedTick = () => {
    running ??= tick().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    guardedTick().catch((error) => logger.warn({ err: error }, 'scheduler: tick failed, will retry'));
  }, everyMs);
  timer.unref();

  return {
    tick: guardedTick,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => 0);
    },
  };
}
