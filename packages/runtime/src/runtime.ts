// Owns process wiring shared by every deployable: config, logger, Redis, the
// store, running stages through the queue runner, and graceful shutdown.
// Startup problems (bad config, Redis or database unreachable) end the process
// with one line naming the problem, never a stack trace.
import { type Config, ConfigError, loadConfig } from '@newsq/config';
import { type AnyStage, createLogger, type Logger, type QueueName, redactSecrets } from '@newsq/core';
import {
  type AttemptEvent,
  createDependencyGate,
  type DependencyGate,
  type RetentionPolicy,
  type RunningStage,
  startStage,
} from '@newsq/queue';
import {
  assertRedisReachable,
  checkRedisDurability,
  createRedis,
  createStageHistoryRecorder,
  type Redis,
  RedisUnavailableError,
} from '@newsq/redis';
import { Store } from '@newsq/store';
import { createWorkerMetrics, serveMetrics } from './metrics';

export interface Runtime {
  name: string;
  config: Config;
  logger: Logger;
  redis: Redis;
  policy: RetentionPolicy;
  /** Waits out Redis and database outages for every stage of the process (one log line per outage). */
  gate: DependencyGate;
  /**
   * Records an attempt in the worker metrics and the pipeline history, once stages are started (null
   * before, or when attempts are reported to another thread instead).
   */
  recordAttempt: ((event: AttemptEvent) => void) | null;
  /** Opened and migrated on first use. */
  store(): Promise<Store>;
  /** Registers cleanup run at shutdown, in reverse order. */
  onClose(close: () => Promise<void>): void;
  close(): Promise<void>;
}

export class StartupError extends Error {
  override name = 'StartupError';
}

export function retentionPolicy(config: Config): RetentionPolicy {
  return {
    attempts: config.NEWSQ_ATTEMPTS,
    backoffBaseMs: config.NEWSQ_BACKOFF_BASE_MS,
    backoffMaxMs: config.NEWSQ_BACKOFF_MAX_MS,
    keepCompleted: config.NEWSQ_KEEP_COMPLETED,
    keepFailedDays: config.NEWSQ_KEEP_FAILED_DAYS,
    keepFailedCount: config.NEWSQ_KEEP_FAILED_COUNT,
  };
}

export async function createRuntime(
  name: string,
  options: { env?: NodeJS.ProcessEnv; config?: Config; logger?: Logger } = {},
): Promise<Runtime> {
  const config = options.config ?? loadConfig(options.env);
  const logger = options.logger ?? createLogger({ name, level: config.LOG_LEVEL });
  await assertRedisReachable(config.REDIS_URL);
  const redis = createRedis(config.REDIS_URL);
  // ioredis reconnects by itself; one line per lost connection, not one per retry.
  let redisConnected = true;
  redis.on('error', (error) => {
    if (!redisConnected) return;
    redisConnected = false;
    logger.warn({ err_code: 'redis_error', err: error }, 'redis: connection error, reconnecting');
  });
  redis.on('ready', () => {
    if (redisConnected) return;
    redisConnected = true;
    logger.info('redis: reconnected');
  });
  const closers: (() => Promise<void>)[] = [async () => void redis.disconnect()];
  let store: Promise<Store> | null = null;
  return {
    name,
    config,
    logger,
    redis,
    policy: retentionPolicy(config),
    gate: createDependencyGate({ logger }),
    recordAttempt: null,
    store() {
      store ??= (async () => {
        const opened = Store.open(config.DATABASE_URL, {
          // One line per dropped connection would repeat the outage line the dependency gate writes once.
          onConnectionError: (error) =>
            logger.debug({ err_code: 'database_error', err: error }, 'store: database connection lost'),
        });
        try {
          await opened.migrate();
        } catch (error) {
          await opened.close().catch(() => {});
          throw error;
        }
        closers.push(() => opened.close());
        return opened;
      })();
      return store;
    },
    onClose(close) {
      closers.push(close);
    },
    async close() {
      for (const close of closers.reverse()) {
        await close().catch((error) => logger.warn({ err: error }, `${name}: error while closing`));
      }
      closers.length = 0;
    },
  };
}

export interface StartStagesOptions {
  /**
   * Where attempt events go instead of this runtime's metrics: a second thread of `newsq run` hands them
   * to the main thread, which serves the process's metrics and checks Redis once for the whole process.
   */
  onAttempt?: (event: AttemptEvent) => void;
}

