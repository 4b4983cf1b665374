// Owns the limit: extraction alone over every page of the scenario held in memory, on all cores,
// through @newsq/extract's worker-thread pool with no queue, network or store in the way.
import { availableParallelism } from 'node:os';
import { createExtractPool } from '@newsq/extract';
import type { Scenario } from './scenarios';

export interface Limit {
  threads: number;
  pages: number;
  failed: number;
  wallMs: number;
  /** CPU of this process and its threads during the measurement. */
  cpuMs: number;
  pagesPerSecond: number;
  cpuMsPerPage: number;
}

export async function measureLimit(scenario: Scenario): Promise<Limit> {
  const threads = availableParallelism();
  const pages = scenario.pages.map((page) => ({ url: page.url, html: page.html() }));
  const pool = createExtractPool({ threads });
  try {
    // Warm-up: threads load their modules and JIT on a first round, which is no per-page cost.
    await Promise.all(pages.slice(0, threads * 2).map((page) => pool.extract(page.html, page.url)));
    let next = 0;
    let failed = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    // Two pages per thread in flight keep every thread busy without queueing the whole corpus.
    await Promise.all(
      Array.from({ length: threads * 2 }, async () => {
        while (next < pages.length) {
          const page = pages[next++]!;
          await pool.extract(page.html, page.url).catch(() => {
            failed++;
          });
        }
      }),
    );
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    return {
      threads,
      pages: pages.length,
      failed,
      wallMs,
      cpuMs,
      pagesPerSecond: pages.length / (wallMs / 1000),
      cpuMsPerPage: cpuMs / pages.length,
    };
  } finally {
    await pool.close();
  }
}
