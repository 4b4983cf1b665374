// Public surface of @newsq/core: the stage contract, the messages between stages, the error
// vocabulary (retryable, permanent, dependency unavailable), the topology and the logger.
export * from './article-event';
export * from './errors';
export * from './jsonl';
export * from './logger';
export * from './messages';
export * from './stage';
export * from './subscription-filters';
export * from './topology';
