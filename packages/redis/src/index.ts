// Public surface of @newsq/redis: Redis connections and every Redis-backed adapter (seen-set,
// near-duplicate index store, per-host limiter, article stream, the pipeline's own history, api
// sessions), with outage and durability checks.
export * from './article-stream';
export * from './connection';
export * from './dedupe-store';
export * from './host-limiter';
export * from './seen-set';
export * from './session-store';
export * from './stage-history';
