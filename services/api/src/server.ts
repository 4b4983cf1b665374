// The read API and admin surface: health, feeds, stored articles, pipeline state, Prometheus metrics,
// the bull-board queue dashboard, and the WebSub callbacks. Every route but liveness, readiness and the
// WebSub callbacks (which hubs authenticate by signature) needs an API key (see auth).
import type { Logger } from '@newsq/core';
import type { QueueAdmin } from '@newsq/queue';
import type { Redis } from '@newsq/redis';
import type { Store } from '@newsq/store';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { type Auth, createAuth } from './auth';
import { createApiMetrics } from './metrics';
import { articleRoutes } from './routes/articles';
import { feedRoutes } from './routes/feeds';
import { healthRoutes } from './routes/health';
import { queueBoardRoutes } from './routes/queue-board';
import { type WebSubCallbackOptions, websubRoutes } from './routes/websub';

export interface ApiOptions {
  store: Store;
  redis: Redis;
  admin: QueueAdmin;
  logger: Logger;
  /** API_TOKEN: a bootstrap admin key, or null. */
  token: string | null;
  /** The API listens on loopback only: anonymous local access is allowed while no key exists. */
  loopbackBind: boolean;
  /** WebSub callbacks (/websub/:feedId), open to hubs; absent, the routes are not served. */
  websub?: WebSubCallbackOptions;
}

export interface ApiDeps extends ApiOptions {
  auth: Auth;
}

export async function buildApi(options: ApiOptions) {
  // Typed as fastify's own logger so route modules take a plain FastifyInstance.
  const app = Fastify({ loggerInstance: options.logger as FastifyBaseLogger, bodyLimit: 64 * 1024 });
  app.decorateRequest('principal', null);
  const deps: ApiDeps = {
    ...options,
    auth: createAuth({
      token: options.token,
      keys: options.store.apiKeys,
      loopbackBind: options.loopbackBind,
    }),
  };
  const metrics = createApiMetrics(deps);
  await healthRoutes(app, deps);
  app.get('/metrics', { preHandler: deps.auth.require('read') }, async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );
  await feedRoutes(app, deps);
  await articleRoutes(app, deps);
  await queueBoardRoutes(app, deps);
  await websubRoutes(app, deps);
  return app;
}