/**
 * Starts the stages, with worker metrics on METRICS_PORT when it is set, and every attempt added to
 * the pipeline's history in Redis (batched) for the dashboard.
 */
export async function startStages(
  runtime: Runtime,
  stages: readonly AnyStage[],
  concurrency: (stage: AnyStage) => number,
  options: StartStagesOptions = {},
): Promise<RunningStage[]> {
  let onAttempt = options.onAttempt;
  if (onAttempt === undefined) {
    // Workers hold in-flight work in Redis: say so at once when Redis would not keep it.
    await checkRedisDurability(runtime.redis, runtime.logger);
    const metrics = createWorkerMetrics(runtime.name);
    if (runtime.config.METRICS_PORT !== undefined) {
      const server = await serveMetrics(
        metrics.registry,
        runtime.config.METRICS_PORT,
        runtime.config.METRICS_HOST,
      );
      runtime.onClose(() => new Promise<void>((resolve) => server.close(() => resolve())));
    }
    const history = createStageHistoryRecorder(runtime.redis, { prefix: runtime.config.NEWSQ_PREFIX });
    runtime.onClose(() => history.close());
    onAttempt = (event: AttemptEvent) => {
      metrics.onAttempt(event);
      // A deferral is a job put back for later, not an attempt: the history counts attempts.
      const { outcome } = event;
      if (outcome !== 'deferred') history.record({ ...event, outcome });
    };
    runtime.recordAttempt = onAttempt;
  }
  return stages.map((stage) =>
    startStage(stage, {
      connection: runtime.redis,
      prefix: runtime.config.NEWSQ_PREFIX,
      logger: runtime.logger,
      policy: runtime.policy,
      concurrency: concurrency(stage),
      shutdownTimeoutMs: runtime.config.NEWSQ_SHUTDOWN_TIMEOUT_MS,
      gate: runtime.gate,
      onAttempt,
    }),
  );
}

/** Concurrency knob of each queue, from <STAGE>_CONCURRENCY. */
const CONCURRENCY_KNOB = {
  'feed-poll': 'FEED_POLL_CONCURRENCY',
  'article-fetch': 'ARTICLE_FETCH_CONCURRENCY',
  'article-extract': 'EXTRACT_CONCURRENCY',
  'article-dedupe': 'DEDUPE_CONCURRENCY',
  'article-tag': 'TAG_CONCURRENCY',
  'article-store': 'STORE_CONCURRENCY',
  'event-dispatch': 'WEBHOOK_CONCURRENCY',
  'webhook-deliver': 'WEBHOOK_CONCURRENCY',
} as const satisfies Record<QueueName, keyof Config>;

export function stageConcurrency(config: Config, stage: AnyStage): number {
  return config[CONCURRENCY_KNOB[stage.input]];
}

/** The one-line message for a startup failure, or null when it is a bug worth a stack trace. */
export function describeStartupError(error: unknown): string | null {
  if (
    error instanceof ConfigError ||
    error instanceof RedisUnavailableError ||
    error instanceof StartupError
  ) {
    return error.message;
  }
  const code = (error as { code?: unknown }).code;
  if (code === 'database_unavailable') return (error as Error).message;
  return null;
}

/**
 * Entry point of a deployable: builds the runtime and its stages, then waits for
 * SIGTERM/SIGINT to stop taking jobs, finish in-flight ones and exit 0.
 */
export async function runService(
  name: string,
  build: (runtime: Runtime) => Promise<readonly AnyStage[]>,
): Promise<void> {
  let runtime: Runtime;
  let running: RunningStage[];
  try {
    runtime = await createRuntime(name);
    const stages = await build(runtime);
    running = await startStages(runtime, stages, (stage) => stageConcurrency(runtime.config, stage));
  } catch (error) {
    const line = describeStartupError(error);
    process.stderr.write(`${name}: ${redactSecrets(line ?? (error as Error).stack ?? String(error))}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info({ signal }, `${name}: stopping`);
    await Promise.all(running.map((stage) => stage.close()));
    await runtime.close();
    runtime.logger.info(`${name}: stopped`);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  runtime.logger.info({ stages: running.map((stage) => stage.name) }, `${name}: started`);
}
