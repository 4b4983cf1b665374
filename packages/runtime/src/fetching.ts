// Owns the outbound HTTP settings every fetching stage shares: the limits, the SSRF guard's
// exemptions, the user agent and the per-host politeness kept in Redis for all workers.
import type { Config } from '@newsq/config';
import type { SafeFetchOptions } from '@newsq/http';
import { createRedisHostLimiter } from '@newsq/redis';
import type { Runtime } from './runtime';

/** A slot lapses this long after its worker stops renewing it (a killed worker frees its hosts quickly). */
const HOST_SLOT_LEASE_MS = 10_000;
/** A fetch waits in its worker this long at most for a busy host; a longer wait defers the job instead. */
const HOST_SLOT_MAX_WAIT_MS = 1_000;
/** However slow a host's last response, its next request is never put off longer than this. */
const HOST_MAX_DELAY_MS = 30_000;

export type PoliteFetchOptions = Omit<SafeFetchOptions, 'accept'>;

/** The limits, SSRF guard exemptions and user agent, without politeness: for one-off CLI fetches. */
export function fetchOptions(config: Config): PoliteFetchOptions {
  return {
    maxBytes: config.FETCH_MAX_BYTES,
    totalTimeoutMs: config.FETCH_TIMEOUT_MS,
    maxRedirects: config.FETCH_MAX_REDIRECTS,
    allowPrivateNetworks: config.FETCH_ALLOW_PRIVATE_NETWORKS,
    allowedPrivateHosts: config.FETCH_ALLOWED_PRIVATE_HOSTS,
    userAgent: config.FETCH_USER_AGENT,
  };
}

/**
 * The settings of every outbound fetch of a stage. `robots: true` is for robots.txt: it counts against
 * the host's concurrency but not its minimum delay, so learning a site's rules does not cost its first
 * page a delay.
 */
export function politeFetchOptions(runtime: Runtime, options: { robots?: boolean } = {}): PoliteFetchOptions {
  const { config } = runtime;
  return {
    ...fetchOptions(config),
    hostLimiter: createRedisHostLimiter(runtime.redis, {
      prefix: config.NEWSQ_PREFIX,
      maxConcurrency: config.FETCH_HOST_CONCURRENCY,
      minDelayMs: config.FETCH_HOST_MIN_DELAY_MS,
      delayFactor: config.FETCH_HOST_DELAY_FACTOR,
      maxDelayMs: HOST_MAX_DELAY_MS,
      leaseMs: HOST_SLOT_LEASE_MS,
      maxWaitMs: HOST_SLOT_MAX_WAIT_MS,
      spaced: options.robots !== true,
    }),
  };
}
