// Owns sending WebSub subscription requests: each tick claims the subscriptions whose request is due (a hub
// just found, a lease nine tenths through, a verification that never came, a failure or denial to retry)
// and posts them to their hubs through the safe fetch client. Subscriptions are leased in the database, so
// several feed-poll replicas never send the same request twice; the hub's verification, answered by the
// api's callback route, records the lease and the next renewal.
import { isPipelineError, type Logger } from '@newsq/core';
import type { DependencyGate } from '@newsq/queue';
import type { WebSubRepository } from '@newsq/store';
import {
  callbackUrl,
  RETRY_AFTER_FAILURE_SECONDS,
  secondsFrom,
  subscriptionRequestBody,
  VERIFICATION_WAIT_SECONDS,
} from '@newsq/websub';
import { type PeriodicTask, startPeriodicTask } from './periodic-task';

/** `tick` sends every due subscription request now and returns how many were sent. */
export type WebSubRenewer = PeriodicTask;

export function startWebSubRenewer(options: {
  subscriptions: WebSubRepository;
  /** WEBSUB_CALLBACK_BASE_URL: where hubs reach the api. */
  callbackBaseUrl: string;
  /** Posts a subscription form to a hub; resolves on a 2xx answer (202 Accepted, usually). */
  postToHub(hub: string, form: string, signal: AbortSignal): Promise<unknown>;
  gate: DependencyGate;
  everyMs: number;
  logger: Logger;
  now?: () => Date;
  /** How long a claimed subscription waits for its request before it may be claimed again. */
  leaseSeconds?: number;
}): WebSubRenewer {
  const { subscriptions, gate, logger, leaseSeconds = 300 } = options;
  const now = options.now ?? (() => new Date());

  const tick = async (stopped: AbortSignal): Promise<number> => {
    const at = now();
    const due = await gate.run(() => subscriptions.claimDue(at, 100, leaseSeconds), stopped);
    for (const subscription of due) {
      const renewing = subscription.state === 'active';
      await gate.run(
        () =>
          subscriptions.recordRequested(
            subscription.feedId,
            at,
            secondsFrom(at, VERIFICATION_WAIT_SECONDS),
            renewing,
          ),
        stopped,
      );
      const form = subscriptionRequestBody({
        topic: subscription.topic,
        callback: callbackUrl(options.callbackBaseUrl, subscription.feedId),
        secret: subscription.secret,
      });
      try {
        await options.postToHub(subscription.hub, form, stopped);
        logger.info(
          { feed_id: subscription.feedId, hub: subscription.hub, renewing },
          'websub: subscription requested',
        );
      } catch (error) {
        if (!isPipelineError(error)) throw error;
        logger.warn(
          { feed_id: subscription.feedId, hub: subscription.hub, err_code: error.code },
          'websub: subscription request failed, will retry',
        );
        await gate.run(
          () =>
            subscriptions.recordRequestFailed(
              subscription.feedId,
              at,
              `${error.code}: ${error.message}`,
              secondsFrom(at, RETRY_AFTER_FAILURE_SECONDS),
            ),
          stopped,
        );
      }
    }
    return due.length;
  };

  return startPeriodicTask({ name: 'websub: renewal', everyMs: options.everyMs, logger, run: tick });
}
