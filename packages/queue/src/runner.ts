// Owns executing a stage on BullMQ: input validation, calling `handle`, validating and enqueueing
// outputs under deterministic job ids, writing the stage's sinks, running its afterCommit tasks,
// waiting out infrastructure outages, mapping errors to retry, deferral or dead-letter, logging with
// job ids, and graceful shutdown.
import { createHash } from 'node:crypto';
import {
  type AnyStage,
  deferredUntil,
  isPipelineError,
  isRetryable,
  type Logger,
  PermanentError,
  type QueueName,
  RetryableError,
  type Stage,
  type StageContext,
} from '@newsq/core';
import type { Redis } from '@newsq/redis';
import { DelayedError, type Job, Queue, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { createDependencyGate, type DependencyGate } from './dependency-gate';
import { computeBackoffMs, defaultJobOptions, QUEUE_STREAMS, type RetentionPolicy } from './job-options';

export interface RunnerOptions {
  connection: Redis;
  prefix: string;
  logger: Logger;
  policy: RetentionPolicy;
  concurrency: number;
  /** How long a graceful close waits for in-flight jobs before handing them back to the queue. */
  shutdownTimeoutMs: number;
  /** Shared by the stages of one process, so an outage is logged once. */
  gate?: DependencyGate;
  /** Called after every attempt; metrics hook so the runner stays free of a metrics library. */
  onAttempt?: (event: AttemptEvent) => void;
}

export interface AttemptEvent {
  stage: string;
  /** The stage's input queue: the name the dashboard, dead letters and queue depths share. */
  queue: QueueName;
  /** deferred: the job asked to run later (a busy host or subscription): no attempt spent, not a failure. */
  outcome: 'completed' | 'deferred' | 'retry' | 'failed';
  durationMs: number;
  outputs: number;
  errorCode?: string;
}

export interface RunningStage {
  name: string;
  worker: Worker;
  /** Stop taking jobs, let in-flight ones finish within the deadline, then close connections. */
  close(): Promise<void>;
}

/**
 * How long a job's lock lasts without renewal. A worker renews it while the job runs; a killed
 * worker's jobs are found stalled and handed to another worker after about this long.
 */
export const LOCK_DURATION_MS = 15_000;
/**
 * A job may be found stalled this many times (its worker killed or frozen) before it is dead-lettered:
 * enough for several crashes or restarts in a row, few enough that a page that kills every worker
 * that takes it ends in the dead-letter set.
 */
export const MAX_STALLED_COUNT = 5;

/** A job id from an output id: stable, free of ':' (BullMQ forbids it), bounded in length. */
export function jobIdFor(queue: QueueName, outputId: string): string {
  return `${queue}-${createHash('sha256').update(outputId).digest('hex').slice(0, 40)}`;
}

export function createQueue(
  name: QueueName,
  options: Pick<RunnerOptions, 'connection' | 'prefix' | 'policy'>,
): Queue {
  const queue = new Queue(name, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: defaultJobOptions(options.policy),
    streams: QUEUE_STREAMS,
  });
  // The connection's owner logs its errors and commands wait for the reconnect: the queue's copy
  // of each error would only be printed twice.
  queue.on('error', () => {});
  return queue;
}

export interface StageRun<In, Out> {
  message: In;
  outputs: { jobId: string; data: Out }[];
}

/**
 * One message through a stage up to its outputs: input validation (a bad message is a permanent
 * error), `handle`, output validation and the deterministic job id of each output.
 */
