// `newsq status`: the pipeline on one screen for an operator, cron or a monitoring check: Redis and
// the database, each queue with its workers, dead letters and the last hour's failed attempts,
// unhealthy feeds, and how far the article stream's consumers lag. Exits 1 when something needs
// attention (a dependency down, dead letters, an unhealthy feed, work queued with no worker), else 0.
import { type Config, loadConfig } from '@newsq/config';
import { redactSecrets } from '@newsq/core';
import { QueueAdmin, type QueueCounts } from '@newsq/queue';
import {
  assertRedisReachable,
  createRedis,
  type Redis,
  readStageHistory,
  readStreamBacklog,
  type StreamBacklog,
} from '@newsq/redis';
import { describeStartupError } from '@newsq/runtime';
import { type FeedRecord, Store } from '@newsq/store';
import { formatTable, truncate } from '../table';

const CHECK_TIMEOUT_MS = 3_000;

function withDeadline<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

interface QueueStatus extends QueueCounts {
  workers: number | null;
  failedLastHour: number;
}

async function readQueues(
  redis: Redis,
  config: Config,
): Promise<{ queues: QueueStatus[]; stream: StreamBacklog }> {
  const admin = new QueueAdmin(redis, config.NEWSQ_PREFIX);
  try {
    const [counts, workers, history, stream] = await Promise.all([
      admin.counts(),
      // CLIENT LIST may be refused by a managed Redis: then the worker count is unknown, not zero.
      admin.workers().catch(() => null),
      readStageHistory(redis, config.NEWSQ_PREFIX, { minutes: 60 }),
      readStreamBacklog(redis, config.NEWSQ_PREFIX),
    ]);
    const queues = counts.map((row) => ({
      ...row,
      workers: workers?.find((entry) => entry.queue === row.queue)?.workers ?? null,
      failedLastHour:
        history.stages
          .find((stage) => stage.queue === row.queue)
          ?.minutes.reduce((sum, minute) => sum + minute.failed, 0) ?? 0,
    }));
    return { queues, stream };
  } finally {
    await admin.close();
  }
}

export async function runStatus(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`newsq status: ${describeStartupError(error) ?? (error as Error).message}\n`);
    return 1;
  }
  const attention: string[] = [];
  const lines: string[] = [`newsq status  ${new Date().toISOString()}`];

  let redis: Redis | null = null;
  try {
    await assertRedisReachable(config.REDIS_URL, CHECK_TIMEOUT_MS);
    redis = createRedis(config.REDIS_URL);
    lines.push(`redis      ok           ${redactSecrets(config.REDIS_URL)}`);
  } catch {
    lines.push(`redis      UNAVAILABLE  ${redactSecrets(config.REDIS_URL)}`);
    attention.push('redis is unreachable: no job moves until it is back');
  }

  let feeds: FeedRecord[] | null = null;
  const store = Store.open(config.DATABASE_URL);
  try {
    // Migrating is what every command does first; it is idempotent and proves the database answers.
    await withDeadline(store.migrate(), 'the database');
    feeds = await withDeadline(store.feeds.list(), 'the database');
    lines.push(`database   ok           ${redactSecrets(config.DATABASE_URL)}`);
  } catch {
    lines.push(`database   UNAVAILABLE  ${redactSecrets(config.DATABASE_URL)}`);
    attention.push('the database is unreachable: nothing is stored until it is back');
  } finally {
    await store.close().catch(() => {});
  }

  if (redis !== null) {
    try {
      const { queues, stream } = await withDeadline(readQueues(redis, config), 'redis');
      lines.push(
        '',
        formatTable(
          ['QUEUE', 'WAITING', 'ACTIVE', 'DELAYED', 'WORKERS', 'DEAD LETTERS', 'FAILED 1H'],
          queues.map((row) =>
            [
              row.queue,
              row.waiting,
              row.active,
              row.delayed,
              row.workers ?? '?',
              row.failed,
              row.failedLastHour,
            ].map(String),
          ),
        ),
      );
      for (const row of queues) {
        if (row.failed > 0)
          attention.push(`${row.failed} dead letter(s) in ${row.queue} (newsq dlq ls ${row.queue})`);
        if (row.workers === 0 && row.waiting + row.delayed > 0)
          attention.push(`${row.queue} has ${row.waiting + row.delayed} job(s) queued and no worker running`);
      }
      lines.push(
        '',
        `stream ${stream.key}: ${stream.length} entries${
          stream.groups.length === 0
            ? ', no consumer group'
            : `; ${stream.groups.map((group) => `${group.name}: lag ${group.lag ?? '?'}, pending ${group.pending}`).join('; ')}`
        }`,
      );
    } catch (error) {
      attention.push(`redis did not answer the queue reads: ${(error as Error).message}`);
    } finally {
      redis.disconnect();
    }
  }

  if (feeds !== null) {
    const count = (health: FeedRecord['health']) => feeds.filter((feed) => feed.health === health).length;
    const paused = feeds.filter((feed) => feed.status === 'paused').length;
    lines.push(
      `feeds: ${feeds.length} (${count('ok')} ok, ${count('new')} new, ${count('failing')} failing, ${count('unhealthy')} unhealthy), ${paused} paused`,
    );
    for (const feed of feeds.filter((entry) => entry.health === 'unhealthy' && entry.status === 'active')) {
      attention.push(
        `feed ${feed.url} is unhealthy after ${feed.consecutiveFailures} failures: ${truncate(feed.lastError ?? 'no error recorded', 100)}`,
      );
    }
  }

  lines.push(
    '',
    attention.length === 0
      ? 'all healthy'
      : `needs attention:\n${attention.map((line) => `  - ${line}`).join('\n')}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return attention.length === 0 ? 0 : 1;
}
