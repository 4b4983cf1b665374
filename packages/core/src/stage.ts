// Owns the stage contract: a stage is a value the runner executes. `handle`
// knows nothing of queues, never enqueues and never reads process.env.
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
  /**
   * Runs after the outputs are safely enqueued: the place to record that work is
   * done (e.g. mark feed items seen) without risking loss if enqueueing fails.
   */
  committed?(message: In, outputs: Out[], ctx: StageContext): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of stages
export type AnyStage = Stage<any, any>;

export function defineStage<In, Out>(stage: Stage<In, Out>): Stage<In, Out> {
  return stage;
}
