// Owns checking a WebSub content distribution request: the hub signs the body with the subscription's
// hub.secret in `X-Hub-Signature: <method>=<hex HMAC>`, and content that is unsigned, signed with a method
// the spec does not allow, or signed wrongly is not the hub's and is dropped.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const PUSH_SIGNATURE_HEADER = 'x-hub-signature';
const METHODS = new Set(['sha1', 'sha256', 'sha384', 'sha512']);

/** True when `header` is a valid signature of `body` with `secret`. */
export function verifyPushSignature(body: Uint8Array, header: string | undefined, secret: string): boolean {
  const match = /^\s*(sha1|sha256|sha384|sha512)=([0-9a-f]+)\s*$/i.exec(header ?? '');
  const method = match?.[1]?.toLowerCase();
  if (match === null || method === undefined || !METHODS.has(method)) return false;
  const expected = createHmac(method, secret).update(body).digest();
  const presented = Buffer.from(match[2]!.toLowerCase(), 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** The header a hub sends: used by tests acting as the hub. */
export function signPush(body: Uint8Array | string, secret: string, method = 'sha256'): string {
  return `${method}=${createHmac(method, secret).update(body).digest('hex')}`;
}
