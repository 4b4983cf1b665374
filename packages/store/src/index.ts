export * from './article-repository';
export { type Dialect, type FeedStatus, isDatabaseOutage } from './database';
export * from './feed-registry';
export * from './store';
