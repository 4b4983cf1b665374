// Owns what the benchmarks read from newsq's pino logs: per-stage job durations (the runner logs one
// `<stage>: done` line per job with `stage` and `duration_ms`), retried attempts and dead-lettered jobs
// by error code.
import { quantile } from './stats';
import type { LogLine } from './watched-process';

export interface StageLatency {
  jobs: number;
  p50Ms: number;
  p95Ms: number;
}

export class LogStats {
  readonly durations = new Map<string, number[]>();
  readonly retries = new Map<string, number>();
  readonly failures = new Map<string, number>();

  add(line: LogLine): void {
    const msg = line.msg ?? '';
    if (msg.endsWith(': done') && typeof line.stage === 'string' && typeof line.duration_ms === 'number') {
      const list = this.durations.get(line.stage) ?? [];
      list.push(line.duration_ms);
      this.durations.set(line.stage, list);
    } else if (msg.endsWith('attempt failed, will retry')) {
      this.count(this.retries, line.err_code);
    } else if (msg.endsWith('failed, kept in the dead-letter set')) {
      this.count(this.failures, line.err_code);
    }
  }

  private count(counts: Map<string, number>, code: unknown): void {
    const key = typeof code === 'string' ? code : 'unknown';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  latencies(): Record<string, StageLatency> {
    return Object.fromEntries(
      [...this.durations].map(([stage, values]) => [
        stage,
        { jobs: values.length, p50Ms: quantile(values, 0.5), p95Ms: quantile(values, 0.95) },
      ]),
    );
  }

  total(counts: Map<string, number>): number {
    return [...counts.values()].reduce((sum, n) => sum + n, 0);
  }
}