export async function runStageOnce<In, Out>(
  stage: Stage<In, Out>,
  data: unknown,
  ctx: StageContext,
): Promise<StageRun<In, Out>> {
  const parsed = stage.inputSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PermanentError(
      'invalid_input',
      `${stage.name}: invalid input at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'schema mismatch'}`,
    );
  }
  const results = await stage.handle(parsed.data, ctx);
  const outputs = results.map((result) => {
    const checked = stage.outputSchema.safeParse(result);
    if (!checked.success) {
      // A stage emitting a bad message is a bug; retrying cannot fix it, a replay after the fix can.
      const issue = checked.error.issues[0];
      throw new PermanentError(
        'invalid_output',
        `${stage.name}: invalid output at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
      );
    }
    return {
      jobId: stage.output === null ? '' : jobIdFor(stage.output, stage.outputId(checked.data)),
      data: checked.data,
    };
  });
  return { message: parsed.data, outputs };
}

export interface DeliveryOptions {
  /** Puts the outputs on the output queue; absent in stage tests, where outputs are only returned. */
  enqueue?: (outputs: StageRun<unknown, unknown>['outputs']) => Promise<void>;
  /** Runs each step through outages of Redis or the database (the worker's dependency gate). */
  guard?: <T>(work: () => Promise<T>) => Promise<T>;
}

/**
 * One message through a stage exactly as a worker runs it: `runStageOnce`, then the outputs
 * enqueued, written to every sink, and only then the stage's afterCommit tasks. Stage tests run
 * the same path without a queue.
 */
export async function deliverStage<In, Out>(
  stage: Stage<In, Out>,
  data: unknown,
  ctx: Omit<StageContext, 'afterCommit'>,
  options: DeliveryOptions = {},
): Promise<StageRun<In, Out>> {
  const guard = options.guard ?? ((work) => work());
  const commitTasks: (() => Promise<void>)[] = [];
  const run = await guard(() => {
    // A run cut short by an outage runs again from the start, with none of its commit tasks.
    commitTasks.length = 0;
    return runStageOnce(stage, data, { ...ctx, afterCommit: (task) => void commitTasks.push(task) });
  });
  if (options.enqueue !== undefined && stage.output !== null && run.outputs.length > 0) {
    const enqueue = options.enqueue;
    await guard(() => enqueue(run.outputs));
  }
  const written = run.outputs.map(({ data: output }) => output);
  for (const sink of stage.sinks ?? []) await guard(() => sink.write(written));
  for (const task of commitTasks) await guard(task);
  return run;
}

export function startStage(stage: AnyStage, options: RunnerOptions): RunningStage {
  const { connection, prefix, policy } = options;
  const logger = options.logger.child({ stage: stage.name });
  const gate = options.gate ?? createDependencyGate({ logger });
  const output = stage.output === null ? null : createQueue(stage.output, options);
  const inFlight = new Set<AbortController>();
  const shutdown = new AbortController();

  const processor = async (job: Job, token?: string): Promise<{ outputs: number }> => {
    const started = performance.now();
    const attempt = job.attemptsMade + 1;
    const jobLogger = logger.child({ job_id: job.id, attempt });
    const controller = new AbortController();
    inFlight.add(controller);
    const waiting = AbortSignal.any([controller.signal, shutdown.signal]);
    try {
      const { outputs } = await deliverStage(
        stage,
        job.data,
        { logger: jobLogger, jobId: job.id ?? '', attempt, signal: controller.signal },
        {
          guard: (work) => gate.run(work, waiting),
          enqueue: async (outputs) => {
            // Deterministic ids: a redelivered job re-adds the same ids, which BullMQ ignores while they exist.
            await output?.addBulk(
              outputs.map(({ jobId, data }) => ({ name: output.name, data, opts: { jobId } })),
            );
          },
        },
      );
      const durationMs = performance.now() - started;
      jobLogger.info({ outputs: outputs.length, duration_ms: Math.round(durationMs) }, `${stage.name}: done`);
      options.onAttempt?.({
        stage: stage.name,
        queue: stage.input,
        outcome: 'completed',
        durationMs,
        outputs: outputs.length,
      });
      return { outputs: outputs.length };
    } catch (error) {
      if (waiting.aborted && token !== undefined) {
        // Cut off by shutdown: back to the queue at once, with the attempt not spent.
        jobLogger.info(`${stage.name}: interrupted by shutdown, returned to the queue`);
        await job.moveToWait(token).catch(() => {});
        throw new WaitingError();
      }
      const retryAt = deferredUntil(error);
      if (retryAt !== null && token !== undefined) {
        // Back to the delayed set until then, freeing this worker for jobs that can run now.
        await job.moveToDelayed(Math.max(retryAt, Date.now() + 1), token);
        const durationMs = performance.now() - started;
        jobLogger.debug({ retry_at: new Date(retryAt).toISOString() }, `${stage.name}: deferred`);
        options.onAttempt?.({
          stage: stage.name,
          queue: stage.input,
          outcome: 'deferred',
          durationMs,
          outputs: 0,
        });
        throw new DelayedError();
      }
      const durationMs = performance.now() - started;
      const code = isPipelineError(error) ? error.code : 'unexpected';
      const retryable = isRetryable(error);
      const lastAttempt = attempt >= (job.opts.attempts ?? 1);
      const outcome = retryable && !lastAttempt ? 'retry' : 'failed';
      jobLogger[outcome === 'retry' ? 'warn' : 'error'](
        { err_code: code, retryable, err: error, duration_ms: Math.round(durationMs) },
        `${stage.name}: ${outcome === 'retry' ? 'attempt failed, will retry' : 'failed, kept in the dead-letter set'}`,
      );
      options.onAttempt?.({
        stage: stage.name,
        queue: stage.input,
        outcome,
        durationMs,
        outputs: 0,
        errorCode: code,
      });
      // The failed reason an admin reads in the dead-letter set always starts with the code.
      const reason = `${code}: ${(error as Error).message}`;
      // BullMQ recognises UnrecoverableError by name and skips the remaining attempts.
      if (!retryable) throw new UnrecoverableError(reason);
      throw new RetryableError(code, reason, {
        cause: error,
        ...(isPipelineError(error) && error.retryAfterMs !== undefined
          ? { retryAfterMs: error.retryAfterMs }
          : {}),
      });
    } finally {
      inFlight.delete(controller);
    }
  };

  const worker = new Worker(stage.input, processor, {
    connection,
    prefix,
    concurrency: options.concurrency,
    autorun: true,
    lockDuration: LOCK_DURATION_MS,
    stalledInterval: LOCK_DURATION_MS,
    maxStalledCount: MAX_STALLED_COUNT,
    settings: {
      backoffStrategy: (attemptsMade, _type, error) =>
        computeBackoffMs(attemptsMade, policy, isPipelineError(error) ? error.retryAfterMs : undefined),
    },
  });
  worker.on('error', (error) => logger.error({ err: error }, `${stage.name}: worker error`));
  worker.on('stalled', (jobId) =>
    logger.warn(
      { job_id: jobId },
      `${stage.name}: job stalled (its worker died or froze), returned to the queue`,
    ),
  );

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), options.shutdownTimeoutMs);
      });
      // Jobs waiting out an outage stop waiting and go back to the queue.
      shutdown.abort(new Error('worker shutting down'));
      const result = await Promise.race([worker.close().then(() => 'closed' as const), deadline]);
      clearTimeout(timer);
      if (result === 'timeout') {
        logger.warn(
          { in_flight: inFlight.size },
          `${stage.name}: shutdown deadline passed, aborting in-flight jobs`,
        );
        for (const controller of inFlight) controller.abort(new Error('worker shutting down'));
        await worker.close(true);
      }
      await output?.close();
      logger.info(`${stage.name}: worker stopped`);
    })();
    return closing;
  };

  return { name: stage.name, worker, close };
}
