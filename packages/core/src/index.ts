export * from './article-event';
export * from './errors';
export * from './jsonl';
export * from './logger';
export * from './messages';
export * from './stage';
export * from './subscription-filters';
export * from './topology';
