export type { Queue } from 'bullmq';
export * from './admin';
export * from './article-stream';
export * from './connection';
export * from './dedupe-store-redis';
export * from './host-limiter-redis';
export * from './job-options';
export * from './runner';
export * from './seen-set';
