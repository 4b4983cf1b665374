import { describe, expect, it } from 'vitest';
import { createMemoryHostLimiter, type HostLimiter } from './host-limiter';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `count` tasks through the limiter on one host; returns the peak concurrency and each start time. */
async function runTasks(limiter: HostLimiter, host: string, count: number, holdMs: number) {
  let active = 0;
  let peak = 0;
  const starts: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      const release = await limiter.acquire(host);
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

describe('createMemoryHostLimiter', () => {
  it('never exceeds the per-host concurrency', async () => {
    const limiter = createMemoryHostLimiter({ maxConcurrency: 2, minDelayMs: 0 });
    const { peak } = await runTasks(limiter, 'example.com', 10, 10);
    expect(peak).toBe(2);
  });

  it('spaces request starts on one host by the minimum delay', async () => {
    const limiter = createMemoryHostLimiter({ maxConcurrency: 5, minDelayMs: 50 });
    const before = performance.now();
    const { starts } = await runTasks(limiter, 'example.com', 4, 1);
    // The k-th start cannot come before k delays have passed (a late observation only adds; timers
    // have millisecond granularity, hence the small tolerance).
    for (const [k, start] of starts.entries()) expect(start - before).toBeGreaterThanOrEqual(k * 50 - 3);
  });

  it('keeps hosts independent', async () => {
    const limiter = createMemoryHostLimiter({ maxConcurrency: 1, minDelayMs: 1000 });
    const started = performance.now();
    const releases = await Promise.all(
      ['a.example', 'b.example', 'c.example'].map((host) => limiter.acquire(host)),
    );
    expect(performance.now() - started).toBeLessThan(100);
    await Promise.all(releases.map((release) => release()));
  });

  it('rejects a waiting acquire when its signal aborts, and the slot stays usable', async () => {
    const limiter = createMemoryHostLimiter({ maxConcurrency: 1, minDelayMs: 0 });
    const release = await limiter.acquire('example.com');
    const controller = new AbortController();
    const waiting = limiter.acquire('example.com', controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    await release();
    await release(); // releasing twice frees one slot only
    const again = await limiter.acquire('example.com');
    const blocked = limiter.acquire('example.com', AbortSignal.timeout(30));
    await expect(blocked).rejects.toThrow();
    await again();
  });
});
