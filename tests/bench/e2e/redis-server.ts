// Owns the private redis-server each benchmark run gets: started on a free port with production-like
// persistence (AOF, fsync every second, noeviction as BullMQ requires), watched like every other
// process, and read through INFO and BullMQ's documented key layout for queue depths.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from '@newsq/redis';
import { freePort } from '@newsq/redis/testing';
import { startProcess, type WatchedProcess } from './watched-process';

export interface BenchRedis {
  url: string;
  process: WatchedProcess;
  client: Redis;
  info(): Promise<Record<string, string>>;
  /** Jobs waiting, active or delayed in the queues, and jobs failed, under `prefix`. */
  queueDepths(prefix: string, queues: readonly string[]): Promise<{ pending: number; failed: number }>;
  /** Bytes held by data newsq keeps on purpose, each bounded by its own retention setting. */
  retainedBytes(prefix: string): Promise<RetainedBytes>;
  stop(): Promise<void>;
}

export interface RetainedBytes {
  /** The near-duplicate index (`<prefix>:dd:*`), kept for DEDUPE_RETENTION_DAYS. */
  dedupeIndex: number;
  /** The article stream, kept to STORE_STREAM_MAX_LENGTH entries. */
  articleStream: number;
}

export async function startBenchRedis(workDir: string, logPath: string): Promise<BenchRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(workDir, 'redis-'));
  const server = startProcess({
    name: 'redis-server',
    command: 'redis-server',
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
    ],
    env: {},
    cwd: dir,
    logPath,
  });
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (error) {
      client.disconnect();
      if (Date.now() > deadline) throw new Error(`bench: redis-server did not answer on ${url}: ${error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  let stopping: Promise<void> | null = null;
  return {
    url,
    process: server,
    client,
    async info() {
      const text = await client.info();
      return Object.fromEntries(
        text
          .split('\r\n')
          .filter((line) => line.includes(':'))
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
      );
    },
    async queueDepths(prefix, queues) {
      const pipeline = client.pipeline();
      for (const queue of queues) {
        const key = `${prefix}:${queue}`;
        pipeline.llen(`${key}:wait`).llen(`${key}:active`).llen(`${key}:paused`);
        pipeline.zcard(`${key}:delayed`).zcard(`${key}:prioritized`).zcard(`${key}:failed`);
      }
      const counts = ((await pipeline.exec()) ?? []).map(([, value]) => Number(value ?? 0));
      let pending = 0;
      let failed = 0;
      counts.forEach((count, index) => {
        if (index % 6 === 5) failed += count;
        else pending += count;
      });
      return { pending, failed };
    },
    async retainedBytes(prefix) {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await client.scan(cursor, 'MATCH', `${prefix}:dd:*`, 'COUNT', 1000);
        cursor = next;
        keys.push(...found);
      } while (cursor !== '0');
      const pipeline = client.pipeline();
      // SAMPLES 0: every element counted, not an estimate from a few.
      for (const key of [`${prefix}:articles`, ...keys]) pipeline.memory('USAGE', key, 'SAMPLES', 0);
      const [stream, ...index] = ((await pipeline.exec()) ?? []).map(([, value]) => Number(value ?? 0));
      return { articleStream: stream ?? 0, dedupeIndex: index.reduce((sum, bytes) => sum + bytes, 0) };
    },
    stop() {
      stopping ??= (async () => {
        client.disconnect();
        await server.stop('SIGTERM', 10_000);
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
