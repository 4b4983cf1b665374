// Owns the pipeline's own short history, so the dashboard needs no Prometheus server: per-minute
// counters of job attempts per stage and outcome, a duration histogram per stage, the error codes of
// failed attempts, and queue depths, in one Redis hash per minute that expires after a day. Workers
// add to it in batches (one pipeline every few seconds, whatever the job rate); all-time totals sit
// beside it for the api's /metrics. Reads turn the hashes back into per-stage series with p50/p95.
import type { Redis } from 'ioredis';

/** Upper bounds (ms) of the duration buckets; a last, unbounded bucket follows. */
export const DURATION_BUCKETS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000,
];
/** A day of minutes: the dashboard shows the last hour, a day lets an operator look back after a night. */
export const HISTORY_RETENTION_SECONDS = 86_400;
const MINUTE_MS = 60_000;
/** How long closing waits for the last write of the history. */
const CLOSE_FLUSH_TIMEOUT_MS = 2_000;

export type AttemptOutcome = 'completed' | 'retry' | 'failed';

/** One job attempt of a stage, named by the stage's input queue. */
export interface RecordedAttempt {
  queue: string;
  outcome: AttemptOutcome;
  durationMs: number;
  outputs: number;
  errorCode?: string;
}

export interface StageHistoryRecorder {
  record(attempt: RecordedAttempt): void;
  /** Writes what was recorded since the last flush (one pipeline). */
  flush(): Promise<void>;
  /** Stops the timer and writes the rest (waiting at most a couple of seconds). */
  close(): Promise<void>;
}

const minuteKey = (prefix: string, minute: number) => `${prefix}:history:${minute}`;
const totalsKey = (prefix: string) => `${prefix}:history:total`;
// Field names: `<queue>|<outcome>`, `<queue>|outputs`, `<queue>|b<bucket index>`, `<queue>|code|<code>`
// for the stage reading <queue>, and `depth|<queue>`. Queue names never contain '|'.
const bucketIndex = (durationMs: number) => {
  const index = DURATION_BUCKETS_MS.findIndex((bound) => durationMs <= bound);
  return index === -1 ? DURATION_BUCKETS_MS.length : index;
};

