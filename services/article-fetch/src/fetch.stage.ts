// The article-fetch stage: fetch the entry's page safely (SSRF guard, caps,
// deadlines, robots.txt, per-host politeness), decode it and keep what extraction reads. A page that can
// never be fetched (404, not HTML, robots-disallowed) still yields the entry,
// with an empty page, when the feed carried a summary: extract then falls back to it.
import { defineStage, FetchedPage, isPipelineError, QUEUES, RawEntry, versionKeyOf } from '@newsq/core';
import type { FetchResult } from '@newsq/http';

export interface ArticleFetchPorts {
  fetchPage(url: string, signal: AbortSignal): Promise<FetchResult>;
  /** The page as the extract stage reads it: decoded, and compacted to what extraction uses. */
  pageHtml(body: Uint8Array, contentType: string | null): string;
  isAllowedByRobots(url: string): Promise<boolean>;
  now?: () => Date;
}

export function createArticleFetchStage(ports: ArticleFetchPorts) {
  const now = ports.now ?? (() => new Date());
  const withoutPage = (entry: RawEntry, reason: string): FetchedPage => ({
    version: 1,
    entry,
    finalUrl: entry.link,
    status: 0,
    contentType: `unavailable; reason=${reason}`,
    html: '',
    fetchedAt: now().toISOString(),
  });

  return defineStage<RawEntry, FetchedPage>({
    name: 'article-fetch',
    input: QUEUES.articleFetch,
    output: QUEUES.articleExtract,
    inputSchema: RawEntry,
    outputSchema: FetchedPage,
    outputId: (page) => versionKeyOf(page.entry),

    async handle(entry, ctx) {
      const hasSummary = (entry.summary ?? '').trim() !== '';
      if (!(await ports.isAllowedByRobots(entry.link))) {
        if (!hasSummary) {
          ctx.logger.info(
            { url: entry.link },
            'article-fetch: disallowed by robots.txt and no feed summary, dropped',
          );
          return [];
        }
        return [withoutPage(entry, 'robots')];
      }
      try {
        const response = await ports.fetchPage(entry.link, ctx.signal);
        return [
          {
            version: 1,
            entry,
            finalUrl: response.url,
            status: response.status,
            contentType: response.contentType ?? 'text/html',
            html: ports.pageHtml(response.body, response.contentType),
            compact: true,
            fetchedAt: now().toISOString(),
          },
        ];
      } catch (error) {
        if (isPipelineError(error) && !error.retryable && hasSummary) {
          ctx.logger.warn(
            { url: entry.link, err_code: error.code },
            'article-fetch: page unavailable, using the feed summary',
          );
          return [withoutPage(entry, error.code)];
        }
        throw error;
      }
    },
  });
}
