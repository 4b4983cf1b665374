// Owns waiting out infrastructure outages: when Redis or the database is unreachable, a job's work
// is tried again with capped backoff until the dependency answers, without spending the job's
// attempts (those are for the job's own faults). One line when a dependency goes away, one when it
// is back, however many jobs were waiting.
import { setTimeout as sleep } from 'node:timers/promises';
import { type Dependency, type Logger, unavailableDependency } from '@newsq/core';
import { isRedisOutage } from '@newsq/redis';

export interface DependencyGate {
  /** Runs `work`, waiting through outages of Redis or the database; other errors are thrown. */
  run<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T>;
  /** Dependencies unreachable right now, with when they went away (readiness, status). */
  down(): ReadonlyMap<Dependency, Date>;
}

export interface DependencyGateOptions {
  logger: Logger;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export function dependencyOf(error: unknown): Dependency | null {
  return unavailableDependency(error) ?? (isRedisOutage(error) ? 'redis' : null);
}

export function createDependencyGate(options: DependencyGateOptions): DependencyGate {
  const { logger, firstDelayMs = 500, maxDelayMs = 15_000 } = options;
  const down = new Map<Dependency, Date>();

  const wentDown = (dependency: Dependency, error: unknown) => {
    if (down.has(dependency)) return;
    down.set(dependency, new Date());
    logger.warn(
      { dependency, err_code: `${dependency}_unavailable`, err_message: (error as Error).message },
      `${dependency} unavailable: jobs wait for it without spending attempts`,
    );
  };
  const cameBack = (dependency: Dependency) => {
    const since = down.get(dependency);
    if (since === undefined) return;
    down.delete(dependency);
    const seconds = Math.round((Date.now() - since.getTime()) / 100) / 10;
    logger.info(
      { dependency, outage_s: seconds },
      `${dependency} available again after ${seconds}s, jobs resume`,
    );
  };

  return {
    async run(work, signal) {
      let delayMs = firstDelayMs;
      let waitedFor: Dependency | null = null;
      for (;;) {
        try {
          const result = await work();
          if (waitedFor !== null) cameBack(waitedFor);
          return result;
        } catch (error) {
          const dependency = dependencyOf(error);
          if (dependency === null) throw error;
          waitedFor = dependency;
          wentDown(dependency, error);
          logger.debug(
            { dependency, err_message: (error as Error).message, delay_ms: delayMs },
            `${dependency} still unavailable`,
          );
          // Jittered so the jobs waiting on one outage do not return in one burst.
          await sleep(delayMs * (0.5 + Math.random() / 2), undefined, { signal });
          delayMs = Math.min(maxDelayMs, delayMs * 2);
        }
      }
    },
    down: () => down,
  };
}
