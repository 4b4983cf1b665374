import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from './connection';
import {
  createStageHistoryRecorder,
  percentileFromBuckets,
  readStageHistory,
  readStageTotals,
  recordQueueDepths,
} from './stage-history';
import { startPrivateRedis, uniquePrefix } from './testing';

describe('stage history', () => {
  const redis = createRedis(process.env.REDIS_URL!);
  afterAll(() => redis.disconnect());

  it('reads percentiles from bucket counts', () => {
    // Buckets 5, 10, 25 ms: 6 fast attempts, 3 at 10 ms, 1 at 25 ms.
    expect(percentileFromBuckets([6, 3, 1], 0.5)).toBe(5);
    expect(percentileFromBuckets([6, 3, 1], 0.95)).toBe(25);
    expect(percentileFromBuckets([0, 0], 0.5)).toBeNull();
  });

  it('batches attempts per minute and reads them back as per-stage series with totals', async () => {
    const prefix = uniquePrefix('history');
    const start = Date.UTC(2026, 0, 1, 12, 0, 0);
    let clock = start;
    const recorder = createStageHistoryRecorder(redis, { prefix, flushEveryMs: 60_000, now: () => clock });
    for (let index = 0; index < 19; index++)
      recorder.record({ queue: 'article-extract', outcome: 'completed', durationMs: 40, outputs: 1 });
    recorder.record({ queue: 'article-extract', outcome: 'completed', durationMs: 2_000, outputs: 1 });
    recorder.record({
      queue: 'article-extract',
      outcome: 'failed',
      durationMs: 3,
      outputs: 0,
      errorCode: 'extract_empty',
    });
    clock += 60_000;
    recorder.record({
      queue: 'article-tag',
      outcome: 'retry',
      durationMs: 7,
      outputs: 0,
      errorCode: 'redis_down',
    });
    // Nothing is written before the flush.
    expect(await redis.exists(`${prefix}:history:total`)).toBe(0);
    await recorder.close();
    await recordQueueDepths(redis, prefix, { 'article-extract': 4 }, clock);

    const history = await readStageHistory(redis, prefix, { minutes: 3, now: clock });
    expect(history.minutes).toEqual([start - 60_000, start, start + 60_000]);
    const extract = history.stages.find((series) => series.queue === 'article-extract')!;
    expect(extract.minutes[1]).toEqual({
      t: start,
      completed: 20,
      retry: 0,
      failed: 1,
      outputs: 20,
      p50Ms: 50,
      p95Ms: 50,
    });
    expect(extract.minutes[0]!.p50Ms).toBeNull();
    expect(extract.codes).toEqual([{ code: 'extract_empty', count: 1 }]);
    expect(history.stages.find((series) => series.queue === 'article-tag')!.minutes[2]!.retry).toBe(1);
    expect(history.depths).toEqual([{ queue: 'article-extract', values: [null, null, 4] }]);
    expect((await redis.ttl(`${prefix}:history:${start / 60_000}`)) > 80_000).toBe(true);
    expect(await readStageTotals(redis, prefix)).toEqual(
      expect.arrayContaining([
        { queue: 'article-extract', field: 'completed', value: 20 },
        { queue: 'article-extract', field: 'failed', value: 1 },
        { queue: 'article-extract', field: 'outputs', value: 20 },
        { queue: 'article-tag', field: 'retry', value: 1 },
      ]),
    );
  });

  it('closes within its deadline when Redis is down, keeping shutdown short', async () => {
    const server = await startPrivateRedis();
    const connection = createRedis(server.url);
    connection.on('error', () => {});
    const recorder = createStageHistoryRecorder(connection, { prefix: uniquePrefix('history-down') });
    recorder.record({ queue: 'article-tag', outcome: 'completed', durationMs: 3, outputs: 1 });
    await server.stop();
    const started = Date.now();
    await recorder.close();
    expect(Date.now() - started).toBeLessThan(4_000);
    connection.disconnect();
  });
});
