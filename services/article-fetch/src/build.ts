// Wires the article-fetch stage to the safe HTTP client, robots.txt and the shared host limiter.
import { createRobotsPolicy, safeFetch } from '@newsq/http';
import { createRedisHostLimiter } from '@newsq/queue';
import type { Runtime } from '@newsq/runtime';
import { decodeBody } from '@newsq/web-text';
import { createArticleFetchStage } from './fetch.stage';

export function buildArticleFetchStage(runtime: Runtime) {
  const { config, redis } = runtime;
  const hostLimiter = createRedisHostLimiter(redis, {
    prefix: config.NEWSQ_PREFIX,
    maxConcurrency: config.FETCH_HOST_CONCURRENCY,
    minDelayMs: config.FETCH_HOST_MIN_DELAY_MS,
    leaseMs: config.FETCH_TIMEOUT_MS * 2,
  });
  const fetchOptions = {
    maxBytes: config.FETCH_MAX_BYTES,
    totalTimeoutMs: config.FETCH_TIMEOUT_MS,
    maxRedirects: config.FETCH_MAX_REDIRECTS,
    allowPrivateNetworks: config.FETCH_ALLOW_PRIVATE_NETWORKS,
    allowedPrivateHosts: config.FETCH_ALLOWED_PRIVATE_HOSTS,
    userAgent: config.FETCH_USER_AGENT,
  };
  const robots = createRobotsPolicy({
    userAgent: config.FETCH_USER_AGENT,
    ttlMs: 3_600_000,
    fetch: (url: string) => safeFetch(url, { ...fetchOptions, accept: 'any', hostLimiter }),
  });
  return createArticleFetchStage({
    fetchPage: (url, signal) => safeFetch(url, { ...fetchOptions, accept: 'html', signal, hostLimiter }),
    decode: (body, contentType) => decodeBody(body, contentType, 'html').text,
    isAllowedByRobots: config.FETCH_RESPECT_ROBOTS ? (url) => robots.isAllowed(url) : async () => true,
  });
}
