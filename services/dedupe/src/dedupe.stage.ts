// The dedupe stage: canonical URL, exact content hash and near-duplicate check
// against the shared index. Every article leaves with a cluster id; a duplicate
// records its earliest original. The store's unique key stays the final authority.
import { DedupedArticle, defineStage, ExtractedArticle, QUEUES } from '@newsq/core';
import type { DedupeIndex } from '@newsq/dedupe';

export interface DedupePorts {
  index: DedupeIndex;
  canonicalizeUrl(url: string, options: { declaredCanonical: string | null }): string;
  contentHash(text: string): string;
}

export function createDedupeStage(ports: DedupePorts) {
  return defineStage<ExtractedArticle, DedupedArticle>({
    name: 'dedupe',
    input: QUEUES.articleDedupe,
    output: QUEUES.articleTag,
    inputSchema: ExtractedArticle,
    outputSchema: DedupedArticle,
    // One job per version: a changed article (a new revision) is tagged and stored again.
    outputId: (article) => `${article.canonicalUrl}|${article.contentHash}`,

    async handle(article, ctx) {
      const canonicalUrl = ports.canonicalizeUrl(article.finalUrl, {
        declaredCanonical: article.declaredCanonicalUrl,
      });
      // The canonical URL is the document id, so a redelivered article matches its own entry, not a twin.
      const verdict = await ports.index.check({
        id: canonicalUrl,
        url: canonicalUrl,
        title: article.title,
        text: article.text,
      });
      if (verdict.duplicateOf !== null) {
        ctx.logger.info(
          { canonical_url: canonicalUrl, duplicate_of: verdict.duplicateOf, similarity: verdict.similarity },
          'dedupe: duplicate',
        );
      }
      return [
        {
          ...article,
          canonicalUrl,
          contentHash: ports.contentHash(article.text),
          cluster: verdict.cluster,
          duplicateOf: verdict.duplicateOf,
          similarity: verdict.similarity,
        },
      ];
    },
  });
}
