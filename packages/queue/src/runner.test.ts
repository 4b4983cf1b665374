import {
  createSilentLogger,
  DeferredError,
  DependencyUnavailableError,
  defineStage,
  PermanentError,
  RetryableError,
  type Sink,
  type StageContext,
} from '@newsq/core';
import { testStageContext } from '@newsq/core/testing';
import { createRedis, type Redis } from '@newsq/redis';
import { uniquePrefix } from '@newsq/redis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QueueAdmin } from './admin';
import { createDependencyGate } from './dependency-gate';
import { computeBackoffMs, type RetentionPolicy } from './job-options';
import { createQueue, jobIdFor, type RunningStage, runStageOnce, startStage } from './runner';

const Message = z.object({ n: z.number() });
type Message = z.infer<typeof Message>;
const policy: RetentionPolicy = {
  attempts: 3,
  backoffBaseMs: 20,
  backoffMaxMs: 100,
  keepCompleted: 100,
  keepFailedDays: 1,
  keepFailedCount: 100,
};
const logger = createSilentLogger();

type Behaviour = (message: Message, attempt: number, ctx: StageContext) => Promise<void>;

/** A two-stage pipeline on the real topology's first two queues; the first one writes a sink. */
function stages(behaviour: Behaviour, seen: Message[], sink?: Sink<Message>) {
  const first = defineStage<Message, Message>({
    name: 'first',
    input: 'feed-poll',
    output: 'article-fetch',
    inputSchema: Message,
    outputSchema: Message,
    outputId: (message) => String(message.n),
    async handle(message, ctx) {
      await behaviour(message, ctx.attempt, ctx);
      return [{ n: message.n * 10 }];
    },
    ...(sink === undefined ? {} : { sinks: [sink] }),
  });
  const second = defineStage<Message, never>({
    name: 'second',
    input: 'article-fetch',
    output: null,
    inputSchema: Message,
    outputSchema: z.never(),
    outputId: () => '',
    async handle(message) {
      seen.push(message);
      return [];
    },
  });
  return [first, second];
}

