// Owns Redis connections: one factory so every worker, queue and admin call
// uses the settings BullMQ needs, and one reachability check with a plain message.
import { Redis } from 'ioredis';

export type { Redis };

export class RedisUnavailableError extends Error {
  readonly code = 'redis_unavailable';
  readonly retryable = true;
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnavailableError';
  }
}

/** A connection suited to BullMQ workers: blocking commands must not be cut by a retry limit. */
export function createRedis(url: string, options: { lazy?: boolean } = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: options.lazy ?? false,
  });
}

/** Resolves once Redis answers PING, or rejects with one line saying where it was looked for. */
export async function assertRedisReachable(url: string, timeoutMs = 3_000): Promise<void> {
  const redacted = redactUrl(url);
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new RedisUnavailableError(`redis: cannot reach ${redacted}: ${(error as Error).message}`);
  } finally {
    probe.disconnect();
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * A BullMQ queue re-emits its connection's errors and prints them when nobody listens.
 * The connection's owner logs them (see the runtime), and commands wait for the
 * reconnect, so the queue's copy is dropped here rather than printed twice.
 */
export function ignoreConnectionErrors<
  T extends { on(event: 'error', listener: (error: Error) => void): unknown },
>(queue: T): T {
  queue.on('error', () => {});
  return queue;
}
