export * from './admin';
export * from './connection';
export * from './job-options';
export { createQueue, jobIdFor, type AttemptEvent, type RunnerOptions, type RunningStage, startStage } from './runner';
export * from './seen-set';
