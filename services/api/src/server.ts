// The read API and admin surface: health, articles (filters, full-text search, cursor pages, live
// stream), topics and clusters, feeds, webhook subscriptions, pipeline state, Prometheus metrics, the
// OpenAPI document with its browsable page, the login form, the pipeline overview at /dashboard, the
// bull-board queue dashboard and the WebSub callbacks. Requests and responses go through zod schemas,
// which also make the OpenAPI document. Every route but liveness, readiness, login, static files and
// the WebSub callbacks (which hubs authenticate by signature) needs an API key or a session (see auth).
import cookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import type { Logger } from '@newsq/core';
import type { QueueAdmin } from '@newsq/queue';
import { createSessionStore, type Redis, type SessionStore } from '@newsq/redis';
import { ArticleQueryError, type Store } from '@newsq/store';
import Fastify, { type FastifyBaseLogger, type FastifyError } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { type Auth, createAuth } from './auth';
import { sampleQueueDepths } from './dashboard/overview';
import { createApiMetrics } from './metrics';
import { openApiOptions } from './openapi';
import { articleRoutes } from './routes/articles';
import { dashboardRoutes } from './routes/dashboard';
import { docsRoutes } from './routes/docs';
import { feedRoutes } from './routes/feeds';
import { healthRoutes } from './routes/health';
import { loginRoutes, SESSION_IDLE_SECONDS } from './routes/login';
import { queueBoardRoutes } from './routes/queue-board';
import { streamRoutes } from './routes/stream';
import { subscriptionRoutes } from './routes/subscriptions';
import { type WebSubCallbackOptions, websubRoutes } from './routes/websub';

export interface ApiOptions {
  store: Store;
  redis: Redis;
  admin: QueueAdmin;
  logger: Logger;
  /** NEWSQ_PREFIX: where the article stream, the pipeline's history and the sessions live in Redis. */
  prefix: string;
  /** API_TOKEN: a bootstrap admin key, or null. */
  token: string | null;
  /** The API listens on loopback only: anonymous local access is allowed while no key exists. */
  loopbackBind: boolean;
  /** WebSub callbacks (/websub/:feedId), open to hubs; absent, the routes are not served. */
  websub?: WebSubCallbackOptions;
  /** API_STREAM_MAX_CLIENTS: live streams open at once (each holds a Redis connection). */
  streamMaxClients: number;
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

function buildApp(logger: Logger) {
  // Typed as fastify's own logger so route modules take a plain FastifyInstance.
  return Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
}

export type App = ReturnType<typeof buildApp>;

/** Bad parameters and bodies are 400s with the JSON error body every other error has. */
function errorBody(error: FastifyError): { status: number; error: string; message: string } {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0];
    const path = (issue?.instancePath ?? '').split('/').filter(Boolean);
    const where = [error.validationContext ?? 'request', ...path].join('.');
    return { status: 400, error: 'bad_request', message: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  if (error instanceof ArticleQueryError) return { status: 400, error: error.code, message: error.message };
  const status = error.statusCode ?? 500;
  if (status < 500)
    return { status, error: error.code?.toLowerCase() ?? 'bad_request', message: error.message };
  return { status, error: 'internal', message: 'internal error (see the api log)' };
}

export async function buildApi(options: ApiOptions): Promise<App> {
  const app = buildApp(options.logger);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, ...body } = errorBody(error);
    if (status >= 500) request.log.error({ err: error }, 'api: request failed');
    return reply.code(status).send(body);
  });
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
  await app.register(fastifySwagger, openApiOptions());
  const metrics = createApiMetrics(deps);
  app.decorate('metrics', metrics);
  await healthRoutes(app, deps);
  app.get(
    '/metrics',
    {
      preHandler: deps.auth.require('read'),
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics: queue depths, dead letters, feeds by health, articles, stage totals',
        produces: ['text/plain'],
      },
    },
    async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()),
  );
  await loginRoutes(app, deps);
  await articleRoutes(app, deps);
  await streamRoutes(app, deps);
  await feedRoutes(app, deps);
  await subscriptionRoutes(app, deps);
  await docsRoutes(app, deps);
  await dashboardRoutes(app, deps);
  await queueBoardRoutes(app, deps);
  await websubRoutes(app, deps);

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
