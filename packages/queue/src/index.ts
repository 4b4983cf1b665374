export type { Queue } from 'bullmq';
export * from './admin';
export * from './connection';
export * from './job-options';
export {
  type AttemptEvent,
  createQueue,
  jobIdFor,
  type RunnerOptions,
  type RunningStage,
  startStage,
} from './runner';
export * from './seen-set';
export * from './host-limiter-redis';
export * from './dedupe-store-redis';
