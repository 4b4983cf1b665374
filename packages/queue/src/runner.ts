// Owns executing a stage on BullMQ: input validation, calling `handle`, validating
// and enqueueing outputs under deterministic job ids, mapping errors to retry or
// dead-letter, logging with job ids, and graceful shutdown.
import { createHash } from 'node:crypto';
import {
  type AnyStage,
  isPipelineError,
  isRetryable,
  type Logger,
  PermanentError,
  type QueueName,
  RetryableError,
  type Stage,
  type StageContext,
} from '@newsq/core';
import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { ignoreConnectionErrors } from './connection';
import { computeBackoffMs, defaultJobOptions, type RetentionPolicy } from './job-options';

export interface RunnerOptions {
  connection: Redis;
  prefix: string;
  logger: Logger;
  policy: RetentionPolicy;
  concurrency: number;
  /** How long a graceful close waits for in-flight jobs before aborting them. */
  shutdownTimeoutMs: number;
  /** Called after every attempt; metrics hook so the runner stays free of a metrics library. */
  onAttempt?: (event: AttemptEvent) => void;
}

export interface AttemptEvent {
  stage: string;
  outcome: 'completed' | 'retry' | 'failed';
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

/** A job id from an output id: stable, free of ':' (BullMQ forbids it), bounded in length. */
export function jobIdFor(queue: QueueName, outputId: string): string {
  return `${queue}-${createHash('sha256').update(outputId).digest('hex').slice(0, 40)}`;
}

export function createQueue(
  name: QueueName,
  options: Pick<RunnerOptions, 'connection' | 'prefix' | 'policy'>,
): Queue {
  return ignoreConnectionErrors(
    new Queue(name, {
      connection: options.connection,
      prefix: options.prefix,
      defaultJobOptions: defaultJobOptions(options.policy),
    }),
  );
}

export interface StageRun<In, Out> {
  message: In;
  outputs: { jobId: string; data: Out }[];
}

/**
 * One message through a stage exactly as a worker runs it, minus the queue:
 * input validation (a bad message is a permanent error), `handle`, output
 * validation and the deterministic job id of each output. Stage tests use it.
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

export function startStage(stage: AnyStage, options: RunnerOptions): RunningStage {
  const { connection, prefix, policy } = options;
  const logger = options.logger.child({ stage: stage.name });
  const output = stage.output === null ? null : createQueue(stage.output, options);
  const inFlight = new Set<AbortController>();

  const processor = async (job: Job): Promise<{ outputs: number }> => {
    const started = performance.now();
    const attempt = job.attemptsMade + 1;
    const jobLogger = logger.child({ job_id: job.id, attempt });
    const controller = new AbortController();
    inFlight.add(controller);
    const ctx: StageContext = { logger: jobLogger, jobId: job.id ?? '', attempt, signal: controller.signal };
    try {
      const { message, outputs } = await runStageOnce(stage, job.data, ctx);
      if (output !== null && outputs.length > 0) {
        // Deterministic ids: a redelivered job re-adds the same ids, which BullMQ ignores while they exist.
        await output.addBulk(
          outputs.map(({ jobId, data }) => ({ name: output.name, data, opts: { jobId } })),
        );
      }
      await stage.committed?.(
        message,
        outputs.map(({ data }) => data),
        ctx,
      );
      const durationMs = performance.now() - started;
      jobLogger.info({ outputs: outputs.length, duration_ms: Math.round(durationMs) }, `${stage.name}: done`);
      options.onAttempt?.({ stage: stage.name, outcome: 'completed', durationMs, outputs: outputs.length });
      return { outputs: outputs.length };
    } catch (error) {
      const durationMs = performance.now() - started;
      const code = isPipelineError(error) ? error.code : 'unexpected';
      const retryable = isRetryable(error);
      const lastAttempt = attempt >= (job.opts.attempts ?? 1);
      const outcome = retryable && !lastAttempt ? 'retry' : 'failed';
      jobLogger[outcome === 'retry' ? 'warn' : 'error'](
        { err_code: code, retryable, err: error, duration_ms: Math.round(durationMs) },
        `${stage.name}: ${outcome === 'retry' ? 'attempt failed, will retry' : 'failed, kept in the dead-letter set'}`,
      );
      options.onAttempt?.({ stage: stage.name, outcome, durationMs, outputs: 0, errorCode: code });
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
    settings: {
      backoffStrategy: (attemptsMade, _type, error) =>
        computeBackoffMs(attemptsMade, policy, isPipelineError(error) ? error.retryAfterMs : undefined),
    },
  });
  worker.on('error', (error) => logger.error({ err: error }, `${stage.name}: worker error`));

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), options.shutdownTimeoutMs);
      });
      const result = await Promise.race([worker.close().then(() => 'closed' as const), deadline]);
      clearTimeout(timer);
      if (result === 'timeout') {
        logger.warn(
          { in_flight: inFlight.size },
          `${stage.name}: shutdown deadline passed, aborting in-flight jobs`,
        );
        for (const controller of inFlight) controller.abort(new Error('worker shutting down'));
        // Aborted jobs stay locked until their lock expires, then BullMQ redelivers them: nothing is lost.
        await worker.close(true);
      }
      await output?.close();
      logger.info(`${stage.name}: worker stopped`);
    })();
    return closing;
  };

  return { name: stage.name, worker, close };
}
