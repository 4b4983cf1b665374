// Public surface of @newsq/store: the database named by DATABASE_URL (SQLite or PostgreSQL, on Kysely)
// with its feed registry, article repository, API keys and the overview's activity reads.
export * from './api-key-repository';
export * from './article-activity';
export * from './article-repository';
export { type Dialect, type FeedStatus, isDatabaseOutage, type KeyScope } from './database';
export * from './feed-registry';
export * from './store';
