export * from './api-key-repository';
export * from './article-repository';
export {
  type Dialect,
  type FeedStatus,
  isDatabaseOutage,
  type KeyScope,
  type SubscriptionStatus,
} from './database';
export * from './feed-registry';
export { ArticleQueryError, entityKey, MAX_SEARCH_TERMS, parseSearchQuery } from './search';
export * from './store';
export * from './subscription-repository';
