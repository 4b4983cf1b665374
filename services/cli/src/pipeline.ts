// Owns running the whole pipeline in one process (the embedded default): every stage plus the feed
// scheduler, checked against the topology before starting. On a machine with more than one core the
// stages after extraction (dedupe, tag, store, webhooks) run on a second thread with its own event
// loop, Redis connection and database connection, so the per-job work of those stages uses the other
// core instead of queueing behind fetching and parsing on the main thread.
import { availableParallelism } from 'node:os';
import { ALL_QUEUES, type AnyStage, QUEUES, type QueueName, TOPOLOGY } from '@newsq/core';
import { QueueAdmin } from '@newsq/queue';
import { type Runtime, StartupError, stageConcurrency, startStages } from '@newsq/runtime';
import { buildArticleFetchStage } from '@newsq/service-article-fetch';
import { buildDedupeStage } from '@newsq/service-dedupe';
import { buildExtractStage } from '@newsq/service-extract';
import { buildFeedPollStage, startFeedScheduler } from '@newsq/service-feed-poll';
import { buildStoreStage } from '@newsq/service-store';
import { buildTagStage } from '@newsq/service-tag';
import { buildWebhookStages } from '@newsq/service-webhook';
import { type StageThread, startStageThread } from './stage-thread-client';

export type StageShape = Pick<AnyStage, 'name' | 'input' | 'output'>;

/** Each deployable's stages and the queues they take; webhook dispatch and delivery are built together. */
const BUILDERS: readonly {
  queues: readonly QueueName[];
  build: (runtime: Runtime) => Promise<AnyStage[]>;
}[] = [
  { queues: [QUEUES.feedPoll], build: async (runtime) => [await buildFeedPollStage(runtime)] },
  { queues: [QUEUES.articleFetch], build: async (runtime) => [buildArticleFetchStage(runtime)] },
  { queues: [QUEUES.articleExtract], build: async (runtime) => [buildExtractStage(runtime)] },
  { queues: [QUEUES.articleDedupe], build: async (runtime) => [buildDedupeStage(runtime)] },
  { queues: [QUEUES.articleTag], build: async (runtime) => [buildTagStage(runtime)] },
  { queues: [QUEUES.articleStore], build: async (runtime) => [await buildStoreStage(runtime)] },
  {
    queues: [QUEUES.eventDispatch, QUEUES.webhookDeliver],
    build: async (runtime) => [...(await buildWebhookStages(runtime))],
  },
];

/** The stages that stay on the main thread when the process splits: intake, I/O and the extraction pool. */
const MAIN_THREAD_QUEUES: readonly QueueName[] = [
  QUEUES.feedPoll,
  QUEUES.articleFetch,
  QUEUES.articleExtract,
];

export async function buildStages(
  runtime: Runtime,
  queues: readonly QueueName[] = ALL_QUEUES,
): Promise<AnyStage[]> {
  const stages: AnyStage[] = [];
  for (const builder of BUILDERS) {
    if (builder.queues.some((queue) => queues.includes(queue)))
      stages.push(...(await builder.build(runtime)));
  }
  return stages.filter((stage) => queues.includes(stage.input));
}

/** Startup fails when a queue has no handler or two, or a stage feeds a queue the topology does not name. */
export function assertCompleteTopology(stages: readonly StageShape[]): void {
  for (const queue of ALL_QUEUES) {
    const handlers = stages.filter((stage) => stage.input === queue);
    if (handlers.length !== 1)
      throw new StartupError(`pipeline: queue ${queue} has ${handlers.length} handlers, expected 1`);
  }
  for (const stage of stages) {
    if (stage.output !== TOPOLOGY[stage.input]) {
      throw new StartupError(
        `pipeline: stage ${stage.name} outputs to ${stage.output}, the topology says ${TOPOLOGY[stage.input]}`,
      );
    }
  }
}

export interface RunOptions {
  untilIdle: boolean;
  /** Where the second thread writes its logs (the main thread's destination); stdout by default. */
  logFile?: string;
}

/** Runs until idle (resolves) or until SIGTERM/SIGINT (then stops gracefully and resolves). */
export async function runPipeline(runtime: Runtime, options: RunOptions): Promise<void> {
  const split = availableParallelism() > 1;
  const mainQueues = split ? MAIN_THREAD_QUEUES : ALL_QUEUES;
  // Migrations run here first: SQLite's migrator has no lock between connections, and the thread opens its own.
  await runtime.store();
  // The second thread loads its own bundle and connections, which takes longer than this thread's start:
  // it comes up while this thread starts its stages and reads the first feeds, whose jobs wait in Redis.
  const threadStarting = split
    ? startStageThread({
        config: runtime.config,
        queues: ALL_QUEUES.filter((queue) => !mainQueues.includes(queue)),
        ...(options.logFile === undefined ? {} : { logFile: options.logFile }),
        onAttempt: (event) => runtime.recordAttempt?.(event),
        onCrash: (error) => {
          runtime.logger.fatal({ err: error }, 'newsq run: the stage thread failed, stopping the process');
          process.exit(1);
        },
      })
    : Promise.resolve(null);
  // Awaited below; this only keeps a failure before then from counting as unhandled.
  threadStarting.catch(() => undefined);
  let thread: StageThread | null = null;
  const stopped = new AbortController();
  const onSignal = (signal: string) => {
    runtime.logger.info({ signal }, 'newsq run: stopping');
    stopped.abort();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const admin = new QueueAdmin(runtime.redis, runtime.config.NEWSQ_PREFIX);
  let running: Awaited<ReturnType<typeof startStages>> = [];
  try {
    const stages = await buildStages(runtime, mainQueues);
    running = await startStages(runtime, stages, (stage) => stageConcurrency(runtime.config, stage));
    const scheduler = await startFeedScheduler(runtime);
    if (options.untilIdle) await scheduler.tick();
    thread = await threadStarting;
    assertCompleteTopology([...stages, ...(thread?.stages ?? [])]);
    runtime.logger.info(
      {
        stages: [...stages, ...(thread?.stages ?? [])].map((stage) => stage.name),
        threads: split ? 2 : 1,
        until_idle: options.untilIdle,
      },
      'newsq run: started',
    );
    if (options.untilIdle) {
      await admin.waitUntilIdle({ signal: stopped.signal }).catch((error) => {
        if (!stopped.signal.aborted) throw error;
      });
    } else {
      await new Promise<void>((resolve) =>
        stopped.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    thread ??= await threadStarting.catch(() => null);
    await Promise.all([...running.map((stage) => stage.close()), thread?.close()]);
    await admin.close();
  }
}
