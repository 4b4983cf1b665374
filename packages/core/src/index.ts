export * from './errors';
export * from './logger';
export * from './messages';
export * from './stage';
export * from './topology';
export * from './jsonl';
