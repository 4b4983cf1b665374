export * from './store';
export type { Dialect } from './sql';
