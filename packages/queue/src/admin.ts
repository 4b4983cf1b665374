// Owns queue administration and reads: counts, workers alive, waiting for the pipeline to go
// idle, and the dead-letter queue (failed jobs) an admin can inspect, replay and drop.
import { ALL_QUEUES, type QueueName } from '@newsq/core';
import type { Redis } from '@newsq/redis';
import { type Job, Queue } from 'bullmq';
import { QUEUE_STREAMS } from './job-options';

/** Job states that mean work is still to be done. Failed jobs are the dead-letter set, not pending work. */
/** Failed jobs read per round trip when looking for some among them. */
const DEAD_LETTER_PAGE = 500;

const PENDING_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

export interface QueueCounts {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  pending: number;
}

export interface DeadLetter {
  queue: QueueName;
  id: string;
  failedReason: string;
  attemptsMade: number;
  finishedOn: string | null;
  data: unknown;
}

export class QueueAdmin {
  private readonly queues: Map<QueueName, Queue>;

  constructor(connection: Redis, prefix: string, names: readonly QueueName[] = ALL_QUEUES) {
    this.queues = new Map(
      names.map((name) => {
        const queue = new Queue(name, { connection, prefix, streams: QUEUE_STREAMS });
        // Connection errors are logged by the connection's owner; commands wait for the reconnect.
        queue.on('error', () => {});
        return [name, queue];
      }),
    );
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`queue: unknown queue ${name}`);
    return queue;
  }

  async counts(): Promise<QueueCounts[]> {
    return Promise.all(
      [...this.queues].map(async ([name, queue]) => {
        const counts = await queue.getJobCounts(...PENDING_STATES, 'failed', 'completed');
        const pending = PENDING_STATES.reduce((sum, state) => sum + (counts[state] ?? 0), 0);
        return {
          queue: name,
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          completed: counts.completed ?? 0,
          pending,
        };
      }),
    );
  }

  async pendingJobs(): Promise<number> {
    return (await this.counts()).reduce((sum, counts) => sum + counts.pending, 0);
  }

  /**
   * Resolves once no queue holds pending work for `settleChecks` consecutive checks (queues are counted
   * one by one, so a job moving between two of them may be missed by one check). Busy queues are checked
   * every `pollMs`; once they read empty, the settling checks follow `settleMs` apart, so a batch run
   * ends a moment after its last job instead of several polls later.
   */
  async waitUntilIdle(
    options: { pollMs?: number; settleMs?: number; settleChecks?: number; signal?: AbortSignal } = {},
  ): Promise<void> {
    const { pollMs = 200, settleMs = 25, settleChecks = 3, signal } = options;
    let idleChecks = 0;
    while (idleChecks < settleChecks) {
      signal?.throwIfAborted();
      idleChecks = (await this.pendingJobs()) === 0 ? idleChecks + 1 : 0;
      if (idleChecks < settleChecks) {
        await new Promise((resolve) => setTimeout(resolve, idleChecks === 0 ? pollMs : settleMs));
      }
    }
  }

  /**
   * Failed jobs, newest first; with `match`, only those whose data it accepts (the dead letters of one
   * webhook subscription), found by reading the failed set in pages.
   */
  async deadLetters(
    name: QueueName,
    options: { limit?: number; match?: (data: unknown) => boolean } = {},
  ): Promise<DeadLetter[]> {
    const { limit = 50, match } = options;
    const found: DeadLetter[] = [];
    for await (const job of this.failedJobs(name, match === undefined ? limit : DEAD_LETTER_PAGE)) {
      if (match !== undefined && !match(job.data)) continue;
      found.push({
        queue: name,
        id: job.id ?? '',
        failedReason: job.failedReason,
        attemptsMade: job.attemptsMade,
        finishedOn: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        data: job.data,
      });
      if (found.length >= limit) break;
    }
    return found;
  }

  /** Moves failed jobs back to waiting with fresh attempts; returns how many were replayed. */
  async replay(name: QueueName, jobId?: string): Promise<number> {
    const queue = this.queue(name);
    if (jobId !== undefined) {
      const job = await queue.getJob(jobId);
      if (!job) throw new Error(`queue: no job ${jobId} in ${name}`);
      if (!(await job.isFailed())) throw new Error(`queue: job ${jobId} in ${name} is not failed`);
      await job.retry('failed', { resetAttemptsMade: true });
      return 1;
    }
    const failed = await queue.getFailedCount();
    await queue.retryJobs({ state: 'failed', count: 1000 });
    return failed;
  }

  /** Replays the failed jobs whose data `match` accepts; returns how many. */
  async replayWhere(name: QueueName, match: (data: unknown) => boolean): Promise<number> {
    const chosen: Job[] = [];
    for await (const job of this.failedJobs(name, DEAD_LETTER_PAGE)) if (match(job.data)) chosen.push(job);
    // Collected first: a retried job leaves the failed set, which would shift the pages being read.
    for (const job of chosen) await job.retry('failed', { resetAttemptsMade: true });
    return chosen.length;
  }

  private async *failedJobs(name: QueueName, pageSize: number): AsyncGenerator<Job> {
    const queue = this.queue(name);
    for (let start = 0; ; start += pageSize) {
      const page = await queue.getFailed(start, start + pageSize - 1);
      yield* page;
      if (page.length < pageSize) return;
    }
  }

  /** Deletes failed jobs for good (one, or all of a queue); returns how many were dropped. */
  async drop(name: QueueName, jobId?: string): Promise<number> {
    const queue = this.queue(name);
    if (jobId !== undefined) {
      const job = await queue.getJob(jobId);
      if (!job) throw new Error(`queue: no job ${jobId} in ${name}`);
      if (!(await job.isFailed())) throw new Error(`queue: job ${jobId} in ${name} is not failed`);
      await job.remove();
      return 1;
    }
    let dropped = 0;
    for (;;) {
      const batch = await queue.clean(0, 1000, 'failed');
      dropped += batch.length;
      if (batch.length < 1000) return dropped;
    }
  }

  /** Worker connections per queue (BullMQ names each worker's connection after its queue). */
  async workers(): Promise<{ queue: QueueName; workers: number }[]> {
    return Promise.all(
      [...this.queues].map(async ([name, queue]) => ({
        queue: name,
        workers: (await queue.getWorkers()).length,
      })),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
