// Public surface of @newsq/store: the database named by DATABASE_URL (SQLite or PostgreSQL, on Kysely)
// with its feed registry, article repository, API keys and the overview's activity reads.
export * from './api-key-repository';
export * from './article-activity';
export * from './article-repository';
export {
  type Dialect,
  type FeedStatus,
  isDatabaseOutage,
  type KeyScope,
  type SourceKind,
  type SubscriptionStatus,
  type WebSubState,
} from './database';
export * from './feed-registry';
export { ArticleQueryError, entityKey, MAX_SEARCH_TERMS, parseSearchQuery } from './search';
export * from './store';
export * from './subscription-repository';
export * from './websub-repository';
