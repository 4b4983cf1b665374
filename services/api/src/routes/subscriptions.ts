// Webhook subscriptions over HTTP, admin scope only (they hold signing secrets and send data out):
// create (the secret is shown once), list, read, remove, pause and resume, and each one's dead
// letters (deliveries that exhausted their attempts or came while it was paused) with replay.
import { isDeliveryFor, QUEUES, WebhookDelivery } from '@newsq/core';
import { z } from 'zod';
import {
  CreatedSubscription,
  DeadLetter,
  ErrorBody,
  IdParams,
  NewSubscription,
  ReplayBody,
  Subscription,
} from '../schemas';
import type { ApiDeps, App } from '../server';

const notFound = { error: 'not_found', message: 'no such subscription' };

export async function subscriptionRoutes(app: App, deps: ApiDeps): Promise<void> {
  const admin = { preHandler: deps.auth.require('admin') };
  const tags = ['subscriptions'];
  const { subscriptions } = deps.store;

  app.get(
    '/api/v1/subscriptions',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Every subscription with its health',
        response: { 200: z.array(Subscription) },
      },
    },
    async () => subscriptions.list(),
  );
  app.post(
    '/api/v1/subscriptions',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Subscribe a URL to the events its filters match',
        body: NewSubscription,
        response: { 201: CreatedSubscription, 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const { name, url, secret, filters } = request.body;
      if ((await subscriptions.find(name)) !== null) {
        return reply.code(409).send({ error: 'conflict', message: `a subscription named ${name} exists` });
      }
      const created = await subscriptions.create({
        name,
        url,
        ...(secret === undefined ? {} : { secret }),
        filters: { topics: [], countries: [], minScore: null, originalsOnly: false, ...filters },
      });
      return reply.code(201).send(created);
    },
  );
  app.get(
    '/api/v1/subscriptions/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'One subscription (by id or name)',
        params: IdParams,
        response: { 200: Subscription, 404: ErrorBody },
      },
    },
    async (request, reply) => (await subscriptions.find(request.params.id)) ?? reply.code(404).send(notFound),
  );
  app.delete(
    '/api/v1/subscriptions/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Remove a subscription; its queued deliveries are dropped',
        params: IdParams,
        response: { 204: z.undefined(), 404: ErrorBody },
      },
    },
    async (request, reply) =>
      (await subscriptions.remove(request.params.id))
        ? reply.code(204).send()
        : reply.code(404).send(notFound),
  );
  for (const action of ['pause', 'resume'] as const) {
    app.post(
      `/api/v1/subscriptions/:id/${action}`,
      {
        ...admin,
        schema: {
          tags,
          summary:
            action === 'pause'
              ? 'Stop delivering: events published meanwhile are not sent, deliveries in flight are dead-lettered'
              : 'Deliver again (and start the failure count again); replay the dead letters to send what failed',
          params: IdParams,
          response: { 200: Subscription, 404: ErrorBody },
        },
      },
      async (request, reply) =>
        (await subscriptions.setStatus(request.params.id, action === 'pause' ? 'paused' : 'active')) ??
        reply.code(404).send(notFound),
    );
  }
  app.get(
    '/api/v1/subscriptions/:id/dead-letters',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Deliveries that exhausted their attempts, newest first (at most 1,000)',
        params: IdParams,
        response: { 200: z.array(DeadLetter), 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const subscription = await subscriptions.find(request.params.id);
      if (subscription === null) return reply.code(404).send(notFound);
      const letters = await deps.admin.deadLetters(QUEUES.webhookDeliver, {
        limit: 1000,
        match: isDeliveryFor(subscription.id),
      });
      return letters.flatMap((letter) => {
        const delivery = WebhookDelivery.safeParse(letter.data);
        if (!delivery.success) return [];
        return [
          {
            jobId: letter.id,
            deliveryId: delivery.data.deliveryId,
            eventId: delivery.data.event.eventId,
            event: delivery.data.event.event,
            failedReason: letter.failedReason,
            attemptsMade: letter.attemptsMade,
            failedAt: letter.finishedOn,
          },
        ];
      });
    },
  );
  app.post(
    '/api/v1/subscriptions/:id/dead-letters/replay',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Deliver dead letters again, with fresh attempts and the same delivery ids',
        params: IdParams,
        body: ReplayBody,
        response: { 200: z.object({ replayed: z.number().int() }), 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const subscription = await subscriptions.find(request.params.id);
      if (subscription === null) return reply.code(404).send(notFound);
      const ofSubscription = isDeliveryFor(subscription.id);
      const deliveryId = request.body?.deliveryId;
      const replayed = await deps.admin.replayWhere(
        QUEUES.webhookDeliver,
        deliveryId === undefined
          ? ofSubscription
          : (data) => ofSubscription(data) && (data as WebhookDelivery).deliveryId === deliveryId,
      );
      return { replayed };
    },
  );
}
