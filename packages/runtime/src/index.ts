// Public surface of @newsq/runtime: process wiring shared by every deployable (config, logger, Redis,
// store, dependency gate, outbound fetch settings, worker metrics, startup and shutdown).
export * from './fetching';
export * from './metrics';
export * from './runtime';
