// Owns the `newsq extract` batch command: JSON lines {"id","url","html"} in, one JSON line per page
// out ({"id","title","text","ms","cpu_ms","method",...} or {"id","error"}), pages run in parallel on
// the pool's threads and printed as they finish. No input ends the command early.
import { availableParallelism } from 'node:os';
import { isPipelineError, readJsonLines, writeJsonLine } from '@newsq/core';
import { createTimedExtractPool } from './extract-pool';

export interface ExtractBatchOptions {
  threads?: number;
  timeBudgetMs?: number;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export async function runExtractBatch(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: ExtractBatchOptions = {},
): Promise<void> {
  const pool = createTimedExtractPool(options);
  // Enough pages in flight to keep every thread busy; reading further waits, so memory stays bounded.
  const maxInFlight = 2 * Math.max(1, options.threads ?? availableParallelism());
  const inFlight = new Set<Promise<void>>();
  let writes = Promise.resolve();
  const write = (value: unknown): Promise<void> => {
    writes = writes.then(() => writeJsonLine(output, value));
    return writes;
  };

  const processRecord = async (record: Record<string, unknown>): Promise<void> => {
    const id = record.id ?? null;
    if (typeof record.parseError === 'string') return write({ id, error: record.parseError });
    if (typeof record.html !== 'string' || typeof record.url !== 'string') {
      return write({ id, error: 'extract: input needs string fields "url" and "html"' });
    }
    try {
      const { result, timing } = await pool.extractTimed(record.html, record.url);
      await write({
        id,
        title: result.title,
        text: result.text,
        ms: round(timing.ms),
        ...(timing.cpuMs === null ? {} : { cpu_ms: round(timing.cpuMs) }),
        method: result.method,
        wordCount: result.wordCount,
        byline: result.byline,
        publishedAt: result.publishedAt,
        language: result.language,
        canonicalUrl: result.canonicalUrl,
        warnings: result.warnings,
      });
    } catch (error) {
      const code = isPipelineError(error) ? error.code : 'extract_failed';
      await write({ id, error: (error as Error).message ?? String(error), code });
    }
  };

  try {
    for await (const record of readJsonLines(input)) {
      const task = processRecord(record).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await writes;
  } finally {
    await pool.close();
  }
}
