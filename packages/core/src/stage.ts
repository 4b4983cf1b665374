// Owns the stage contract: a stage is a value the runner executes. `handle`
// knows nothing of queues, never enqueues, never publishes and never reads process.env.
import type { z } from 'zod';
import type { Logger } from './logger';
import type { QueueName } from './topology';

export interface StageContext {
  logger: Logger;
  jobId: string;
  /** 1 on the first attempt. */
  attempt: number;
  /** Aborted when the worker shuts down past its deadline. */
  signal: AbortSignal;
  /**
   * Records that work is done once it is safe: the task runs after the outputs are enqueued and
   * written to every sink, never before, so a failure in between redoes the work instead of losing
   * it (a feed's validators, seen marks, outbox flags).
   */
  afterCommit(task: () => Promise<void>): void;
}

/**
 * Where a stage's outputs go besides its output queue (a Redis Stream, say). The runner writes them
 * after enqueueing and before the stage's afterCommit tasks; a write may repeat after a crash, so
 * consumers see each output at least once.
 */
export interface Sink<Out> {
  name: string;
  write(outputs: readonly Out[]): Promise<void>;
}

export interface Stage<In, Out> {
  name: string;
  input: QueueName;
  output: QueueName | null;
  inputSchema: z.ZodType<In>;
  outputSchema: z.ZodType<Out>;
  /** Stable id of an output, so a redelivered job cannot create a second downstream job. */
  outputId(output: Out): string;
  handle(message: In, ctx: StageContext): Promise<Out[]>;
  sinks?: readonly Sink<Out>[];
}

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of stages
export type AnyStage = Stage<any, any>;

export function defineStage<In, Out>(stage: Stage<In, Out>): Stage<In, Out> {
  return stage;
}
