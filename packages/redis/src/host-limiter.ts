// Owns per-host politeness shared by every worker: at most N requests in flight per host, a minimum
// delay between request starts, and a pause after each response in proportion to how long the host took
// to send it (Heritrix's delay factor, the idea behind Scrapy's AutoThrottle): a fast host is read
// briskly, a slow or loaded one is asked less often. All of it is kept in Redis by atomic Lua scripts. Slots are short leases renewed
// while their request runs, so a killed worker's slots free themselves within one lease, not after the
// longest possible request. Implements the HostLimiter contract of @newsq/http; webhook delivery uses
// the same leases, without waiting (tryAcquire), to cap each subscription's deliveries in flight.
//
// A caller that would wait long for a busy host can be deferred instead (`maxWaitMs`): it gets a ticket,
// a time at the host's polite pace behind everyone already waiting, and a DeferredError saying when to
// come back. A queue worker then hands the job back until that time and takes jobs for other hosts, so
// feeds that list many items of one site never tie up every worker on that site.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeferredError } from '@newsq/core';
import type { Redis } from 'ioredis';

export interface RedisHostLimiterOptions {
  /** Key prefix shared by all workers (may be a Cluster hash tag such as `{newsq}`). */
  prefix: string;
  /** Requests in flight per host, across all workers. */
  maxConcurrency: number;
  /** Minimum time between two request starts on one host, across all workers. */
  minDelayMs: number;
  /**
   * After a response, the host's next request waits this many times as long as the response took
   * (from the start of the request to the end of its body), at most `maxDelayMs`. Default 0: only the
   * minimum delay applies.
   */
  delayFactor?: number;
  /** Longest pause the delay factor may impose. Default 30 s. */
  maxDelayMs?: number;
  /** A slot not renewed for this long is freed (its holder died); held slots are renewed every third of it. */
  leaseMs: number;
  /**
   * Longest a caller waits in-process for its slot; beyond that, acquire rejects with a DeferredError
   * naming when to try again. Default: no limit (wait however long, polling while the host is full).
   */
  maxWaitMs?: number;
  /** Longest wait between two tries while the host is at its concurrency limit. Default 100 ms. */
  pollMs?: number;
  /**
   * False for requests that count against the host's concurrency but neither wait for nor push back its
   * minimum delay: robots.txt, fetched once per host and cache period to learn how to be polite.
   */
  spaced?: boolean;
  /** What is limited, in the key names: `host-limit` by default; `subscription-limit` for webhooks. */
  scope?: string;
}

/** Structurally the `HostLimiter` of @newsq/http (this package does not depend on it). */
export interface RedisHostLimiter {
  /** `minDelayMs` raises the configured minimum delay for this request (a site's `Crawl-delay`). */
  acquire(host: string, signal?: AbortSignal, minDelayMs?: number): Promise<() => Promise<void>>;
  /** A slot now, or null when none is free at once (the caller defers its work instead of waiting). */
  tryAcquire(host: string): Promise<(() => Promise<void>) | null>;
}

const COMMAND = 'newsqHostLimitAcquire';
const RENEW_COMMAND = 'newsqHostLimitRenew';
const RELEASE_COMMAND = 'newsqHostLimitRelease';
/** Deferred callers come back at least this far apart on one host, even without a minimum delay. */
const MIN_TICKET_SPACING_MS = 100;

// KEYS[1]: sorted set of leases (member token, score lease end), KEYS[2]: earliest next start (ms),
// KEYS[3]: the next ticket for deferred callers (ms). ARGV: token, max concurrency, min delay ms, lease ms,
// max wait ms (-1: never defer), ticket spacing ms, spaced (1, or 0 to ignore the minimum delay). Redis's own clock is used so workers' clocks need not
// agree. Returns {1, ms to wait before starting} when granted (the start time is reserved, so later callers
// queue behind it), {0, ms until the oldest lease ends} when the host is full and the caller may not be
// deferred, or {2, ms until its ticket} when it is deferred.
const ACQUIRE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local maxWait = tonumber(ARGV[5])
local full = redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2])
local spaced = ARGV[7] == '1'
local startAt = now
if spaced then startAt = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0')) end
if not full and (maxWait < 0 or startAt - now <= maxWait) then
  local leaseEnd = startAt + tonumber(ARGV[4])
  redis.call('ZADD', KEYS[1], leaseEnd, ARGV[1])
  if redis.call('PTTL', KEYS[1]) < leaseEnd - now then
    redis.call('PEXPIRE', KEYS[1], leaseEnd - now)
  end
  if spaced then
    local nextStart = startAt + tonumber(ARGV[3])
    redis.call('SET', KEYS[2], nextStart, 'PX', nextStart - now + 1)
  end
  return {1, startAt - now}
end
if maxWait < 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2]) - now}
end
local spacing = tonumber(ARGV[6])
local ticket = math.max(startAt, tonumber(redis.call('GET', KEYS[3]) or '0'))
if full then ticket = math.max(ticket, now + spacing) end
redis.call('SET', KEYS[3], ticket + spacing, 'PX', ticket + spacing - now + 1)
return {2, ticket - now}
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

