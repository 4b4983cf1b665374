// Liveness and readiness: open to all (orchestrators probe them), and they name a dependency that is
// down without echoing its address or credentials.
import { z } from 'zod';
import type { ApiDeps, App } from '../server';

const Readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.record(z.string(), z.enum(['ok', 'unavailable'])),
});

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
        deps.redis.ping().then(
          () => ['redis', 'ok'] as const,
          () => ['redis', 'unavailable'] as const,
        ),
        deps.store.ping().then(
          () => ['database', 'ok'] as const,
          () => ['database', 'unavailable'] as const,
        ),
      ]);
      const ready = checks.every(([, status]) => status === 'ok');
      return reply
        .code(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(checks) });
    },
  );
}
