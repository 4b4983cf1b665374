// Owns the code that runs inside a pool thread: one extraction, timed on this thread, with errors
// turned into plain data (structured clone keeps only an Error's message across threads).
import { performance } from 'node:perf_hooks';
import { isPipelineError } from '@newsq/core';
import { type ExtractOptions, type ExtractResult, extractArticle } from './extract-article';
import { threadCpuMs } from './thread-cpu';

export interface ExtractTask {
  html: string;
  url: string;
  options: ExtractOptions;
}

export interface ExtractTiming {
  ms: number;
  cpuMs: number | null;
}

export type ExtractTaskOutcome =
  | { ok: true; result: ExtractResult; timing: ExtractTiming }
  | { ok: false; code: string; message: string; retryable: boolean; timing: ExtractTiming };

export function runExtractTask(task: ExtractTask): ExtractTaskOutcome {
  const cpuStart = threadCpuMs();
  const started = performance.now();
  const timing = (): ExtractTiming => {
    const cpuEnd = threadCpuMs();
    return {
      ms: performance.now() - started,
      cpuMs: cpuStart === null || cpuEnd === null ? null : cpuEnd - cpuStart,
    };
  };
  try {
    const result = extractArticle(task.html, task.url, task.options);
    return { ok: true, result, timing: timing() };
  } catch (error) {
    if (isPipelineError(error)) {
      return {
        ok: false,
        code: error.code,
        message: error.message,
        retryable: error.retryable,
        timing: timing(),
      };
    }
    const message = `extract: ${(error as Error)?.message ?? String(error)}`;
    return { ok: false, code: 'extract_failed', message, retryable: false, timing: timing() };
  }
}