// KEYS[1]: sorted set of leases, KEYS[2]: earliest next start (ms). ARGV: token, pause ms (0: none).
// Frees the slot and pushes the host's next start at least the pause past now, never pulling it earlier.
const RELEASE_SCRIPT = `
redis.call('ZREM', KEYS[1], ARGV[1])
local pause = tonumber(ARGV[2])
if pause <= 0 then return 0 end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local nextStart = now + pause
if nextStart > tonumber(redis.call('GET', KEYS[2]) or '0') then
  redis.call('SET', KEYS[2], nextStart, 'PX', pause + 1)
end
return pause
`;

interface AcquireCommand {
  [COMMAND](
    leasesKey: string,
    nextStartKey: string,
    ticketKey: string,
    token: string,
    maxConcurrency: number,
    minDelayMs: number,
    leaseMs: number,
    maxWaitMs: number,
    ticketSpacingMs: number,
    spaced: number,
  ): Promise<[number, number]>;
  [RENEW_COMMAND](leasesKey: string, token: string, leaseMs: number): Promise<number>;
  [RELEASE_COMMAND](leasesKey: string, nextStartKey: string, token: string, pauseMs: number): Promise<number>;
}

export function createRedisHostLimiter(redis: Redis, options: RedisHostLimiterOptions): RedisHostLimiter {
  const maxConcurrency = Math.max(1, Math.floor(options.maxConcurrency));
  const minDelayMs = Math.max(0, Math.floor(options.minDelayMs));
  const leaseMs = Math.max(1, Math.floor(options.leaseMs));
  const maxWaitMs = options.maxWaitMs === undefined ? -1 : Math.max(0, Math.floor(options.maxWaitMs));
  const pollMs = Math.max(1, options.pollMs ?? 100);
  const spaced = options.spaced === false ? 0 : 1;
  const delayFactor = spaced ? Math.max(0, options.delayFactor ?? 0) : 0;
  const maxDelayMs = Math.max(0, options.maxDelayMs ?? 30_000);
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 3, lua: ACQUIRE_SCRIPT });
  if (!(RENEW_COMMAND in redis)) redis.defineCommand(RENEW_COMMAND, { numberOfKeys: 1, lua: RENEW_SCRIPT });
  if (!(RELEASE_COMMAND in redis))
    redis.defineCommand(RELEASE_COMMAND, { numberOfKeys: 2, lua: RELEASE_SCRIPT });
  const command = redis as unknown as AcquireCommand;
  // The {host} hash tag keeps a host's keys in one Cluster slot when the prefix has no tag of its own.
  const keysFor = (host: string) => {
    const base = `${options.prefix}:${options.scope ?? 'host-limit'}:{${host.toLowerCase()}}`;
    return { leases: `${base}:leases`, nextStart: `${base}:next-start`, ticket: `${base}:next-ticket` };
  };

  /** A granted slot, renewed until released; the release sets the host's pause from the time it was held. */
  const hold = (keys: ReturnType<typeof keysFor>, token: string) => {
    const heldSince = performance.now();
    // Lost renewals (Redis briefly away) only risk the slot lapsing early, never holding it forever.
    const renewal = setInterval(() => {
      command[RENEW_COMMAND](keys.leases, token, leaseMs).catch(() => undefined);
    }, leaseMs / 3);
    renewal.unref();
    return async () => {
      clearInterval(renewal);
      const pauseMs = Math.round(Math.min(maxDelayMs, delayFactor * (performance.now() - heldSince)));
      await command[RELEASE_COMMAND](keys.leases, keys.nextStart, token, pauseMs);
    };
  };
  const tryOnce = (keys: ReturnType<typeof keysFor>, token: string, waitAtMostMs: number, delayMs: number) =>
    command[COMMAND](
      keys.leases,
      keys.nextStart,
      keys.ticket,
      token,
      maxConcurrency,
      delayMs,
      leaseMs,
      waitAtMostMs,
      Math.max(MIN_TICKET_SPACING_MS, delayMs),
      spaced,
    );

  return {
    async acquire(host, signal, hostDelayMs = 0) {
      const keys = keysFor(host);
      const token = randomUUID();
      const delayMs = Math.max(minDelayMs, Math.floor(hostDelayMs));
      for (;;) {
        signal?.throwIfAborted();
        const [outcome, waitMs] = await tryOnce(keys, token, maxWaitMs, delayMs);
        if (outcome === 2) {
          throw new DeferredError(
            'host_busy',
            `http: ${host} is busy, its next polite slot is in ${waitMs} ms`,
            Date.now() + waitMs,
          );
        }
        if (outcome === 1) {
          if (waitMs > 0) {
            try {
              await sleep(waitMs, undefined, { signal });
            } catch (error) {
              await redis.zrem(keys.leases, token).catch(() => undefined);
              throw error;
            }
          }
          return hold(keys, token);
        }
        // Full: try again soon (a release is the usual way out), with jitter so workers do not align.
        await sleep(Math.min(Math.max(waitMs, 1), pollMs) * (0.5 + Math.random() / 2), undefined, { signal });
      }
    },
    async tryAcquire(host) {
      const keys = keysFor(host);
      const token = randomUUID();
      const [outcome] = await tryOnce(keys, token, 0, minDelayMs);
      return outcome === 1 ? hold(keys, token) : null;
    },
  };
}