export function createStageHistoryRecorder(
  redis: Redis,
  options: { prefix: string; flushEveryMs?: number; now?: () => number },
): StageHistoryRecorder {
  const now = options.now ?? Date.now;
  /** minute -> field -> increment; totals under minute -1. */
  let pending = new Map<number, Map<string, number>>();
  const add = (minute: number, field: string, by: number) => {
    const fields = pending.get(minute) ?? new Map<string, number>();
    fields.set(field, (fields.get(field) ?? 0) + by);
    pending.set(minute, fields);
  };
  let flushing: Promise<void> | null = null;

  const flush = async (): Promise<void> => {
    await flushing;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    const pipeline = redis.pipeline();
    for (const [minute, fields] of batch) {
      const key = minute === -1 ? totalsKey(options.prefix) : minuteKey(options.prefix, minute);
      for (const [field, by] of fields) pipeline.hincrby(key, field, by);
      if (minute !== -1) pipeline.expire(key, HISTORY_RETENTION_SECONDS);
    }
    flushing = pipeline.exec().then(
      () => undefined,
      () => {
        // Redis unreachable: keep the counts for the next flush rather than lose them.
        for (const [minute, fields] of batch) for (const [field, by] of fields) add(minute, field, by);
      },
    );
    await flushing;
    flushing = null;
  };

  const timer = setInterval(() => void flush(), options.flushEveryMs ?? 5_000);
  timer.unref();

  return {
    record(attempt) {
      const minute = Math.floor(now() / MINUTE_MS);
      for (const at of [minute, -1]) {
        add(at, `${attempt.queue}|${attempt.outcome}`, 1);
        if (attempt.outputs > 0) add(at, `${attempt.queue}|outputs`, attempt.outputs);
      }
      add(minute, `${attempt.queue}|b${bucketIndex(attempt.durationMs)}`, 1);
      if (attempt.outcome !== 'completed' && attempt.errorCode !== undefined)
        add(minute, `${attempt.queue}|code|${attempt.errorCode}`, 1);
    },
    flush,
    async close() {
      clearInterval(timer);
      // History is best effort: a shutdown during a Redis outage must not wait for it to end.
      let deadline: NodeJS.Timeout | undefined;
      await Promise.race([
        flush(),
        new Promise<void>((resolve) => {
          deadline = setTimeout(resolve, CLOSE_FLUSH_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(deadline);
    },
  };
}

/** Records each queue's depth (waiting + active + delayed) for the current minute; the last sample wins. */
export async function recordQueueDepths(
  redis: Redis,
  prefix: string,
  depths: Readonly<Record<string, number>>,
  now = Date.now(),
): Promise<void> {
  const key = minuteKey(prefix, Math.floor(now / MINUTE_MS));
  const fields = Object.entries(depths).flatMap(([queue, depth]) => [`depth|${queue}`, String(depth)]);
  if (fields.length === 0) return;
  await redis
    .pipeline()
    .hset(key, ...fields)
    .expire(key, HISTORY_RETENTION_SECONDS)
    .exec();
}

export interface StageMinute {
  /** Start of the minute, epoch ms. */
  t: number;
  completed: number;
  retry: number;
  failed: number;
  outputs: number;
  /** Duration percentiles of the minute's attempts (bucket upper bounds), null without attempts. */
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface StageSeries {
  /** The stage's input queue. */
  queue: string;
  minutes: StageMinute[];
  /** Error codes of failed and retried attempts over the window, most frequent first. */
  codes: { code: string; count: number }[];
}

export interface PipelineHistory {
  /** Minute starts, oldest first, one per minute of the window. */
  minutes: number[];
  stages: StageSeries[];
  /** Queue depth per minute; null where no sample was taken. */
  depths: { queue: string; values: (number | null)[] }[];
}

/** The percentile's bucket upper bound (the last, unbounded bucket reads as twice the last bound). */
export function percentileFromBuckets(counts: readonly number[], quantile: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil(quantile * total);
  let seen = 0;
  for (const [index, count] of counts.entries()) {
    seen += count;
    if (seen >= rank) return DURATION_BUCKETS_MS[index] ?? DURATION_BUCKETS_MS.at(-1)! * 2;
  }
  return null;
}

/** The last `minutes` minutes (the current one included) of every stage and queue that left a trace. */
export async function readStageHistory(
  redis: Redis,
  prefix: string,
  options: { minutes?: number; now?: number } = {},
): Promise<PipelineHistory> {
  const count = options.minutes ?? 60;
  const last = Math.floor((options.now ?? Date.now()) / MINUTE_MS);
  const minutes = Array.from({ length: count }, (_, index) => last - count + 1 + index);
  const pipeline = redis.pipeline();
  for (const minute of minutes) pipeline.hgetall(minuteKey(prefix, minute));
  const replies = (await pipeline.exec()) ?? [];
  const hashes = replies.map(([error, value]) => {
    if (error) throw error;
    return value as Record<string, string>;
  });

  const stageQueues = new Set<string>();
  const depthQueues = new Set<string>();
  for (const hash of hashes) {
    for (const field of Object.keys(hash)) {
      const [head, rest] = field.split('|', 2);
      if (head === 'depth') depthQueues.add(rest!);
      else stageQueues.add(head!);
    }
  }
  const stages = [...stageQueues].sort().map((queue): StageSeries => {
    const codes = new Map<string, number>();
    const series = hashes.map((hash, index): StageMinute => {
      const read = (name: string) => Number(hash[`${queue}|${name}`] ?? 0);
      const buckets = Array.from({ length: DURATION_BUCKETS_MS.length + 1 }, (_, bucket) =>
        read(`b${bucket}`),
      );
      for (const [field, value] of Object.entries(hash)) {
        if (field.startsWith(`${queue}|code|`)) {
          const code = field.slice(queue.length + 6);
          codes.set(code, (codes.get(code) ?? 0) + Number(value));
        }
      }
      return {
        t: minutes[index]! * MINUTE_MS,
        completed: read('completed'),
        retry: read('retry'),
        failed: read('failed'),
        outputs: read('outputs'),
        p50Ms: percentileFromBuckets(buckets, 0.5),
        p95Ms: percentileFromBuckets(buckets, 0.95),
      };
    });
    return {
      queue,
      minutes: series,
      codes: [...codes]
        .map(([code, value]) => ({ code, count: value }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    };
  });
  const depths = [...depthQueues].sort().map((queue) => ({
    queue,
    values: hashes.map((hash) => {
      const value = hash[`depth|${queue}`];
      return value === undefined ? null : Number(value);
    }),
  }));
  return { minutes: minutes.map((minute) => minute * MINUTE_MS), stages, depths };
}

/** All-time attempts per stage (by input queue) and outcome, and outputs, summed over every worker. */
export async function readStageTotals(
  redis: Redis,
  prefix: string,
): Promise<{ queue: string; field: AttemptOutcome | 'outputs'; value: number }[]> {
  const hash = await redis.hgetall(totalsKey(prefix));
  return Object.entries(hash).map(([key, value]) => {
    const [queue, field] = key.split('|', 2) as [string, AttemptOutcome | 'outputs'];
    return { queue, field, value: Number(value) };
  });
}
