// Owns Redis connections: one factory so every worker, queue and adapter uses the settings BullMQ
// needs, a reachability check with a plain message, the rule that tells a Redis outage from a
// command's own fault, and the startup check that Redis keeps what it is given.
import { type Logger, redactSecrets } from '@newsq/core';
import { Redis } from 'ioredis';

export { Redis };

export class RedisUnavailableError extends Error {
  readonly code = 'redis_unavailable';
  readonly retryable = true;
  readonly dependency = 'redis';
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnavailableError';
  }
}

/** A connection suited to BullMQ workers: commands wait for a reconnect instead of failing. */
export function createRedis(url: string, options: { lazy?: boolean } = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: options.lazy ?? false,
  });
}

/** Resolves once Redis answers PING, or rejects with one line saying where it was looked for. */
export async function assertRedisReachable(url: string, timeoutMs = 3_000): Promise<void> {
  const redacted = redactSecrets(url);
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

/**
 * Replies that mean Redis cannot take the command now (out of memory under noeviction, failing to
 * persist, a read-only replica, loading, a script running, failover), as opposed to a bad command.
 */
const OUTAGE_REPLY = /^(?:OOM|MISCONF|READONLY|LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|NOREPLICAS)\b/;
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

export function isRedisOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
  return (
    OUTAGE_REPLY.test(error.message) ||
    error.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|Stream isn't writeable/.test(error.message)
  );
}

export interface DurabilityReport {
  persistence: boolean;
  noeviction: boolean;
}

/**
 * Redis is the record of in-flight work: without persistence a restart loses queued jobs and the
 * seen-sets, and with eviction it silently drops them. Warns in one line each; a server that refuses
 * CONFIG (some managed services) is reported as unknown, not as a failure.
 */
export async function checkRedisDurability(redis: Redis, logger: Logger): Promise<DurabilityReport | null> {
  let settings: Record<string, string>;
  try {
    const reply = (await redis.config('GET', 'appendonly', 'save', 'maxmemory-policy')) as string[];
    settings = {};
    for (let index = 0; index + 1 < reply.length; index += 2) settings[reply[index]!] = reply[index + 1]!;
  } catch (error) {
    logger.warn({ err: error }, 'redis: CONFIG GET refused, cannot check persistence and eviction settings');
    return null;
  }
  const report = {
    persistence: settings.appendonly === 'yes' || (settings.save ?? '') !== '',
    noeviction: settings['maxmemory-policy'] === 'noeviction',
  };
  if (!report.persistence) {
    logger.warn(
      'redis: persistence is off (appendonly no, no save points): a Redis restart loses queued jobs and seen items; set appendonly yes (see infra/redis/redis.conf)',
    );
  }
  if (!report.noeviction) {
    logger.warn(
      { maxmemory_policy: settings['maxmemory-policy'] },
      'redis: maxmemory-policy is not noeviction: Redis may evict queued jobs under memory pressure; set maxmemory-policy noeviction',
    );
  }
  return report;
}
