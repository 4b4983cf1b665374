// The read API and admin surface: health, feeds, stored articles, pipeline state, Prometheus metrics,
// the login form, the pipeline overview at /dashboard and the bull-board queue dashboard. Every route
// but liveness, readiness, login and static files needs an API key or a session (see auth).
import cookie from '@fastify/cookie';
import type { Logger } from '@newsq/core';
import type { QueueAdmin } from '@newsq/queue';
import { createSessionStore, type Redis, type SessionStore } from '@newsq/redis';
import type { Store } from '@newsq/store';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import { type Auth, createAuth } from './auth';
import { sampleQueueDepths } from './dashboard/overview';
import { createApiMetrics } from './metrics';
import { articleRoutes } from './routes/articles';
import { dashboardRoutes } from './routes/dashboard';
import { feedRoutes } from './routes/feeds';
import { healthRoutes } from './routes/health';
import { loginRoutes, SESSION_IDLE_SECONDS } from './routes/login';
import { queueBoardRoutes } from './routes/queue-board';

export interface ApiOptions {
  store: Store;
  redis: Redis;
  admin: QueueAdmin;
  logger: Logger;
  /** NEWSQ_PREFIX: where the pipeline's history and the sessions live in Redis. */
  prefix: string;
  /** API_TOKEN: a bootstrap admin key, or null. */
  token: string | null;
  /** The API listens on loopback only: anonymous local access is allowed while no key exists. */
  loopbackBind: boolean;
  /** How often queue depths are sampled into the history (default 15 s). */
  depthSampleMs?: number;
}

export interface ApiDeps extends ApiOptions {
  auth: Auth;
  sessions: SessionStore;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The api's Prometheus registry, also served on METRICS_PORT when that is set. */
    metrics: Registry;
  }
}

export async function buildApi(options: ApiOptions) {
  // Typed as fastify's own logger so route modules take a plain FastifyInstance.
  const app = Fastify({ loggerInstance: options.logger as FastifyBaseLogger, bodyLimit: 64 * 1024 });
  app.decorateRequest('principal', null);
  await app.register(cookie);
  const sessions = createSessionStore(options.redis, {
    prefix: options.prefix,
    idleSeconds: SESSION_IDLE_SECONDS,
  });
  const deps: ApiDeps = {
    ...options,
    sessions,
    auth: createAuth({
      token: options.token,
      keys: options.store.apiKeys,
      sessions,
      loopbackBind: options.loopbackBind,
    }),
  };
  const metrics = createApiMetrics(deps);
  app.decorate('metrics', metrics);
  await healthRoutes(app, deps);
  app.get('/metrics', { preHandler: deps.auth.require('read') }, async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );
  await loginRoutes(app, deps);
  await feedRoutes(app, deps);
  await articleRoutes(app, deps);
  await dashboardRoutes(app, deps);
  await queueBoardRoutes(app, deps);

  // Queue depth over time for the dashboard: sampled here, as queues hold no history of their own.
  const sampler = setInterval(
    () =>
      void sampleQueueDepths(options.redis, options.prefix, options.admin).catch((error) =>
        app.log.debug({ err: error }, 'api: queue depth sample skipped'),
      ),
    options.depthSampleMs ?? 15_000,
  );
  sampler.unref();
  app.addHook('onClose', async () => clearInterval(sampler));
  return app;
}
