// The webhook-deliver stage: POST one event, signed with its subscription's secret, with the delivery
// id inside the signed body. Each attempt updates the subscription's health; too many consecutive
// failures pause it. The runner retries what the receiver may accept later (timeouts, 408, 429 with
// Retry-After, 5xx) with backoff and dead-letters the rest, replayable per subscription. A
// subscription with its limit of deliveries in flight has its next one deferred, not waited for, so a
// slow or dead endpoint holds at most that many of the worker's slots and the others keep flowing.
import {
  DeferredError,
  defineStage,
  PermanentError,
  QUEUES,
  WebhookDelivery,
  type WebhookPayload,
} from '@newsq/core';
import { z } from 'zod';

export interface DeliveryTargetPort {
  url: string;
  secret: string;
  status: 'active' | 'paused';
}

export interface DeliverPorts {
  /** The subscription, or null once it is removed. */
  target(subscriptionId: string): Promise<DeliveryTargetPort | null>;
  /** A slot among the subscription's deliveries in flight, or null while they are all taken. */
  acquireSlot(subscriptionId: string): Promise<(() => Promise<void>) | null>;
  /** POSTs the signed payload; the status on success, a classified error otherwise. */
  post(
    target: DeliveryTargetPort,
    payload: WebhookPayload,
    body: string,
    signal: AbortSignal,
  ): Promise<number>;
  recordSuccess(subscriptionId: string, status: number): Promise<void>;
  /** Counts a failed attempt; `paused` when it was the one that paused the subscription. */
  recordFailure(subscriptionId: string, error: unknown): Promise<{ paused: boolean }>;
}

/**
 * How long a delivery waits when its subscription is busy: a quarter of its age, between half a
 * second and a minute, with jitter. A backlog behind a slow endpoint is retried less often the
 * longer it waits, so it does not keep the worker busy re-queueing it.
 */
export function deferralMs(queuedAt: string, now = Date.now(), random = Math.random): number {
  const age = Math.max(0, now - Date.parse(queuedAt));
  return Math.round(Math.min(60_000, Math.max(500, age / 4)) * (0.75 + random() / 2));
}

export function createDeliverStage(ports: DeliverPorts) {
  return defineStage<WebhookDelivery, never>({
    name: 'webhook-deliver',
    input: QUEUES.webhookDeliver,
    output: null,
    inputSchema: WebhookDelivery,
    outputSchema: z.never(),
    outputId: () => '',

    async handle(delivery, ctx) {
      const { subscriptionId, deliveryId, event } = delivery;
      const log = { subscription_id: subscriptionId, delivery_id: deliveryId, event_id: event.eventId };
      const target = await ports.target(subscriptionId);
      if (target === null) {
        ctx.logger.info(log, 'webhook-deliver: subscription removed, delivery dropped');
        return [];
      }
      if (target.status === 'paused') {
        throw new PermanentError(
          'subscription_paused',
          `webhook-deliver: subscription ${subscriptionId} is paused (resume it, then replay its dead letters)`,
        );
      }
      const release = await ports.acquireSlot(subscriptionId);
      if (release === null) {
        throw new DeferredError(
          'subscription_busy',
          `webhook-deliver: subscription ${subscriptionId} has its deliveries in flight`,
          Date.now() + deferralMs(delivery.queuedAt),
        );
      }
      const payload: WebhookPayload = { version: 1, deliveryId, subscriptionId, event };
      try {
        const status = await ports.post(target, payload, JSON.stringify(payload), ctx.signal);
        await ports.recordSuccess(subscriptionId, status);
        ctx.logger.info({ ...log, status }, 'webhook-deliver: delivered');
        return [];
      } catch (error) {
        const { paused } = await ports.recordFailure(subscriptionId, error);
        if (paused) {
          ctx.logger.warn(
            { ...log, err_message: (error as Error).message },
            'webhook-deliver: too many consecutive failures, subscription paused',
          );
        }
        throw error;
      } finally {
        await release();
      }
    },
  });
}
