export * from './metrics';
export * from './runtime';
