// Owns running the whole pipeline in one process (the embedded default): every
// stage plus the feed scheduler, checked against the topology before starting.
import { ALL_QUEUES, type AnyStage, TOPOLOGY } from '@newsq/core';
import { QueueAdmin } from '@newsq/queue';
import { type Runtime, StartupError, stageConcurrency, startStages } from '@newsq/runtime';
import { buildArticleFetchStage } from '@newsq/service-article-fetch';
import { buildDedupeStage } from '@newsq/service-dedupe';
import { buildExtractStage } from '@newsq/service-extract';
import { buildFeedPollStage, startFeedScheduler } from '@newsq/service-feed-poll';
import { buildStoreStage } from '@newsq/service-store';
import { buildTagStage } from '@newsq/service-tag';
import { buildWebhookStages } from '@newsq/service-webhook';

export async function buildAllStages(runtime: Runtime): Promise<AnyStage[]> {
  return [
    await buildFeedPollStage(runtime),
    buildArticleFetchStage(runtime),
    buildExtractStage(runtime),
    buildDedupeStage(runtime),
    buildTagStage(runtime),
    await buildStoreStage(runtime),
    ...(await buildWebhookStages(runtime)),
  ];
}

/** Startup fails when a queue has no handler or two, or a stage feeds a queue the topology does not name. */
export function assertCompleteTopology(stages: readonly AnyStage[]): void {
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
}

/** Runs until idle (resolves) or until SIGTERM/SIGINT (then stops gracefully and resolves). */
export async function runPipeline(runtime: Runtime, options: RunOptions): Promise<void> {
  const stages = await buildAllStages(runtime);
  assertCompleteTopology(stages);
  const scheduler = await startFeedScheduler(runtime);
  const running = await startStages(runtime, stages, (stage) => stageConcurrency(runtime.config, stage));
  const stopped = new AbortController();
  const onSignal = (signal: string) => {
    runtime.logger.info({ signal }, 'newsq run: stopping');
    stopped.abort();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  runtime.logger.info(
    { stages: running.map((stage) => stage.name), until_idle: options.untilIdle },
    'newsq run: started',
  );

  const admin = new QueueAdmin(runtime.redis, runtime.config.NEWSQ_PREFIX);
  try {
    if (options.untilIdle) {
      await scheduler.tick();
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
    await Promise.all(running.map((stage) => stage.close()));
    await admin.close();
  }
}
