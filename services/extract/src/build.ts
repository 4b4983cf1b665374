// Wires the extract stage to a worker-thread pool sized to the cores.
import { createExtractPool } from '@newsq/extract';
import type { Runtime } from '@newsq/runtime';
import { createExtractStage } from './extract.stage';

export function buildExtractStage(runtime: Runtime) {
  const { config } = runtime;
  const pool = createExtractPool({
    ...(config.EXTRACT_THREADS > 0 ? { threads: config.EXTRACT_THREADS } : {}),
    timeBudgetMs: config.EXTRACT_TIME_BUDGET_MS,
  });
  runtime.onClose(() => pool.close());
  return createExtractStage({ extract: (html, url, options) => pool.extract(html, url, options) });
}
