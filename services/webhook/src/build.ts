// Wires the webhook-deliver stage to WEBHOOK_URL and WEBHOOK_SECRET.
import type { Runtime } from '@newsq/runtime';
import { deliverWebhook } from '@newsq/webhooks';
import { createWebhookStage } from './webhook.stage';

export function buildWebhookStage(runtime: Runtime) {
  const { WEBHOOK_URL: url, WEBHOOK_SECRET: secret, WEBHOOK_TIMEOUT_MS: timeoutMs } = runtime.config;
  return createWebhookStage({
    deliver:
      url === undefined || secret === undefined
        ? null
        : (event, deliveryId, signal) =>
            deliverWebhook({
              url,
              secret,
              deliveryId,
              event: event.event,
              body: JSON.stringify(event),
              timeoutMs,
              signal,
            }),
  });
}
