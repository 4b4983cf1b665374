export * from './article-stream';
export * from './connection';
export * from './dedupe-store';
export * from './host-limiter';
export * from './seen-set';
