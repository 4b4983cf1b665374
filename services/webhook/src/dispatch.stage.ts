// The event-dispatch stage: each published article event becomes one delivery per active
// subscription whose filters it matches. Each delivery is a job of its own, so a subscription's
// retries, backoff and dead letters never touch another's, and its id (stable for the pair
// subscription, event) keeps a redelivered event from queueing a second delivery.
import {
  ArticleEvent,
  defineStage,
  deliveryIdFor,
  matchesSubscription,
  QUEUES,
  type SubscriptionFilters,
  WebhookDelivery,
} from '@newsq/core';

export interface DispatchPorts {
  /** Subscriptions taking new events (a paused one receives nothing while it is paused). */
  activeSubscriptions(): Promise<readonly { id: string; filters: SubscriptionFilters }[]>;
}

export function createDispatchStage(ports: DispatchPorts) {
  return defineStage<ArticleEvent, WebhookDelivery>({
    name: 'event-dispatch',
    input: QUEUES.eventDispatch,
    output: QUEUES.webhookDeliver,
    inputSchema: ArticleEvent,
    outputSchema: WebhookDelivery,
    outputId: (delivery) => delivery.deliveryId,

    async handle(event, ctx) {
      const queuedAt = new Date().toISOString();
      const matching = (await ports.activeSubscriptions()).filter((subscription) =>
        matchesSubscription(subscription.filters, event),
      );
      ctx.logger.debug(
        { event_id: event.eventId, subscriptions: matching.map((subscription) => subscription.id) },
        'event-dispatch: matched',
      );
      return matching.map((subscription) => ({
        version: 1 as const,
        deliveryId: deliveryIdFor(subscription.id, event.eventId),
        subscriptionId: subscription.id,
        queuedAt,
        event,
      }));
    },
  });
}
