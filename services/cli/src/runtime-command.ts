// Owns running a CLI command against its resources: startup problems (bad
// config, Redis or database unreachable) become one line on stderr and exit
// code 1; the resources are always closed.
import { loadConfig } from '@newsq/config';
import { createLogger, createSilentLogger, redactSecrets } from '@newsq/core';
import { createRuntime, describeStartupError, type Runtime } from '@newsq/runtime';
import { Store } from '@newsq/store';

async function withResource<R, T>(
  command: string,
  open: () => Promise<R>,
  close: (resource: R) => Promise<void>,
  work: (resource: R) => Promise<T>,
): Promise<T> {
  let resource: R | undefined;
  try {
    resource = await open();
    return await work(resource);
  } catch (error) {
    const line = describeStartupError(error);
    if (line === null) throw error;
    process.stderr.write(`newsq ${command}: ${redactSecrets(line)}\n`);
    return process.exit(1);
  } finally {
    if (resource !== undefined) await close(resource);
  }
}

/** For commands that run stages or read queues: needs Redis. */
export function withRuntime<T>(
  command: string,
  work: (runtime: Runtime) => Promise<T>,
  options: { quiet?: boolean } = {},
): Promise<T> {
  return withResource(
    command,
    () => {
      const config = loadConfig();
      const logger = options.quiet
        ? createSilentLogger()
        : createLogger({ name: `newsq-${command}`, level: config.LOG_LEVEL });
      return createRuntime(`newsq-${command}`, { config, logger });
    },
    (runtime) => runtime.close(),
    work,
  );
}

/** For commands that only need the database (feeds, articles): no Redis required. */
export function withStore<T>(command: string, work: (store: Store) => Promise<T>): Promise<T> {
  return withResource(
    command,
    async () => {
      const store = Store.open(loadConfig().DATABASE_URL);
      try {
        await store.migrate();
      } catch (error) {
        await store.close();
        throw error;
      }
      return store;
    },
    (store) => store.close(),
    work,
  );
}
