// Wires the article-fetch stage to the safe HTTP client, robots.txt and the shared host limiter.
import { compactPageHtml } from '@newsq/extract/compact-page-html';
import { createRobotsPolicy, safeFetch } from '@newsq/http';
import { politeFetchOptions, type Runtime } from '@newsq/runtime';
import { decodeBody } from '@newsq/web-text';
import { createArticleFetchStage } from './fetch.stage';

export function buildArticleFetchStage(runtime: Runtime) {
  const { config } = runtime;
  const fetchOptions = politeFetchOptions(runtime);
  const robotsFetchOptions = politeFetchOptions(runtime, { robots: true });
  const robots = createRobotsPolicy({
    userAgent: config.FETCH_USER_AGENT,
    ttlMs: 3_600_000,
    fetch: (url: string) => safeFetch(url, { ...robotsFetchOptions, accept: 'any' }),
  });
  return createArticleFetchStage({
    fetchPage: async (url, signal) =>
      safeFetch(url, {
        ...fetchOptions,
        accept: 'html',
        signal,
        hostDelayMs: config.FETCH_RESPECT_ROBOTS ? await robots.crawlDelayMs(url) : 0,
      }),
    // Only what extraction reads goes on the queue: scripts, styles and page chrome stay out of Redis.
    pageHtml: (body, contentType) => compactPageHtml(decodeBody(body, contentType, 'html').text),
    isAllowedByRobots: config.FETCH_RESPECT_ROBOTS ? (url) => robots.isAllowed(url) : async () => true,
  });
}
