// Owns the second thread of `newsq run`: it opens its own runtime (Redis and database connections, from
// the main thread's configuration), starts the stages it was given, reports their shapes and hands its
// attempt events to the main thread in batches (the main thread serves the process's metrics), and
// closes gracefully when told to.
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '@newsq/core';
import type { AttemptEvent } from '@newsq/queue';
import { createRuntime, stageConcurrency, startStages } from '@newsq/runtime';
import { pino } from 'pino';
import { buildStages } from './pipeline';
import type { StageThreadData, StageThreadMessage } from './stage-thread-client';

const ATTEMPT_FLUSH_MS = 1_000;

const port = parentPort;
if (port === null) throw new Error('newsq: stage-thread.ts runs only as a worker thread');
const post = (message: StageThreadMessage) => port.postMessage(message);
const { config, queues, logFile } = workerData as StageThreadData;

try {
  const logger = createLogger({
    name: 'newsq-run',
    level: config.LOG_LEVEL,
    ...(logFile === undefined ? {} : { destination: pino.destination({ dest: logFile, sync: true }) }),
  });
  const runtime = await createRuntime('newsq-run', { config, logger });
  let attempts: AttemptEvent[] = [];
  const flush = () => {
    if (attempts.length === 0) return;
    post({ type: 'attempts', events: attempts });
    attempts = [];
  };
  const flusher = setInterval(flush, ATTEMPT_FLUSH_MS);
  const stages = await buildStages(runtime, queues);
  const running = await startStages(runtime, stages, (stage) => stageConcurrency(config, stage), {
    onAttempt: (event) => void attempts.push(event),
  });
  port.on('message', async (message: { type: 'close' }) => {
    if (message.type !== 'close') return;
    await Promise.all(running.map((stage) => stage.close()));
    clearInterval(flusher);
    flush();
    await runtime.close();
    post({ type: 'closed' });
    port.close();
  });
  post({ type: 'started', stages: stages.map(({ name, input, output }) => ({ name, input, output })) });
} catch (error) {
  post({ type: 'failed', message: (error as Error).message ?? String(error) });
}
