// Owns running a task every few seconds in a worker: one run at a time (a run still waiting out an
// outage is not joined by the next tick, so a long outage gives one failure line, not one per tick),
// a failure logged and the next tick trying again, and a stop that aborts a waiting run.
import type { Logger } from '@newsq/core';

export interface PeriodicTask {
  /** Runs the task now (or joins the run under way); resolves with what it returns. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

export function startPeriodicTask(options: {
  /** Named in the failure line, e.g. `scheduler: tick failed`. */
  name: string;
  everyMs: number;
  logger: Logger;
  /** The work; `stopped` aborts when the task is stopped. */
  run(stopped: AbortSignal): Promise<number>;
}): PeriodicTask {
  const stopped = new AbortController();
  let running: Promise<number> | null = null;
  const tick = () => {
    running ??= options.run(stopped.signal).finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    if (running !== null) return;
    tick().catch((error) => {
      if (!stopped.signal.aborted)
        options.logger.warn({ err: error }, `${options.name}: tick failed, will retry`);
    });
  }, options.everyMs);
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      stopped.abort();
      await running?.catch(() => 0);
    },
  };
}
