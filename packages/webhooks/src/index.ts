// Owns signed webhook delivery: the signature scheme (HMAC-SHA256 over
// "<timestamp>.<body>", so a captured request cannot be replayed later), its
// verification for receivers, and one POST with its outcome classified as
// retryable or permanent (with the status the receiver answered, for its health).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PipelineError, RetryableError } from '@newsq/core';
import { DEFAULT_USER_AGENT } from '@newsq/http';
import { parseRetryAfter } from '@newsq/web-text';

export const SIGNATURE_HEADER = 'x-newsq-signature';

export function signPayload(secret: string, body: string, timestampSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}

/** For receivers: true when the header signs this body with this secret within the tolerance. */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const { nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300 } = options;
  const fields = Object.fromEntries(
    header.split(',').map((part) => part.trim().split('=', 2) as [string, string]),
  );
  const timestamp = Number(fields.t);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds || !fields.v1)
    return false;
  const expected = Buffer.from(signPayload(secret, body, timestamp).split('v1=')[1]!, 'hex');
  const presented = Buffer.from(fields.v1, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export interface Delivery {
  url: string;
  secret: string;
  /** Stable per event, so receivers can drop a redelivery. */
  deliveryId: string;
  event: string;
  body: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The receiver answered with a status that is not a success. */
export class WebhookStatusError extends PipelineError {
  constructor(
    readonly status: number,
    message: string,
    retryAfterMs: number | null,
  ) {
    const retryable = status === 408 || status === 429 || status >= 500;
    super(retryable ? 'webhook_status' : 'webhook_rejected', message, {
      retryable,
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    });
    this.name = 'WebhookStatusError';
  }
}

/** The HTTP status of a failed delivery, or null when no response came (timeout, refused connection). */
export function failedStatus(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

/** POSTs one event. 2xx is done; 408, 429 and 5xx are retryable; other statuses are permanent. */
export async function deliverWebhook(delivery: Delivery): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signal = AbortSignal.any([
    AbortSignal.timeout(delivery.timeoutMs),
    ...(delivery.signal ? [delivery.signal] : []),
  ]);
  let response: Response;
  try {
    response = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': DEFAULT_USER_AGENT,
        'x-newsq-event': delivery.event,
        'x-newsq-delivery': delivery.deliveryId,
        [SIGNATURE_HEADER]: signPayload(delivery.secret, delivery.body, timestamp),
      },
      body: delivery.body,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    throw new RetryableError(
      'webhook_unreachable',
      `webhooks: ${delivery.url} unreachable: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  await response.body?.cancel();
  if (response.ok) return response.status;
  throw new WebhookStatusError(
    response.status,
    `webhooks: ${delivery.url} answered ${response.status}`,
    parseRetryAfter(response.headers.get('retry-after')),
  );
}
