// Liveness and readiness: open to all (orchestrators probe them), and they name a dependency that is
// down without echoing its address or credentials.
import { z } from 'zod';
import type { ApiDeps, App } from '../server';

const Readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.record(z.string(), z.enum(['ok', 'unavailable'])),
});

/** Redis commands wait for a reconnect: a probe must answer on its own deadline instead. */
const CHECK_TIMEOUT_MS = 2_000;

function check(name: 'redis' | 'database', probe: () => Promise<unknown>) {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  return Promise.race([probe(), deadline])
    .then(
      () => [name, 'ok'] as const,
      () => [name, 'unavailable'] as const,
    )
    .finally(() => clearTimeout(timer));
}

export async function healthRoutes(app: App, deps: ApiDeps): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness',
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: Redis and the database answer',
        security: [],
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const checks = await Promise.all([
        check('redis', () => deps.redis.ping()),
        check('database', () => deps.store.ping()),
      ]);
      const ready = checks.every(([, status]) => status === 'ok');
      return reply
        .code(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(checks) });
    },
  );
}
