// Owns turning due feeds into feed-poll jobs. Feeds are leased in the database
// so several schedulers (one per feed-poll replica) never enqueue a feed twice.
import { type FeedPollRequest, type Logger, QUEUES } from '@newsq/core';
import { type DependencyGate, jobIdFor, type Queue } from '@newsq/queue';
import type { FeedRegistry } from '@newsq/store';

export interface Scheduler {
  /** Enqueues every due feed now; returns how many. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

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
  const stopped = new AbortController();
  let running: Promise<number> | null = null;

  const tick = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const now = new Date();
      const due = await gate.run(() => feeds.claimDue(now, batchSize, leaseSeconds), stopped.signal);
      if (due.length === 0) return total;
      const jobs = due.map((feed) => ({
        name: QUEUES.feedPoll,
        data: { version: 1, feedId: feed.id, url: feed.url } satisfies FeedPollRequest,
        // One job per feed and planned poll time: a second scheduler claiming the same slot adds nothing.
        opts: { jobId: jobIdFor(QUEUES.feedPoll, `${feed.id}|${feed.nextPollAt}`) },
      }));
      await gate.run(() => queue.addBulk(jobs), stopped.signal);
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
    // A tick still running (waiting out an outage) is not joined again: one failure, one line.
    if (running !== null) return;
    guardedTick().catch((error) => {
      if (!stopped.signal.aborted) logger.warn({ err: error }, 'scheduler: tick failed, will retry');
    });
  }, everyMs);
  timer.unref();

  return {
    tick: guardedTick,
    async stop() {
      clearInterval(timer);
      stopped.abort();
      await running?.catch(() => 0);
    },
  };
}
