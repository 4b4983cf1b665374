// The read API and admin surface: feed registry, stored articles, pipeline
// health, Prometheus metrics and the bull-board queue dashboard. Everything but
// liveness, readiness and metrics needs API_TOKEN (Bearer, or Basic password
// for browsers).
import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Logger } from '@newsq/core';
import { ALL_QUEUES } from '@newsq/core';
import type { QueueAdmin } from '@newsq/queue';
import type { Redis } from '@newsq/redis';
import type { Store } from '@newsq/store';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export interface ApiDeps {
  store: Store;
  redis: Redis;
  admin: QueueAdmin;
  logger: Logger;
  /** Null disables authentication (allowed only on loopback, checked by main). */
  token: string | null;
}

function tokenMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function presentedToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return header.slice(7);
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return null;
}

function createMetrics(deps: ApiDeps): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'newsq_api_' });
  new Gauge({
    name: 'newsq_queue_jobs',
    help: 'Jobs per queue and state (failed = the dead-letter set)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const row of await deps.admin.counts()) {
        for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed'] as const) {
          this.set({ queue: row.queue, state }, row[state]);
        }
      }
    },
  });
  new Gauge({
    name: 'newsq_feeds',
    help: 'Registered feeds by status and health',
    labelNames: ['status', 'health'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await deps.store.feeds.healthSummary())
        this.set({ status: row.status, health: row.health }, row.count);
    },
  });
  new Gauge({
    name: 'newsq_articles',
    help: 'Stored articles, originals and duplicates',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const counts = await deps.store.articles.count();
      this.set({ kind: 'original' }, counts.originals);
      this.set({ kind: 'duplicate' }, counts.duplicates);
    },
  });
  return registry;
}

export async function buildApi(deps: ApiDeps) {
  const app = Fastify({ loggerInstance: deps.logger, bodyLimit: 64 * 1024 });
  const metrics = createMetrics(deps);

  const requireToken = async (request: FastifyRequest, reply: FastifyReply) => {
    if (deps.token === null) return;
    const presented = presentedToken(request);
    if (presented !== null && tokenMatches(presented, deps.token)) return;
    reply.header('www-authenticate', 'Basic realm="newsq"').code(401).send({ error: 'unauthorized' });
  };

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const checks = await Promise.all([
      deps.redis.ping().then(
        () => ['redis', 'ok'] as const,
        (error: Error) => ['redis', error.message] as const,
      ),
      deps.store.ping().then(
        () => ['database', 'ok'] as const,
        (error: Error) => ['database', error.message] as const,
      ),
    ]);
    const ready = checks.every(([, status]) => status === 'ok');
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(checks) });
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );

  await app.register(async (api) => {
    api.addHook('onRequest', requireToken);

    api.get('/api/v1/pipeline', async () => ({
      queues: await deps.admin.counts(),
      feeds: await deps.store.feeds.healthSummary(),
      articles: await deps.store.articles.count(),
    }));

    api.get<{ Querystring: { topic?: string; limit?: string; originals?: string } }>(
      '/api/v1/articles',
      async (request) => {
        const limit = Math.min(1000, Math.max(1, Number(request.query.limit ?? 100) || 100));
        return deps.store.articles.list({
          ...(request.query.topic ? { topic: request.query.topic } : {}),
          includeDuplicates: request.query.originals !== 'true',
          limit,
        });
      },
    );

    api.get('/api/v1/feeds', async () => deps.store.feeds.list());
    api.post<{ Body: { url?: unknown; title?: unknown } }>('/api/v1/feeds', async (request, reply) => {
      const { url, title } = request.body ?? {};
      if (typeof url !== 'string' || !/^https?:\/\//.test(url) || !URL.canParse(url)) {
        return reply.code(400).send({ error: 'url must be an http(s) URL' });
      }
      const added = await deps.store.feeds.add(
        new URL(url).toString(),
        typeof title === 'string' ? title : null,
      );
      return reply.code(added.created ? 201 : 200).send(added.feed);
    });
    api.delete<{ Params: { id: string } }>('/api/v1/feeds/:id', async (request, reply) =>
      (await deps.store.feeds.remove(request.params.id))
        ? reply.code(204).send()
        : reply.code(404).send({ error: 'no such feed' }),
    );
    for (const action of ['pause', 'resume'] as const) {
      api.post<{ Params: { id: string } }>(`/api/v1/feeds/:id/${action}`, async (request, reply) => {
        const done = await deps.store.feeds.setStatus(
          request.params.id,
          action === 'pause' ? 'paused' : 'active',
        );
        return done
          ? reply.send(await deps.store.feeds.find(request.params.id))
          : reply.code(404).send({ error: 'no such feed' });
      });
    }

    const board = new FastifyAdapter();
    board.setBasePath('/admin/queues');
    createBullBoard({
      queues: ALL_QUEUES.map((name) => new BullMQAdapter(deps.admin.queue(name))),
      serverAdapter: board,
    });
    await api.register(board.registerPlugin(), { prefix: '/admin/queues' });
  });

  return app;
}
