// Public surface of @newsq/store: the database named by DATABASE_URL (SQLite or PostgreSQL, on Kysely)
// with its feed registry, article repository and API keys.
export * from './api-key-repository';
export * from './article-repository';
export {
  type Dialect,
  type FeedStatus,
  isDatabaseOutage,
  type KeyScope,
  type SourceKind,
  type WebSubState,
} from './database';
export * from './feed-registry';
export * from './store';
export * from './websub-repository';
