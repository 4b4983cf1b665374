// Wires event-dispatch and webhook-deliver to the subscriptions in the database (WEBHOOK_URL and
// WEBHOOK_SECRET, when set, are one of them, without filters), the per-subscription limit of
// deliveries in flight (kept in Redis for every worker) and signed POSTs.
import { createRedisHostLimiter } from '@newsq/redis';
import type { Runtime } from '@newsq/runtime';
import { deliverWebhook, failedStatus } from '@newsq/webhooks';
import { createDeliverStage } from './deliver.stage';
import { createDispatchStage } from './dispatch.stage';

/** Dispatch reads the active subscriptions at most this often: a change takes effect within it. */
const SUBSCRIPTIONS_TTL_MS = 2_000;
/** A slot lapses this long after its worker stops renewing it (a killed worker frees its slots quickly). */
const SLOT_LEASE_MS = 10_000;

export async function buildWebhookStages(runtime: Runtime) {
  const { config } = runtime;
  const store = await runtime.store();
  await store.subscriptions.syncConfigured(
    config.WEBHOOK_URL === undefined || config.WEBHOOK_SECRET === undefined
      ? null
      : { url: config.WEBHOOK_URL, secret: config.WEBHOOK_SECRET },
  );
  let cached: { at: number; value: ReturnType<typeof store.subscriptions.active> } | null = null;
  const dispatch = createDispatchStage({
    activeSubscriptions() {
      if (cached === null || Date.now() - cached.at > SUBSCRIPTIONS_TTL_MS) {
        cached = { at: Date.now(), value: store.subscriptions.active() };
        // A failed read is not kept: the next event reads again.
        cached.value.catch(() => {
          cached = null;
        });
      }
      return cached.value;
    },
  });
  const slots = createRedisHostLimiter(runtime.redis, {
    prefix: config.NEWSQ_PREFIX,
    scope: 'subscription-limit',
    maxConcurrency: config.WEBHOOK_SUBSCRIPTION_CONCURRENCY,
    minDelayMs: 0,
    leaseMs: SLOT_LEASE_MS,
  });
  const deliver = createDeliverStage({
    target: (id) => store.subscriptions.target(id),
    acquireSlot: (id) => slots.tryAcquire(id),
    post: (target, payload, body, signal) =>
      deliverWebhook({
        url: target.url,
        secret: target.secret,
        deliveryId: payload.deliveryId,
        event: payload.event.event,
        body,
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
        signal,
      }),
    recordSuccess: (id, status) => store.subscriptions.recordSuccess(id, status),
    recordFailure: (id, error) =>
      store.subscriptions.recordFailure(
        id,
        { status: failedStatus(error), error: (error as Error).message },
        config.WEBHOOK_AUTO_PAUSE_AFTER,
      ),
  });
  return [dispatch, deliver] as const;
}
