// The OpenAPI document at /openapi.json and its browsable page at /docs (swagger-ui, served from the
// package's own files: it works offline). Both need a key, as every route but health does.
import fastifySwaggerUi from '@fastify/swagger-ui';
import { z } from 'zod';
import type { ApiDeps, App } from '../server';

export async function docsRoutes(app: App, deps: ApiDeps): Promise<void> {
  const read = deps.auth.require('read');
  app.get(
    '/openapi.json',
    {
      preHandler: read,
      schema: {
        tags: ['operations'],
        summary: 'This document (OpenAPI 3.1)',
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );
  await app.register(async (docs) => {
    docs.addHook('preHandler', read);
    await docs.register(fastifySwaggerUi, { routePrefix: '/docs' });
  });
}
