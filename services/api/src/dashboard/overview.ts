// Owns the pipeline overview's data: the last hour of every stage from the history the workers keep
// in Redis (throughput, p50/p95, error codes), queue depths over time, the dead letters per stage
// with their most common codes, feeds with the failing ones first, the dedupe ratio, topics per hour
// and volume per feed from the store. One read serves the page and its refreshes.
import { ALL_QUEUES, type QueueName } from '@newsq/core';
import type { QueueAdmin, QueueCounts } from '@newsq/queue';
import { type PipelineHistory, type Redis, readStageHistory, recordQueueDepths } from '@newsq/redis';
import type { ArticleActivity, FeedRecord, Store } from '@newsq/store';

const HISTORY_MINUTES = 60;
const ACTIVITY_HOURS = 24;
/** Failed jobs listed per stage (each with retry); bull-board has the rest. */
const FAILED_JOBS_SHOWN = 10;
/** Failed jobs read per stage to rank error codes. */
const FAILED_JOBS_SAMPLED = 200;

export interface StageFailures {
  queue: QueueName;
  failed: number;
  /** Codes of the dead letters sampled, most common first. */
  codes: { code: string; count: number }[];
  jobs: { id: string; code: string; reason: string; finishedOn: string | null }[];
}

export interface Overview {
  generatedAt: string;
  queues: readonly QueueName[];
  history: PipelineHistory;
  counts: QueueCounts[];
  failures: StageFailures[];
  feeds: FeedRecord[];
  articles: { originals: number; duplicates: number };
  activity: ArticleActivity;
}

/** The failed reason the runner writes starts with the error's code. */
export function reasonCode(reason: string): string {
  return /^([a-z][a-z0-9_]*): /.exec(reason)?.[1] ?? 'unexpected';
}

const FEED_ORDER: Record<FeedRecord['health'], number> = { unhealthy: 0, failing: 1, new: 2, ok: 3 };

/** Unhealthy and failing feeds first, then the most consecutive failures, then by address. */
export function feedsFailingFirst(feeds: readonly FeedRecord[]): FeedRecord[] {
  return [...feeds].sort(
    (a, b) =>
      FEED_ORDER[a.health] - FEED_ORDER[b.health] ||
      b.consecutiveFailures - a.consecutiveFailures ||
      a.url.localeCompare(b.url),
  );
}

/** Depth = jobs still to be done: waiting, active and delayed. */
export async function sampleQueueDepths(
  redis: Redis,
  prefix: string,
  admin: QueueAdmin,
): Promise<QueueCounts[]> {
  const counts = await admin.counts();
  await recordQueueDepths(
    redis,
    prefix,
    Object.fromEntries(counts.map((row) => [row.queue, row.waiting + row.active + row.delayed])),
  );
  return counts;
}

export async function readOverview(deps: {
  redis: Redis;
  prefix: string;
  admin: QueueAdmin;
  store: Store;
}): Promise<Overview> {
  const counts = await sampleQueueDepths(deps.redis, deps.prefix, deps.admin);
  const [history, failures, feeds, articles, activity] = await Promise.all([
    readStageHistory(deps.redis, deps.prefix, { minutes: HISTORY_MINUTES }),
    Promise.all(
      ALL_QUEUES.map(async (queue): Promise<StageFailures> => {
        const letters = await deps.admin.deadLetters(queue, { limit: FAILED_JOBS_SAMPLED });
        const codes = new Map<string, number>();
        for (const letter of letters) {
          const code = reasonCode(letter.failedReason);
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }
        return {
          queue,
          failed: counts.find((row) => row.queue === queue)?.failed ?? letters.length,
          codes: [...codes]
            .map(([code, count]) => ({ code, count }))
            .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
          jobs: letters.slice(0, FAILED_JOBS_SHOWN).map((letter) => ({
            id: letter.id,
            code: reasonCode(letter.failedReason),
            reason: letter.failedReason,
            finishedOn: letter.finishedOn,
          })),
        };
      }),
    ),
    deps.store.feeds.list(),
    deps.store.articles.count(),
    deps.store.activity.since(new Date(Date.now() - ACTIVITY_HOURS * 3_600_000)),
  ]);
  return {
    generatedAt: new Date().toISOString(),
    queues: ALL_QUEUES,
    history,
    counts,
    failures,
    feeds: feedsFailingFirst(feeds),
    articles,
    activity,
  };
}
