// Owns starting and stopping `newsq run`'s second thread from the main thread: the configuration and
// the queues it serves go in; its stages' shapes, its attempt events and its shutdown come back.
import { Worker } from 'node:worker_threads';
import type { Config } from '@newsq/config';
import type { QueueName } from '@newsq/core';
import type { AttemptEvent } from '@newsq/queue';
import { StartupError } from '@newsq/runtime';
import type { StageShape } from './pipeline';

export interface StageThreadData {
  config: Config;
  queues: readonly QueueName[];
  logFile?: string;
}

export type StageThreadMessage =
  | { type: 'started'; stages: StageShape[] }
  | { type: 'failed'; message: string }
  | { type: 'attempts'; events: AttemptEvent[] }
  | { type: 'closed' };

export interface StageThread {
  stages: StageShape[];
  /** Stops the thread's stages gracefully (in-flight jobs finish or go back to their queue). */
  close(): Promise<void>;
}

export interface StageThreadHooks {
  onAttempt: (event: AttemptEvent) => void;
  /** The thread died after starting (an uncaught error): half a pipeline must not keep running. */
  onCrash: (error: Error) => void;
}

export async function startStageThread(options: StageThreadData & StageThreadHooks): Promise<StageThread> {
  const { onAttempt, onCrash, ...data } = options;
  const worker = new Worker(new URL('./stage-thread.mjs', import.meta.url), { workerData: data });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let closed: () => void = () => {};
  const closedMessage = new Promise<void>((resolve) => {
    closed = resolve;
  });
  const stages = await new Promise<StageShape[]>((resolve, reject) => {
    worker.on('message', (message: StageThreadMessage) => {
      if (message.type === 'started') resolve(message.stages);
      else if (message.type === 'failed') reject(new StartupError(message.message));
      else if (message.type === 'attempts') for (const event of message.events) onAttempt(event);
      else closed();
    });
    worker.once('error', reject);
    void exited.then(() => reject(new StartupError('newsq run: the stage thread exited during startup')));
  });
  let closing = false;
  worker.on('error', (error) => {
    if (!closing) onCrash(error);
  });
  void exited.then(() => {
    if (!closing) onCrash(new Error('newsq run: the stage thread exited'));
  });
  return {
    stages,
    async close() {
      closing = true;
      worker.postMessage({ type: 'close' });
      await Promise.race([closedMessage, exited]);
      await worker.terminate();
    },
  };
}
