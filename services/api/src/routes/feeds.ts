// The feed registry over HTTP: read with the read scope, change with admin.
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../server';

export async function feedRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const read = { preHandler: deps.auth.require('read') };
  const admin = { preHandler: deps.auth.require('admin') };
  app.get('/api/v1/feeds', read, async () => deps.store.feeds.list());
  app.post<{ Body: { url?: unknown; title?: unknown } }>('/api/v1/feeds', admin, async (request, reply) => {
    const { url, title } = request.body ?? {};
    if (typeof url !== 'string' || !/^https?:\/\//.test(url) || !URL.canParse(url)) {
      return reply.code(400).send({ error: 'bad_request', message: 'url must be an http(s) URL' });
    }
    const added = await deps.store.feeds.add(
      new URL(url).toString(),
      typeof title === 'string' ? title : null,
    );
    return reply.code(added.created ? 201 : 200).send(added.feed);
  });
  app.delete<{ Params: { id: string } }>('/api/v1/feeds/:id', admin, async (request, reply) =>
    (await deps.store.feeds.remove(request.params.id))
      ? reply.code(204).send()
      : reply.code(404).send({ error: 'not_found', message: 'no such feed' }),
  );
  for (const action of ['pause', 'resume'] as const) {
    app.post<{ Params: { id: string } }>(`/api/v1/feeds/:id/${action}`, admin, async (request, reply) => {
      const done = await deps.store.feeds.setStatus(
        request.params.id,
        action === 'pause' ? 'paused' : 'active',
      );
      return done
        ? reply.send(await deps.store.feeds.find(request.params.id))
        : reply.code(404).send({ error: 'not_found', message: 'no such feed' });
    });
  }
}
