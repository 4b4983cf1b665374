// Public API of @newsq/tagging: taxonomy loading, article tagging and the tag batch commands.
export { runTagBatch, runTagEval, type TagBatchOptions, type TagEvalResult } from './batch';
export { type ArticleTags, type ArticleToTag, tagArticle } from './tag-article';
export {
  defaultTaxonomyPath,
  loadTaxonomy,
  parseTaxonomy,
  type Taxonomy,
  type TaxonomyTopic,
} from './taxonomy';
export type { TopicEvidence, TopicScore } from './topic-matcher';
