// Owns retry and retention policy for every job: retries back off exponentially
// with jitter (or by Retry-After), completed jobs are capped and failed jobs are
// kept, bounded, as the dead-letter queue.
import type { DefaultJobOptions } from 'bullmq';

export interface RetentionPolicy {
  attempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  keepCompleted: number;
  keepFailedDays: number;
  keepFailedCount: number;
}

export const BACKOFF_TYPE = 'newsq-exponential-jitter';

/**
 * Entries kept in each queue's BullMQ event stream (BullMQ keeps 10,000). Nothing in newsq reads the
 * stream (the dashboard keeps its own history), so it holds only the latest events for an admin to
 * inspect: a thousand per queue is enough for that, and keeps Redis flat minutes into a run instead
 * of hours. Every Queue of a deployment must pass the same value: each writes it to the queue's meta.
 */
export const QUEUE_STREAMS = { events: { maxLen: 1_000 } };

export function defaultJobOptions(policy: RetentionPolicy): DefaultJobOptions {
  return {
    attempts: policy.attempts,
    backoff: { type: BACKOFF_TYPE, delay: policy.backoffBaseMs },
    removeOnComplete: { count: policy.keepCompleted, age: 24 * 3600 },
    removeOnFail: { age: policy.keepFailedDays * 24 * 3600, count: policy.keepFailedCount },
  };
}

/**
 * Full-jitter exponential backoff: a random delay in [base*2^(n-1)/2, base*2^(n-1)], capped.
 * A Retry-After from the server is a floor, never shortened by jitter.
 */
export function computeBackoffMs(
  attemptsMade: number,
  policy: Pick<RetentionPolicy, 'backoffBaseMs' | 'backoffMaxMs'>,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(
    policy.backoffMaxMs,
    policy.backoffBaseMs * 2 ** Math.max(0, attemptsMade - 1),
  );
  const jittered = Math.round(exponential / 2 + random() * (exponential / 2));
  return retryAfterMs === undefined
    ? jittered
    : Math.max(jittered, Math.min(retryAfterMs, policy.backoffMaxMs * 4));
}
