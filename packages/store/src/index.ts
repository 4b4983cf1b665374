export type { Dialect } from './sql';
export * from './store';
