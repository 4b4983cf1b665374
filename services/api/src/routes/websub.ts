// WebSub callbacks: where hubs confirm subscriptions (GET, verification of intent) and push content
// (POST). Open without an API key: a hub proves itself otherwise. Only a subscription newsq asked for is
// confirmed, and each push must carry the hub.secret signature of its body; unsigned or wrongly signed
// content is acknowledged and dropped, as the spec advises, so a forger learns nothing from the answer.
// Pushed bodies are queued as feed-poll jobs and take the poll's own path: parse, new items only, seen-set.
import { createHash } from 'node:crypto';
import { type FeedPollRequest, QUEUES } from '@newsq/core';
import { jobIdFor } from '@newsq/queue';
import {
  answerVerification,
  PUSH_SIGNATURE_HEADER,
  RETRY_AFTER_DENIAL_SECONDS,
  renewalDueAt,
  secondsFrom,
  verifyPushSignature,
} from '@newsq/websub';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../server';

export interface WebSubCallbackOptions {
  /** Puts pushed content on the feed-poll queue under `jobId`. */
  enqueuePush(request: FeedPollRequest, jobId: string): Promise<void>;
  /** Pushed bodies over this size are refused (413): the feed size cap, FEED_POLL_MAX_BYTES. */
  maxPushBytes: number;
}

export async function websubRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const options = deps.websub;
  if (options === undefined) return;
  await app.register(async (callbacks) => {
    // The signature covers the exact bytes, whatever the feed's media type: every body is kept raw.
    callbacks.removeAllContentTypeParsers();
    callbacks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    callbacks.get<{ Params: { feedId: string }; Querystring: Record<string, string | undefined> }>(
      '/websub/:feedId',
      async (request, reply) => {
        const { feedId } = request.params;
        const subscription = await deps.store.websub.find(feedId);
        const answer = answerVerification(request.query, subscription);
        const now = new Date();
        if (answer.kind === 'refuse')
          return reply.code(404).send({ error: 'not_found', message: 'no such subscription' });
        if (answer.kind === 'denied') {
          await deps.store.websub.recordDenied(
            feedId,
            now,
            answer.reason,
            secondsFrom(now, RETRY_AFTER_DENIAL_SECONDS),
          );
          request.log.warn({ feed_id: feedId, reason: answer.reason }, 'websub: subscription denied');
          return reply.code(200).send();
        }
        await deps.store.websub.recordVerified(
          feedId,
          now,
          answer.leaseSeconds,
          renewalDueAt(now, answer.leaseSeconds),
        );
        request.log.info({ feed_id: feedId, lease_s: answer.leaseSeconds }, 'websub: subscription verified');
        return reply
          .code(200)
          .header('x-content-type-options', 'nosniff')
          .type('text/plain; charset=utf-8')
          .send(answer.challenge);
      },
    );

    callbacks.post<{ Params: { feedId: string }; Body: Buffer }>(
      '/websub/:feedId',
      { bodyLimit: options.maxPushBytes },
      async (request, reply) => {
        const { feedId } = request.params;
        const subscription = await deps.store.websub.find(feedId);
        // No subscription (the feed was removed or stopped advertising its hub): the hub may drop it.
        if (subscription === null)
          return reply.code(410).send({ error: 'gone', message: 'no such subscription' });
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const signature = request.headers[PUSH_SIGNATURE_HEADER];
        if (
          !verifyPushSignature(
            body,
            typeof signature === 'string' ? signature : undefined,
            subscription.secret,
          )
        ) {
          request.log.warn(
            { feed_id: feedId, signed: signature !== undefined },
            'websub: push without a valid signature dropped',
          );
          return reply.code(202).send();
        }
        const digest = createHash('sha256').update(body).digest('hex');
        await options.enqueuePush(
          {
            version: 1,
            feedId,
            url: subscription.topic,
            push: {
              body: body.toString('base64'),
              contentType: request.headers['content-type'] ?? null,
              receivedAt: new Date().toISOString(),
            },
          },
          // A hub delivering the same body again makes no second job.
          jobIdFor(QUEUES.feedPoll, `${feedId}|push|${digest}`),
        );
        return reply.code(202).send();
      },
    );
  });
}
