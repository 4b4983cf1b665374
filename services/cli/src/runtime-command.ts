// Owns running a CLI command inside a runtime: startup problems become one line
// on stderr and exit code 1; the runtime is always closed.

import { loadConfig } from '@newsq/config';
import { createLogger, createSilentLogger } from '@newsq/core';
import { createRuntime, describeStartupError, type Runtime } from '@newsq/runtime';
import { Store } from '@newsq/store';

export async function withRuntime<T>(
  command: string,
  work: (runtime: Runtime) => Promise<T>,
  options: { quiet?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<T> {
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig(options.env ?? process.env);
    const logger = options.quiet
      ? createSilentLogger()
      : createLogger({ name: `newsq-${command}`, level: config.LOG_LEVEL });
    runtime = await createRuntime(`newsq-${command}`, { config, logger });
    return await work(runtime);
  } catch (error) {
    const line = describeStartupError(error);
    if (line === null) throw error;
    process.stderr.write(`newsq ${command}: ${line}\n`);
    return process.exit(1);
  } finally {
    await runtime?.close();
  }
}

/** For commands that only need the database (feeds, articles): no Redis required. */
export async function withStore<T>(command: string, work: (store: Store) => Promise<T>): Promise<T> {
  let store: Store | undefined;
  try {
    const config = loadConfig(process.env);
    store = Store.open(config.DATABASE_URL);
    await store.migrate();
    return await work(store);
  } catch (error) {
    const line = describeStartupError(error);
    if (line === null) throw error;
    process.stderr.write(`newsq ${command}: ${line}\n`);
    return process.exit(1);
  } finally {
    await store?.close();
  }
}
