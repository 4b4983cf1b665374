// Liveness and readiness: open to all (orchestrators probe them), and they name a dependency that is
// down without echoing its address or credentials.
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../server';

export async function healthRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
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
  });
}
