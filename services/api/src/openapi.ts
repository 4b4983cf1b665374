// Owns the OpenAPI document's frame: its info, the two ways to present a key, the tags, and the event
// contract (the article event and the webhook payload, from the same zod schemas as the committed JSON
// Schemas) as components and as the `webhooks` a subscription receives. Routes add themselves.
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { contractJsonSchemas } from '@newsq/core';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** A committed JSON Schema as an OpenAPI 3.1 component (its own $id and dialect left to the document). */
function component(name: string): Record<string, unknown> {
  const { $id: _id, $schema: _schema, ...schema } = contractJsonSchemas()[name]!;
  return schema;
}

export function openApiOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'newsq API',
        version: '1.0.0',
        description:
          'Stored articles (filters, full-text search, cursor pages, a live stream), topics, clusters, feeds and webhook subscriptions. Keys come from `newsq keys create`; `read` may read, `admin` may also change.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer <key>' },
          basic: {
            type: 'http',
            scheme: 'basic',
            description: 'Any user name, the key as the password (browsers)',
          },
        },
        schemas: {
          ArticleEvent: component('article-event.v1.json'),
          WebhookPayload: component('webhook-payload.v1.json'),
        },
      },
      security: [{ bearer: [] }, { basic: [] }],
      tags: [
        { name: 'articles', description: 'Stored articles, topics and clusters' },
        { name: 'feeds', description: 'The feed registry' },
        { name: 'subscriptions', description: 'Webhook subscriptions (admin)' },
        { name: 'operations', description: 'Health, metrics, pipeline state, this document' },
      ],
      webhooks: {
        article: {
          post: {
            summary: 'An article event, POSTed to each subscription whose filters match',
            description:
              'Headers: X-Newsq-Event (article.stored or article.updated), X-Newsq-Delivery (the delivery id, also in the body), X-Newsq-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the subscription secret>. Answer 2xx; 408, 429 and 5xx are retried with backoff, other statuses dead-letter the delivery.',
            requestBody: {
              required: true,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookPayload' } } },
            },
            responses: { '200': { description: 'Received' } },
          },
        },
      },
    },
    // Routes without tags (the dashboard, the documentation page's assets) are not part of the API.
    hideUntagged: true,
    transform: jsonSchemaTransform,
  };
}
