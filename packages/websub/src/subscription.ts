// Owns the subscriber's side of a WebSub subscription: the subscription request sent to the hub, the
// answer to the hub's verification of intent, and when to ask again (renewal before the lease runs out,
// retries after a failure, a denial or a verification that never came).
import { randomBytes } from 'node:crypto';

/** The lease asked for; the hub decides, and its verification says what it granted. */
const REQUESTED_LEASE_SECONDS = 10 * 86_400;
/** A request the hub accepted but never verified is sent again after this long. */
export const VERIFICATION_WAIT_SECONDS = 3_600;
/** A failed request (hub unreachable or refusing) is tried again after this long. */
export const RETRY_AFTER_FAILURE_SECONDS = 3_600;
/** A denied subscription is asked for again after this long. */
export const RETRY_AFTER_DENIAL_SECONDS = 86_400;
/** Renewal is due once this share of the lease has passed: a tenth of it is left to get the renewal through. */
const RENEW_AT_SHARE = 0.9;

/** Where the hub calls back for one feed. */
export function callbackUrl(baseUrl: string, feedId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/websub/${encodeURIComponent(feedId)}`;
}

/** A fresh hub.secret: 32 random bytes, hex (the spec allows up to 200 bytes). */
export function newPushSecret(): string {
  return randomBytes(32).toString('hex');
}

/** The form body of a subscription request (application/x-www-form-urlencoded). */
export function subscriptionRequestBody(request: {
  topic: string;
  callback: string;
  secret: string;
}): string {
  return new URLSearchParams({
    'hub.mode': 'subscribe',
    'hub.topic': request.topic,
    'hub.callback': request.callback,
    'hub.secret': request.secret,
    'hub.lease_seconds': String(REQUESTED_LEASE_SECONDS),
  }).toString();
}

/** When a lease granted at `verifiedAt` is renewed. */
export function renewalDueAt(verifiedAt: Date, leaseSeconds: number): Date {
  return new Date(verifiedAt.getTime() + leaseSeconds * RENEW_AT_SHARE * 1000);
}

export const secondsFrom = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

export type VerificationAnswer =
  /** Confirm: answer 200 with the challenge, the subscription is active for `leaseSeconds`. */
  | { kind: 'confirm'; challenge: string; leaseSeconds: number }
  /** The hub refused the subscription: answer 200, record the reason. */
  | { kind: 'denied'; reason: string }
  /** Not a subscription this subscriber asked for: answer 404. */
  | { kind: 'refuse' };

/**
 * The answer to a hub's GET on the callback. Only a subscribe for the topic the subscriber asked about,
 * while it is awaiting verification or renewing an active lease, is confirmed: anyone may call the URL.
 */
export function answerVerification(
  query: Record<string, string | undefined>,
  subscription: { topic: string; state: string } | null,
): VerificationAnswer {
  if (subscription === null || query['hub.topic'] !== subscription.topic) return { kind: 'refuse' };
  const mode = query['hub.mode'];
  if (mode === 'denied') return { kind: 'denied', reason: (query['hub.reason'] ?? '').slice(0, 500) };
  const challenge = query['hub.challenge'] ?? '';
  if (mode !== 'subscribe' || challenge === '' || challenge.length > 1024) return { kind: 'refuse' };
  if (subscription.state !== 'requested' && subscription.state !== 'active') return { kind: 'refuse' };
  const lease = Number(query['hub.lease_seconds']);
  return {
    kind: 'confirm',
    challenge,
    leaseSeconds: Number.isInteger(lease) && lease > 0 ? lease : REQUESTED_LEASE_SECONDS,
  };
}
