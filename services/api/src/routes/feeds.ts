// The feed registry over HTTP: read with the read scope, change with admin.
import { z } from 'zod';
import { ErrorBody, Feed, IdParams } from '../schemas';
import type { ApiDeps, App } from '../server';

const NewFeed = z.object({
  url: z
    .string()
    .max(2000)
    .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), 'url must be an http(s) URL'),
  title: z.string().max(500).optional(),
});

export async function feedRoutes(app: App, deps: ApiDeps): Promise<void> {
  const read = { preHandler: deps.auth.require('read') };
  const admin = { preHandler: deps.auth.require('admin') };
  app.get(
    '/api/v1/feeds',
    {
      ...read,
      schema: { tags: ['feeds'], summary: 'Every feed with its health', response: { 200: z.array(Feed) } },
    },
    async () => deps.store.feeds.list(),
  );
  app.post(
    '/api/v1/feeds',
    {
      ...admin,
      schema: {
        tags: ['feeds'],
        summary: 'Add a feed (200 when it is already there)',
        body: NewFeed,
        response: { 200: Feed, 201: Feed, 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const added = await deps.store.feeds.add(
        new URL(request.body.url).toString(),
        request.body.title ?? null,
      );
      return reply.code(added.created ? 201 : 200).send(added.feed);
    },
  );
  app.delete(
    '/api/v1/feeds/:id',
    {
      ...admin,
      schema: {
        tags: ['feeds'],
        summary: 'Remove a feed',
        params: IdParams,
        response: { 204: z.undefined(), 404: ErrorBody },
      },
    },
    async (request, reply) =>
      (await deps.store.feeds.remove(request.params.id))
        ? reply.code(204).send()
        : reply.code(404).send({ error: 'not_found', message: 'no such feed' }),
  );
  for (const action of ['pause', 'resume'] as const) {
    app.post(
      `/api/v1/feeds/:id/${action}`,
      {
        ...admin,
        schema: {
          tags: ['feeds'],
          summary: action === 'pause' ? 'Stop polling a feed' : 'Poll a paused feed again',
          params: IdParams,
          response: { 200: Feed, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        await deps.store.feeds.setStatus(request.params.id, action === 'pause' ? 'paused' : 'active');
        return (
          (await deps.store.feeds.find(request.params.id)) ??
          reply.code(404).send({ error: 'not_found', message: 'no such feed' })
        );
      },
    );
  }
}
