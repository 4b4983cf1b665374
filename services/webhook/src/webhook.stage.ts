// The webhook-deliver stage: POST each published article version, signed, to
// the configured endpoint. The runner retries what the receiver may accept later
// (timeouts, 408, 429 with Retry-After, 5xx) and dead-letters the rest.
import { ArticlePublished, defineStage, QUEUES } from '@newsq/core';
import { z } from 'zod';

export interface WebhookPorts {
  /** Null when no endpoint is configured: events are then acknowledged without delivery. */
  deliver: ((event: ArticlePublished, deliveryId: string, signal: AbortSignal) => Promise<number>) | null;
}

export function createWebhookStage(ports: WebhookPorts) {
  return defineStage<ArticlePublished, never>({
    name: 'webhook-deliver',
    input: QUEUES.webhookDeliver,
    output: null,
    inputSchema: ArticlePublished,
    outputSchema: z.never(),
    outputId: () => '',

    async handle(event, ctx) {
      // Without an endpoint the event has no receiver: acknowledged, as the stream already holds it.
      if (ports.deliver === null) return [];
      // The delivery id names the article version, so a receiver can drop a redelivery.
      const status = await ports.deliver(event, `${event.id}-${event.contentHash}`, ctx.signal);
      ctx.logger.info({ canonical_url: event.canonicalUrl, status }, 'webhook-deliver: delivered');
      return [];
    },
  });
}
