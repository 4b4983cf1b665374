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
