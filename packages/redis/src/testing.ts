// Owns test helpers for real Redis: a private redis-server on a free port (for tests
// that stop or restart Redis, or when REDIS_URL is unset) and unique key prefixes.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface PrivateRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts `redis-server` on a free loopback port and waits until it answers, never evicting keys
 * (as BullMQ needs). Without `dataDir` nothing is persisted; with it, writes go to an append-only
 * file there (fsync'd every write by default, or every second as in production), so a restart on
 * the same port and directory keeps what was written.
 */
export async function startPrivateRedis(
  options: { port?: number; binary?: string; dataDir?: string; appendfsync?: 'always' | 'everysec' } = {},
): Promise<PrivateRedis> {
  const port = options.port ?? (await freePort());
  const persistence =
    options.dataDir === undefined
      ? ['--save', '', '--appendonly', 'no']
      : [
          '--save',
          '',
          '--appendonly',
          'yes',
          '--appendfsync',
          options.appendfsync ?? 'always',
          '--dir',
          options.dataDir,
        ];
  const child = spawn(
    options.binary ?? 'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--maxmemory-policy',
      'noeviction',
      ...persistence,
      '--daemonize',
      'no',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => {});
    try {
      await Promise.race([probe.connect().then(() => probe.ping()), spawnError]);
      break;
    } catch (error) {
      if (
        child.exitCode !== null ||
        Date.now() > deadline ||
        (error as NodeJS.ErrnoException).code === 'ENOENT'
      ) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      probe.disconnect();
    }
  }
  return {
    url,
    port,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A key prefix no other test run shares; braces keep a run's keys in one Redis Cluster slot. */
export function uniquePrefix(label = 'test'): string {
  return `{${label}-${process.pid}-${randomBytes(4).toString('hex')}}`;
}
