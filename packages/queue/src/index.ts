// Public surface of @newsq/queue, the only package that imports BullMQ: the stage runner, the
// dependency gate, job options (retries, retention) and queue administration (counts, dead letters).
export type { Queue } from 'bullmq';
export * from './admin';
export * from './dependency-gate';
export * from './job-options';
export * from './runner';
