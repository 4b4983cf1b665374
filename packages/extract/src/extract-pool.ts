// Owns the worker-thread pool (piscina) that runs extractions off the event loop, one page per
// thread at a time, with a hard per-page time budget: a page over budget has its thread terminated
// and replaced, and its promise rejects with a permanent extract_timeout error.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RetryableError } from '@newsq/core';
import Piscina from 'piscina';
import { ExtractError } from './errors';
import { DEFAULT_TIME_BUDGET_MS, type ExtractOptions, type ExtractResult } from './extract-article';
import type { ExtractTask, ExtractTaskOutcome, ExtractTiming } from './extract-task';

export interface ExtractPoolOptions {
  /** Worker threads; defaults to the number of cores. */
  threads?: number;
  /** Per-page budget in ms, from the moment the page starts running on a thread. */
  timeBudgetMs?: number;
  /** Pages allowed to wait for a free thread before extract() rejects (retryable). */
  maxQueue?: number;
}

export interface ExtractPool {
  extract(html: string, url: string, options?: ExtractOptions): Promise<ExtractResult>;
  close(): Promise<void>;
}

export interface TimedExtractPool extends ExtractPool {
  extractTimed(html: string, url: string, options?: ExtractOptions): Promise<TimedOutcome>;
}

export type TimedOutcome = { result: ExtractResult; timing: ExtractTiming };

const DEFAULT_MAX_QUEUE = 1000;
/**
 * Lets the thread's own between-phase budget check report first when it can, and covers a replacement
 * thread's start-up (the clock starts when the page is handed over).
 */
const HARD_LIMIT_GRACE_MS = 1_000;
const WORKER_HEAP_MB = 768;
const WORKER_FILE = fileURLToPath(new URL('./extract-worker.mjs', import.meta.url));

export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  return createTimedExtractPool(options);
}

export function createTimedExtractPool(options: ExtractPoolOptions = {}): TimedExtractPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const timeBudgetMs = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
  const piscina = new Piscina<ExtractTask, ExtractTaskOutcome>({
    filename: WORKER_FILE,
    minThreads: threads,
    maxThreads: threads,
    // The pool feeds piscina at most one page per thread (below), so its queue stays empty.
    maxQueue: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    // A page that would exhaust memory kills its own thread (the task fails), not the process.
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  let running = 0;
  let closed = false;
  const waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];

  const acquireThread = async (): Promise<void> => {
    if (closed) throw new ExtractError('extract_failed', 'extract: pool is closed');
    if (running < threads) {
      running++;
      return;
    }
    if (waiting.length >= maxQueue) {
      throw new RetryableError(
        'extract_queue_full',
        `extract: pool queue is full (${maxQueue} pages waiting)`,
      );
    }
    // The slot is handed over by releaseThread, so `running` is unchanged here.
    await new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
  };
  const releaseThread = (): void => {
    const next = waiting.shift();
    if (next) next.resolve();
    else running--;
  };

  const runOnThread = async (
    html: string,
    url: string,
    extractOptions: ExtractOptions,
  ): Promise<TimedOutcome> => {
    const budget = extractOptions.timeBudgetMs ?? timeBudgetMs;
    await acquireThread();
    const abort = new AbortController();
    // Each page runs as soon as it is handed over (one per thread at most), so its clock starts here.
    const timer = setTimeout(() => abort.abort(), budget + HARD_LIMIT_GRACE_MS);
    try {
      const outcome = await piscina.run(
        { html, url, options: { ...extractOptions, timeBudgetMs: budget } },
        { signal: abort.signal },
      );
      if (!outcome.ok) {
        throw outcome.retryable
          ? new RetryableError(outcome.code, outcome.message)
          : new ExtractError(outcome.code, outcome.message);
      }
      return { result: outcome.result, timing: outcome.timing };
    } catch (error) {
      if (abort.signal.aborted) {
        throw new ExtractError(
          'extract_timeout',
          `extract: page over its ${budget} ms time budget, thread replaced`,
        );
      }
      if (error instanceof ExtractError || error instanceof RetryableError) throw error;
      throw new ExtractError('extract_failed', `extract: worker failed: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      releaseThread();
    }
  };

  return {
    extractTimed: (html, url, extractOptions = {}) => runOnThread(html, url, extractOptions),
    extract: async (html, url, extractOptions = {}) => (await runOnThread(html, url, extractOptions)).result,
    close: async () => {
      closed = true;
      for (const waiter of waiting.splice(0))
        waiter.reject(new ExtractError('extract_failed', 'extract: pool is closed'));
      await piscina.destroy();
    },
  };
}
