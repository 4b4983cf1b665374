export type { Queue } from 'bullmq';
export * from './admin';
export * from './dependency-gate';
export * from './job-options';
export * from './runner';
