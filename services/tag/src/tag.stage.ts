// The tag stage: topics with scores and evidence, and entities, from the
// configured taxonomy. Duplicates pass through untagged: they are stored as
// references to an original that carries the tags.

import type { Entities, TopicTag } from '@newsq/core';
import { DedupedArticle, defineStage, QUEUES, TaggedArticle } from '@newsq/core';

export interface TagPorts {
  tag(article: { title: string; text: string }): { topics: TopicTag[]; entities: Entities };
}

const noEntities: Entities = { countries: [], people: [], organizations: [] };

export function createTagStage(ports: TagPorts) {
  return defineStage<DedupedArticle, TaggedArticle>({
    name: 'tag',
    input: QUEUES.articleTag,
    output: QUEUES.articleStore,
    inputSchema: DedupedArticle,
    outputSchema: TaggedArticle,
    // One job per version: a changed article (a new revision) is tagged and stored again.
    outputId: (article) => `${article.canonicalUrl}|${article.contentHash}`,

    async handle(article) {
      if (article.duplicateOf !== null) return [{ ...article, topics: [], entities: noEntities }];
      const { topics, entities } = ports.tag({ title: article.title, text: article.text });
      return [{ ...article, topics, entities }];
    },
  });
}
