export * from './api-key-repository';
export * from './article-repository';
export { type Dialect, type FeedStatus, isDatabaseOutage, type KeyScope } from './database';
export * from './feed-registry';
export * from './store';
