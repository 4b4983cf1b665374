// The extract stage: page HTML to an article (Readability-based, in a worker
// thread pool), falling back to the feed summary when the page yields too little.
import { defineStage, ExtractedArticle, FetchedPage, itemIdOf, QUEUES, versionKeyOf } from '@newsq/core';
import type { ExtractResult } from '@newsq/extract';

export interface ExtractPorts {
  extract(
    html: string,
    url: string,
    options: {
      fallback: { title: string | null; summary: string | null; publishedAt: string | null };
      compacted: boolean;
    },
  ): Promise<ExtractResult>;
}

export function createExtractStage(ports: ExtractPorts) {
  return defineStage<FetchedPage, ExtractedArticle>({
    name: 'extract',
    input: QUEUES.articleExtract,
    output: QUEUES.articleDedupe,
    inputSchema: FetchedPage,
    outputSchema: ExtractedArticle,
    outputId: (article) =>
      versionKeyOf({ itemId: article.itemId, link: article.url, revision: article.revision }),

    async handle(page, ctx) {
      const { entry } = page;
      const result = await ports.extract(page.html, page.finalUrl, {
        fallback: { title: entry.title, summary: entry.summary, publishedAt: entry.publishedAt },
        compacted: page.compact === true,
      });
      if (result.warnings.length > 0)
        ctx.logger.info({ url: entry.link, warnings: result.warnings }, 'extract: warnings');
      return [
        {
          version: 1,
          feedId: entry.feedId,
          guid: entry.guid,
          url: entry.link,
          itemId: itemIdOf(entry),
          ...(entry.revision === undefined ? {} : { revision: entry.revision }),
          finalUrl: page.finalUrl,
          declaredCanonicalUrl: result.canonicalUrl,
          title: result.title || entry.title,
          byline: result.byline,
          authors: result.authors,
          publishedAt: result.publishedAt ?? entry.publishedAt,
          modifiedAt: result.modifiedAt,
          language: result.language ?? entry.language ?? null,
          siteName: result.siteName,
          leadImage: result.leadImage,
          text: result.text,
          html: result.html,
          wordCount: result.wordCount,
          method: result.method,
        },
      ];
    },
  });
}
