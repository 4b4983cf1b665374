export * from './fetching';
export * from './metrics';
export * from './runtime';
