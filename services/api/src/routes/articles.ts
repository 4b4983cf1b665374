// Stored articles over HTTP, and the pipeline's state in one document.
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../server';

export async function articleRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const read = { preHandler: deps.auth.require('read') };
  app.get('/api/v1/pipeline', read, async () => ({
    queues: await deps.admin.counts(),
    feeds: await deps.store.feeds.healthSummary(),
    articles: await deps.store.articles.count(),
  }));
  app.get<{ Querystring: { topic?: string; limit?: string; originals?: string } }>(
    '/api/v1/articles',
    read,
    async (request) => {
      const limit = Math.min(1000, Math.max(1, Number(request.query.limit ?? 100) || 100));
      return deps.store.articles.list({
        ...(request.query.topic ? { topic: request.query.topic } : {}),
        ...(request.query.originals === 'true' ? { originals: true } : {}),
        limit,
      });
    },
  );
}
