// Owns per-host politeness shared by every worker: at most N requests in flight per host and a minimum
// delay between request starts, kept in Redis by one atomic Lua script. Slots are short leases renewed
// while their request runs, so a killed worker's slots free themselves within one lease, not after the
// longest possible request. Implements the HostLimiter contract of @newsq/http; webhook delivery uses
// the same leases, without waiting (tryAcquire), to cap each subscription's deliveries in flight.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

export interface RedisHostLimiterOptions {
  /** Key prefix shared by all workers (may be a Cluster hash tag such as `{newsq}`). */
  prefix: string;
  /** Requests in flight per host, across all workers. */
  maxConcurrency: number;
  /** Minimum time between two request starts on one host, across all workers. */
  minDelayMs: number;
  /** A slot not renewed for this long is freed (its holder died); held slots are renewed every third of it. */
  leaseMs: number;
  /** Longest wait between two tries while the host is at its concurrency limit. Default 100 ms. */
  pollMs?: number;
  /** What is limited, in the key names: `host-limit` by default; `subscription-limit` for webhooks. */
  scope?: string;
}

/** Structurally the `HostLimiter` of @newsq/http (this package does not depend on it). */
export interface RedisHostLimiter {
  acquire(host: string, signal?: AbortSignal): Promise<() => Promise<void>>;
  /** One try without waiting: the release function, or null while the key is at its limit or delay. */
  tryAcquire(host: string): Promise<(() => Promise<void>) | null>;
}

const COMMAND = 'newsqHostLimitAcquire';
const RENEW_COMMAND = 'newsqHostLimitRenew';

// KEYS[1]: sorted set of leases (member token, score lease end), KEYS[2]: earliest next start (ms).
// ARGV: token, max concurrency, min delay ms, lease ms. Redis's own clock is used so workers' clocks
// need not agree. Returns {1, ms to wait before starting} when granted, {0, ms until the oldest lease
// ends} when the host is full. A granted slot reserves its start time, so later callers queue behind it.
const ACQUIRE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2]) - now}
end
local startAt = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
local leaseEnd = startAt + tonumber(ARGV[4])
redis.call('ZADD', KEYS[1], leaseEnd, ARGV[1])
if redis.call('PTTL', KEYS[1]) < leaseEnd - now then
  redis.call('PEXPIRE', KEYS[1], leaseEnd - now)
end
local nextStart = startAt + tonumber(ARGV[3])
redis.call('SET', KEYS[2], nextStart, 'PX', nextStart - now + 1)
return {1, startAt - now}
`;

// KEYS[1]: sorted set of leases. ARGV: token, lease ms. Extends a lease still held (XX: never revives
// one that already expired and was taken by someone else).
const RENEW_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local renewed = redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return renewed
`;

interface AcquireCommand {
  [COMMAND](
    leasesKey: string,
    nextStartKey: string,
    token: string,
    maxConcurrency: number,
    minDelayMs: number,
    leaseMs: number,
  ): Promise<[number, number]>;
  [RENEW_COMMAND](leasesKey: string, token: string, leaseMs: number): Promise<number>;
}

export function createRedisHostLimiter(redis: Redis, options: RedisHostLimiterOptions): RedisHostLimiter {
  const maxConcurrency = Math.max(1, Math.floor(options.maxConcurrency));
  const minDelayMs = Math.max(0, Math.floor(options.minDelayMs));
  const leaseMs = Math.max(1, Math.floor(options.leaseMs));
  const pollMs = Math.max(1, options.pollMs ?? 100);
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: ACQUIRE_SCRIPT });
  if (!(RENEW_COMMAND in redis)) redis.defineCommand(RENEW_COMMAND, { numberOfKeys: 1, lua: RENEW_SCRIPT });
  const command = redis as unknown as AcquireCommand;
  // The {host} hash tag keeps a host's two keys in one Cluster slot when the prefix has no tag of its own.
  const keysFor = (host: string) => {
    const base = `${options.prefix}:${options.scope ?? 'host-limit'}:{${host.toLowerCase()}}`;
    return { leases: `${base}:leases`, nextStart: `${base}:next-start` };
  };

  /** A granted slot, renewed until released. */
  const hold = (leases: string, token: string) => {
    // Lost renewals (Redis briefly away) only risk the slot lapsing early, never holding it forever.
    const renewal = setInterval(() => {
      command[RENEW_COMMAND](leases, token, leaseMs).catch(() => undefined);
    }, leaseMs / 3);
    renewal.unref();
    return async () => {
      clearInterval(renewal);
      await redis.zrem(leases, token);
    };
  };
  const tryOnce = (keys: { leases: string; nextStart: string }, token: string) =>
    command[COMMAND](keys.leases, keys.nextStart, token, maxConcurrency, minDelayMs, leaseMs);

  return {
    async acquire(host, signal) {
      const keys = keysFor(host);
      const token = randomUUID();
      for (;;) {
        signal?.throwIfAborted();
        const [granted, waitMs] = await tryOnce(keys, token);
        if (granted === 1) {
          const release = hold(keys.leases, token);
          if (waitMs > 0) {
            try {
              await sleep(waitMs, undefined, { signal });
            } catch (error) {
              await release().catch(() => undefined);
              throw error;
            }
          }
          return release;
        }
        // Full: try again soon (a release is the usual way out), with jitter so workers do not align.
        await sleep(Math.min(Math.max(waitMs, 1), pollMs) * (0.5 + Math.random() / 2), undefined, { signal });
      }
    },
    async tryAcquire(host) {
      const keys = keysFor(host);
      const token = randomUUID();
      const [granted, waitMs] = await tryOnce(keys, token);
      if (granted !== 1) return null;
      if (waitMs > 0) {
        // Granted for a later start: give the slot back rather than wait in a worker slot.
        await redis.zrem(keys.leases, token);
        return null;
      }
      return hold(keys.leases, token);
    },
  };
}