describe('stage runner on real Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = createRedis(process.env.REDIS_URL!);
  });
  afterAll(() => redis.disconnect());

  async function withPipeline(
    behaviour: Behaviour,
    work: (ctx: {
      prefix: string;
      admin: QueueAdmin;
      seen: Message[];
      running: RunningStage[];
    }) => Promise<void>,
    sink?: Sink<Message>,
  ) {
    const prefix = uniquePrefix('runner');
    const seen: Message[] = [];
    const gate = createDependencyGate({ logger, firstDelayMs: 20, maxDelayMs: 50 });
    const running = stages(behaviour, seen, sink).map((stage) =>
      startStage(stage, {
        connection: redis,
        prefix,
        logger,
        policy,
        concurrency: 4,
        shutdownTimeoutMs: 2_000,
        gate,
      }),
    );
    const admin = new QueueAdmin(redis, prefix, ['feed-poll', 'article-fetch']);
    try {
      await work({ prefix, admin, seen, running });
    } finally {
      await Promise.all(running.map((stage) => stage.close()));
      await admin.close();
    }
  }

  it('runs messages through and a redelivered message creates no second downstream job', async () => {
    await withPipeline(
      async () => {},
      async ({ prefix, admin, seen }) => {
        const queue = createQueue('feed-poll', { connection: redis, prefix, policy });
        await queue.add('feed-poll', { n: 1 }, { jobId: 'a' });
        await admin.waitUntilIdle({ pollMs: 20 });
        // The same upstream work again under another id: the downstream job id is the same, so nothing new.
        await queue.add('feed-poll', { n: 1 }, { jobId: 'b' });
        await admin.waitUntilIdle({ pollMs: 20 });
        await queue.close();
        expect(seen).toEqual([{ n: 10 }]);
        const downstream = await admin.queue('article-fetch').getJob(jobIdFor('article-fetch', '10'));
        expect(downstream?.id).not.toContain(':');
      },
    );
  });

  it('keeps each queue event stream to about a thousand entries, whichever Queue wrote its meta last', async () => {
    const prefix = uniquePrefix('events');
    const queue = createQueue('feed-poll', { connection: redis, prefix, policy });
    const admin = new QueueAdmin(redis, prefix);
    try {
      await queue.addBulk(Array.from({ length: 3_000 }, (_, n) => ({ name: 'm', data: { n } })));
      await queue.add('m', { n: -1 });
      // Each XADD trims, approximately (whole stream nodes at a time): a few more than the cap may remain.
      expect(await redis.xlen(`${prefix}:feed-poll:events`)).toBeLessThan(1_200);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await admin.close();
    }
  });

  it('retries retryable errors with backoff and sends permanent ones straight to the dead-letter set', async () => {
    await withPipeline(
      async (message, attempt) => {
        if (message.n === 2 && attempt < 3) throw new RetryableError('flaky', 'test: flaky');
        if (message.n === 3) throw new PermanentError('broken', 'test: broken');
      },
      async ({ prefix, admin, seen }) => {
        const queue = createQueue('feed-poll', { connection: redis, prefix, policy });
        await queue.add('feed-poll', { n: 2 });
        await queue.add('feed-poll', { n: 3 });
        await queue.add('feed-poll', { nope: true });
        await admin.waitUntilIdle({ pollMs: 20 });
        await queue.close();
        expect(seen).toEqual([{ n: 20 }]);
        const dead = await admin.deadLetters('feed-poll');
        expect(dead).toHaveLength(2);
        const reasons = dead.map((letter) => letter.failedReason).sort();
        expect(reasons[0]).toMatch(/^broken: test: broken/);
        expect(reasons[1]).toMatch(/^invalid_input: first: invalid input at n/);
        expect(dead.every((letter) => letter.attemptsMade === 1)).toBe(true);
      },
    );
  });

  it('replays a dead letter with fresh attempts', async () => {
    let broken = true;
    await withPipeline(
      async () => {
        if (broken) throw new PermanentError('down', 'test: down');
      },
      async ({ prefix, admin, seen }) => {
        const queue = createQueue('feed-poll', { connection: redis, prefix, policy });
        const job = await queue.add('feed-poll', { n: 4 }, { jobId: 'replay-me' });
        await admin.waitUntilIdle({ pollMs: 20 });
        expect(await admin.deadLetters('feed-poll')).toHaveLength(1);
        broken = false;
        expect(await admin.replay('feed-poll', job.id)).toBe(1);
        await admin.waitUntilIdle({ pollMs: 20 });
        await queue.close();
        expect(seen).toEqual([{ n: 40 }]);
        expect(await admin.deadLetters('feed-poll')).toHaveLength(0);
      },
    );
  });

  it('finishes in-flight jobs on close', async () => {
    let finished = 0;
    await withPipeline(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        finished += 1;
      },
      async ({ prefix, running }) => {
        const queue = createQueue('feed-poll', { connection: redis, prefix, policy });
        const job = await queue.add('feed-poll', { n: 5 });
        while (!(await job.isActive())) await new Promise((resolve) => setTimeout(resolve, 10));
        await running[0]!.close();
        expect(finished).toBe(1);
        expect(await job.isCompleted()).toBe(true);
        await queue.close();
      },
    );
  });

  it('waits out a dependency outage without spending an attempt', async () => {
    let outageCalls = 0;
    await withPipeline(
      async () => {
        if (outageCalls < 4) {
          outageCalls += 1;
          throw new DependencyUnavailableError('database', 'test: database down');
        }
      },
      async ({ prefix, admin, seen }) => {
        const queue = createQueue('feed-poll', { connection: redis, prefix, policy });
        const job = await queue.add('feed-poll', { n: 6 });
        await admin.waitUntilIdle({ pollMs: 20 });
        expect(seen).toEqual([{ n: 60 }]);
        expect(outageCalls).toBe(4);
        // One attempt in all: the waits did not count as attempts.
        expect((await queue.getJob(job.id!))?.attemptsMade).toBe(1);
        expect(await admin.deadLetters('feed-poll')).toHaveLength(0);
        await queue.close();
      },
    );
  });

  it('writes sinks and then runs afterCommit tasks, once the outputs are enqueued', async () => {
    const order: string[] = [];
    const sink: Sink<Message> = {
      name: 'test-sink',
      async write(outputs) {
        order.push(`sink ${outputs.map((output) => output.n).join(',')}`);
      },
    };
    await withPipeline(
      async (message, _attempt, ctx) => {
        ctx.afterCommit(async () => void order.push(`commit ${message.n}`));
        order.push(`handle ${message.n}`);
      },
      async ({ prefix, admin }) => {
        const queue = createQueue('feed-poll', { connection: redis, prefix, policy });
        await queue.add('feed-poll', { n: 8 });
        await admin.waitUntilIdle({ pollMs: 20 });
        await queue.close();
        expect(order).toEqual(['handle 8', 'sink 80', 'commit 8']);
        expect(await admin.queue('article-fetch').getJob(jobIdFor('article-fetch', '80'))).toBeDefined();
      },
      sink,
    );
  });

  it('defers a job that asks to run later, without spending an attempt or logging a failure', async () => {
    let calls = 0;
    await withPipeline(
      async () => {
        calls += 1;
        if (calls === 1) throw new DeferredError('host_busy', 'test: busy host', Date.now() + 300);
      },
      async ({ prefix, admin, seen }) => {
        const queue = createQueue('feed-poll', { connection: redis, prefix, policy });
        const started = Date.now();
        const job = await queue.add('feed-poll', { n: 11 });
        await admin.waitUntilIdle({ pollMs: 20 });
        expect(Date.now() - started).toBeGreaterThanOrEqual(280);
        expect(seen).toEqual([{ n: 110 }]);
        expect(calls).toBe(2);
        expect((await queue.getJob(job.id!))?.attemptsMade).toBe(1);
        await queue.close();
      },
    );
  });

  it('returns a job waiting out an outage to the queue on shutdown, attempt unspent', async () => {
    await withPipeline(
      async () => {
        throw new DependencyUnavailableError('database', 'test: database down');
      },
      async ({ prefix, running }) => {
        const queue = createQueue('feed-poll', { connection: redis, prefix, policy });
        const job = await queue.add('feed-poll', { n: 9 });
        while (!(await job.isActive())) await new Promise((resolve) => setTimeout(resolve, 10));
        await running[0]!.close();
        const after = await queue.getJob(job.id!);
        expect(await after?.getState()).toBe('waiting');
        expect(after?.attemptsMade).toBe(0);
        await queue.close();
      },
    );
  });

  it('validates messages on the same path without Redis', async () => {
    const [first] = stages(async () => {}, []);
    const ctx = testStageContext();
    const run = await runStageOnce(first!, { n: 7 }, ctx);
    expect(run.outputs).toEqual([{ jobId: jobIdFor('article-fetch', '70'), data: { n: 70 } }]);
    await expect(runStageOnce(first!, { n: 'x' }, ctx)).rejects.toMatchObject({
      code: 'invalid_input',
      retryable: false,
    });
  });
});

describe('computeBackoffMs', () => {
  it('grows exponentially within jitter bounds, is capped, and honours Retry-After', () => {
    const limits = { backoffBaseMs: 1_000, backoffMaxMs: 60_000 };
    expect(computeBackoffMs(1, limits, undefined, () => 0)).toBe(500);
    expect(computeBackoffMs(1, limits, undefined, () => 1)).toBe(1_000);
    expect(computeBackoffMs(4, limits, undefined, () => 1)).toBe(8_000);
    expect(computeBackoffMs(20, limits, undefined, () => 1)).toBe(60_000);
    expect(computeBackoffMs(1, limits, 30_000, () => 0)).toBe(30_000);
  });
});
