// Owns turning due feeds into feed-poll jobs. Feeds are leased in the database
// so several schedulers (one per feed-poll replica) never enqueue a feed twice.
import { type FeedPollRequest, type Logger, QUEUES } from '@newsq/core';
import { type DependencyGate, jobIdFor, type Queue } from '@newsq/queue';
import type { FeedRegistry } from '@newsq/store';
import { type PeriodicTask, startPeriodicTask } from './periodic-task';

/** `tick` enqueues every due feed now and returns how many. */
export type Scheduler = PeriodicTask;

export function startScheduler(options: {
  feeds: FeedRegistry;
  queue: Queue;
  everyMs: number;
  logger: Logger;
  /** Waits out database and Redis outages (logged once) instead of failing every tick. */
  gate: DependencyGate;
  /** How long a claimed feed waits for its poll before it may be claimed again. */
  leaseSeconds?: number;
  batchSize?: number;
}): Scheduler {
  const { feeds, queue, everyMs, logger, gate, leaseSeconds = 900, batchSize = 500 } = options;
  const tick = async (stopped: AbortSignal): Promise<number> => {
    let total = 0;
    for (;;) {
      const now = new Date();
      const due = await gate.run(() => feeds.claimDue(now, batchSize, leaseSeconds), stopped);
      if (due.length === 0) return total;
      const jobs = due.map((feed) => ({
        name: QUEUES.feedPoll,
        data: { version: 1, feedId: feed.id, url: feed.url } satisfies FeedPollRequest,
        // One job per feed and planned poll time: a second scheduler claiming the same slot adds nothing.
        opts: { jobId: jobIdFor(QUEUES.feedPoll, `${feed.id}|${feed.nextPollAt}`) },
      }));
      await gate.run(() => queue.addBulk(jobs), stopped);
      total += due.length;
      logger.info({ feeds: due.length }, 'scheduler: enqueued due feeds');
    }
  };

  return startPeriodicTask({ name: 'scheduler', everyMs, logger, run: tick });
}
