// Owns taking samples on a timer without overlap: while one sample is still being taken (Redis busy),
// the next tick is skipped rather than queued behind it.

export interface PeriodicSampler<T> {
  samples: T[];
  /** Stops the timer and waits for a sample in progress; `sampleAtStop` takes one last sample then. */
  stop(): Promise<void>;
}

export function samplePeriodically<T>(
  everyMs: number,
  take: () => Promise<T>,
  options: { sampleAtStop?: boolean } = {},
): PeriodicSampler<T> {
  const samples: T[] = [];
  let busy: Promise<void> | null = null;
  const takeOne = async () => {
    samples.push(await take());
  };
  const timer = setInterval(() => {
    busy ??= takeOne()
      .catch(() => {})
      .finally(() => {
        busy = null;
      });
  }, everyMs);
  return {
    samples,
    async stop() {
      clearInterval(timer);
      await busy;
      if (options.sampleAtStop) await takeOne().catch(() => {});
    },
  };
}
