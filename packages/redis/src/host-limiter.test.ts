import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisHostLimiter, type RedisHostLimiter, type RedisHostLimiterOptions } from './host-limiter';
import { type PrivateRedis, startPrivateRedis, uniquePrefix } from './testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createRedisHostLimiter', () => {
  let server: PrivateRedis | null = null;
  let url: string;
  const connections: Redis[] = [];

  function connect(): Redis {
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    connections.push(redis);
    return redis;
  }

  /** Two workers: two limiters on two connections sharing one prefix. */
  function twoWorkers(options: Omit<RedisHostLimiterOptions, 'prefix'>, prefix = uniquePrefix('host-limit')) {
    return [
      createRedisHostLimiter(connect(), { prefix, ...options }),
      createRedisHostLimiter(connect(), { prefix, ...options }),
    ] as const;
  }

  beforeAll(async () => {
    if (process.env.REDIS_URL) {
      url = process.env.REDIS_URL;
    } else {
      server = await startPrivateRedis();
      url = server.url;
    }
  });

  afterAll(async () => {
    for (const redis of connections) redis.disconnect();
    await server?.stop();
  });

  async function runTasks(
    limiters: readonly RedisHostLimiter[],
    host: string,
    count: number,
    holdMs: number,
  ) {
    let active = 0;
    let peak = 0;
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const release = await limiters[index % limiters.length]!.acquire(host);
        starts.push(performance.now());
        active++;
        peak = Math.max(peak, active);
        await sleep(holdMs);
        active--;
        await release();
      }),
    );
    return { peak, starts: starts.sort((a, b) => a - b) };
  }

  it('never lets two workers exceed the per-host limit under concurrent acquires', async () => {
    const workers = twoWorkers({ maxConcurrency: 2, minDelayMs: 0, leaseMs: 10_000, pollMs: 10 });
    const { peak } = await runTasks(workers, 'news.example', 16, 15);
    expect(peak).toBe(2);
  });

  it('spaces request starts across workers by the minimum delay', async () => {
    const workers = twoWorkers({ maxConcurrency: 10, minDelayMs: 60, leaseMs: 10_000 });
    const before = performance.now();
    const { starts } = await runTasks(workers, 'news.example', 4, 1);
    // Start times are reserved on Redis's clock: the k-th cannot come before k delays have passed.
    for (const [k, start] of starts.entries()) expect(start - before).toBeGreaterThanOrEqual(k * 60 - 5);
    expect(starts[3]! - before).toBeLessThan(2_000);
  });

  it('keeps hosts independent', async () => {
    const [limiter] = twoWorkers({ maxConcurrency: 1, minDelayMs: 5_000, leaseMs: 10_000 });
    const started = performance.now();
    const releases = await Promise.all(
      ['a.example', 'b.example', 'c.example'].map((host) => limiter.acquire(host)),
    );
    expect(performance.now() - started).toBeLessThan(1_000);
    await Promise.all(releases.map((release) => release()));
  });

  it('frees the slot of a worker that died within one lease', async () => {
    const prefix = uniquePrefix('host-limit');
    const options = { prefix, maxConcurrency: 1, minDelayMs: 0, leaseMs: 300, pollMs: 20 };
    const deadConnection = connect();
    const crashed = createRedisHostLimiter(deadConnection, options);
    const survivor = createRedisHostLimiter(connect(), options);
    await crashed.acquire('news.example');
    deadConnection.disconnect(); // as if the worker was killed: no release, no renewal
    const started = performance.now();
    const release = await survivor.acquire('news.example');
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(2_000);
    await release();
  });

  it('keeps a slot held past its lease while its holder lives', async () => {
    const [holder, other] = twoWorkers({ maxConcurrency: 1, minDelayMs: 0, leaseMs: 300, pollMs: 20 });
    const release = await holder.acquire('news.example');
    await expect(other.acquire('news.example', AbortSignal.timeout(1_000))).rejects.toThrow();
    await release();
    const again = await other.acquire('news.example', AbortSignal.timeout(1_000));
    await again();
  });

  it('gives up waiting when the signal aborts, and a released slot is reusable', async () => {
    const [first, second] = twoWorkers({ maxConcurrency: 1, minDelayMs: 0, leaseMs: 10_000, pollMs: 20 });
    const release = await first.acquire('news.example');
    await expect(second.acquire('news.example', AbortSignal.timeout(80))).rejects.toThrow();
    await release();
    await release(); // idempotent
    const again = await second.acquire('news.example', AbortSignal.timeout(1_000));
    await again();
  });

  it('keeps its keys under the prefix and lets them expire', async () => {
    const prefix = uniquePrefix('host-limit-keys');
    const [limiter] = twoWorkers({ maxConcurrency: 1, minDelayMs: 200, leaseMs: 5_000 }, prefix);
    const release = await limiter.acquire('News.Example');
    const redis = connect();
    const keys = (await redis.keys(`${prefix}*`)).sort();
    expect(keys).toEqual([
      `${prefix}:host-limit:{news.example}:leases`,
      `${prefix}:host-limit:{news.example}:next-start`,
    ]);
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(5_001);
    }
    await release();
  });

  it('defers callers past the longest wait with tickets at the polite pace, instead of holding them', async () => {
    const [limiter] = twoWorkers({ maxConcurrency: 1, minDelayMs: 300, leaseMs: 5_000, maxWaitMs: 100 });
    const release = await limiter.acquire('busy.example');
    const tickets: number[] = [];
    for (let index = 0; index < 3; index++) {
      const error = await limiter.acquire('busy.example').then(
        () => null,
        (rejection: unknown) => rejection,
      );
      expect(error).toMatchObject({ name: 'DeferredError', code: 'host_busy' });
      tickets.push((error as { retryAt: number }).retryAt);
    }
    // Each deferred caller comes back one polite delay after the one before it.
    expect(tickets[1]! - tickets[0]!).toBeGreaterThanOrEqual(280);
    expect(tickets[2]! - tickets[1]!).toBeGreaterThanOrEqual(280);
    await release();
    // Another host is not held up by the busy one.
    const other = await limiter.acquire('quiet.example', AbortSignal.timeout(500));
    await other();
  });

  it('lets an unspaced request (robots.txt) through the minimum delay, never past the concurrency', async () => {
    const prefix = uniquePrefix('host-limit');
    const spacedLimiter = createRedisHostLimiter(connect(), {
      prefix,
      maxConcurrency: 2,
      minDelayMs: 5_000,
      leaseMs: 5_000,
    });
    const robots = createRedisHostLimiter(connect(), {
      prefix,
      maxConcurrency: 2,
      minDelayMs: 5_000,
      leaseMs: 5_000,
      spaced: false,
      maxWaitMs: 100,
    });
    const page = await spacedLimiter.acquire('site.example');
    const started = performance.now();
    const robotsSlot = await robots.acquire('site.example');
    expect(performance.now() - started).toBeLessThan(500);
    // Both slots are taken now: a third request, unspaced or not, is refused (deferred).
    await expect(robots.acquire('site.example')).rejects.toMatchObject({ name: 'DeferredError' });
    await robotsSlot();
    await page();
  });

  it('waits after a response in proportion to how long it took, within the cap', async () => {
    const [worker, other] = twoWorkers({
      maxConcurrency: 2,
      minDelayMs: 0,
      delayFactor: 3,
      maxDelayMs: 1_000,
      leaseMs: 5_000,
    });
    // A slow response (~200 ms) puts the host's next start ~600 ms after it ended, for every worker.
    const slow = await worker.acquire('slow.example');
    await sleep(200);
    await slow();
    const ended = performance.now();
    const next = await other.acquire('slow.example');
    expect(performance.now() - ended).toBeGreaterThanOrEqual(550);
    // A quick response barely delays the next one.
    await next();
    const quickEnded = performance.now();
    await (await worker.acquire('slow.example'))();
    const afterQuick = performance.now();
    await (await other.acquire('slow.example'))();
    expect(afterQuick - quickEnded).toBeLessThan(1_100);
    expect(performance.now() - afterQuick).toBeLessThan(300);
    // However slow the host, the pause stops at maxDelayMs.
    const [capped] = twoWorkers({
      maxConcurrency: 1,
      minDelayMs: 0,
      delayFactor: 100,
      maxDelayMs: 400,
      leaseMs: 5_000,
    });
    const hold = await capped.acquire('crawl.example');
    await sleep(50);
    await hold();
    const cappedEnded = performance.now();
    await (await capped.acquire('crawl.example'))();
    const waited = performance.now() - cappedEnded;
    expect(waited).toBeGreaterThanOrEqual(350);
    expect(waited).toBeLessThan(1_000);
  });

  it("keeps a site's own delay (Crawl-delay) when it asks for more than the configured one", async () => {
    const [worker, other] = twoWorkers({ maxConcurrency: 2, minDelayMs: 0, leaseMs: 5_000 });
    const started = performance.now();
    await (await worker.acquire('crawl-delay.example', undefined, 400))();
    await (await other.acquire('crawl-delay.example', undefined, 400))();
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
    // Hosts that ask nothing are not held to it.
    const quick = performance.now();
    await (await worker.acquire('fast.example'))();
    await (await other.acquire('fast.example'))();
    expect(performance.now() - quick).toBeLessThan(300);
  });
});
