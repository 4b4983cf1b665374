// Owns who may call the API: an API key (Bearer, or the password of Basic auth for browsers) with
// the `read` or `admin` scope, API_TOKEN as a bootstrap admin key, a browser session opened with the
// same keys through the login form, and, only while no key exists on a loopback bind, anonymous
// access from loopback host names (a page on another site that rebinds its name to 127.0.0.1 still
// sends its own name in Host, and is refused). Requests a browser may send on its own (a session
// cookie, anonymous loopback) must not change anything when they come from another site, and a
// session's changes carry its CSRF token.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Session, SessionStore } from '@newsq/redis';
import type { ApiKeyRepository, KeyScope } from '@newsq/store';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type Scope = KeyScope;

export interface Principal {
  /** Key name, `api-token`, or `loopback` for anonymous local access. */
  name: string;
  scope: Scope;
  /** How the caller proved itself: only `key` is never sent by a browser on its own. */
  via: 'key' | 'session' | 'loopback';
  /** The session, for a caller that logged in through the form. */
  session?: Session;
}

export interface AuthOptions {
  /** API_TOKEN: an admin key that needs no database row (bootstrap, automation). */
  token: string | null;
  keys: ApiKeyRepository;
  sessions: SessionStore;
  /** True when the API listens on a loopback address only. */
  loopbackBind: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'newsq_session';
/** Read by the pages' scripts (and bull-board's HTTP client) and sent back in X-XSRF-Token. */
export const CSRF_COOKIE = 'XSRF-TOKEN';
const CSRF_HEADERS = ['x-csrf-token', 'x-xsrf-token'] as const;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;
/** Whether any key exists is asked at most this often (it decides if anonymous loopback access is open). */
const KEYS_EXIST_TTL_MS = 5_000;

export function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function presentedSecret(request: FastifyRequest): string | null {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return header.slice(7).trim();
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return null;
}

/**
 * True when a browser says the request comes from a page of another origin (Sec-Fetch-Site, or an
 * Origin that is not this host). Tools such as curl send neither header.
 */
export function isCrossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

function presentedCsrf(request: FastifyRequest): string | null {
  for (const name of CSRF_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  const field = (request.body as { _csrf?: unknown } | undefined)?._csrf;
  return typeof field === 'string' ? field : null;
}

/** Whether the client asked for a page (a browser navigating) rather than data. */
export function wantsHtml(request: FastifyRequest): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}

export interface Auth {
  /** The caller, or null when the request carries no usable credential. */
  principal(request: FastifyRequest): Promise<Principal | null>;
  /** Checks a presented key (login form): the principal it stands for, or null. */
  verifyKey(secret: string): Promise<{ name: string; scope: Scope; keyId: string } | null>;
  /**
   * A preHandler that answers 401 without a credential (a browser asking for a page is sent to the
   * login form instead) and 403 without the scope; a change a browser may have sent on its own is
   * refused when it comes from another site or, with a session, lacks the session's CSRF token.
   */
  require(scope: Scope): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

export function createAuth(options: AuthOptions): Auth {
  // Sessions opened with API_TOKEN carry this id: a changed or removed token ends them.
  const tokenKeyId =
    options.token === null
      ? null
      : `api-token-${createHash('sha256').update(options.token).digest('hex').slice(0, 16)}`;
  let keysExist: { value: boolean; at: number } | null = null;
  const anyKey = async (): Promise<boolean> => {
    if (options.token !== null) return true;
    if (keysExist === null || Date.now() - keysExist.at > KEYS_EXIST_TTL_MS) {
      keysExist = { value: await options.keys.anyActive(), at: Date.now() };
    }
    return keysExist.value;
  };

  const verifyKey: Auth['verifyKey'] = async (secret) => {
    if (options.token !== null && tokenKeyId !== null && sameSecret(secret, options.token))
      return { name: 'api-token', scope: 'admin', keyId: tokenKeyId };
    const key = await options.keys.verify(secret);
    return key === null ? null : { name: key.name, scope: key.scope, keyId: key.id };
  };

  const sessionPrincipal = async (request: FastifyRequest): Promise<Principal | null> => {
    const id = request.cookies?.[SESSION_COOKIE];
    if (id === undefined || id === '') return null;
    const session = await options.sessions.get(id);
    if (session === null) return null;
    // A revoked key ends its sessions; API_TOKEN sessions end when the token changes.
    const valid = session.keyId.startsWith('api-token-')
      ? session.keyId === tokenKeyId
      : await options.keys.isActive(session.keyId);
    return valid ? { name: session.name, scope: session.scope, via: 'session', session } : null;
  };

  const principal = async (request: FastifyRequest): Promise<Principal | null> => {
    const secret = presentedSecret(request);
    if (secret !== null && secret !== '') {
      const key = await verifyKey(secret);
      return key === null ? null : { name: key.name, scope: key.scope, via: 'key' };
    }
    const fromSession = await sessionPrincipal(request);
    if (fromSession !== null) return fromSession;
    if (options.loopbackBind && !(await anyKey()) && LOOPBACK_HOST.test(request.headers.host ?? '')) {
      return { name: 'loopback', scope: 'admin', via: 'loopback' };
    }
    return null;
  };

  const forbidden = (reply: FastifyReply, error: string, message: string) =>
    void reply.code(403).send({ error, message });

  return {
    principal,
    verifyKey,
    require: (scope) => async (request, reply) => {
      request.principal = await principal(request);
      if (request.principal === null) {
        if (wantsHtml(request)) {
          return void reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
        }
        const message = (await anyKey())
          ? 'an API key is required (Authorization: Bearer <key>)'
          : 'requests must come from a loopback host name while no API key exists (newsq keys create)';
        return void reply
          .code(401)
          .header('www-authenticate', 'Basic realm="newsq"')
          .send({ error: 'unauthorized', message });
      }
      if (!SAFE_METHODS.has(request.method) && request.principal.via !== 'key') {
        if (isCrossSite(request))
          return forbidden(reply, 'cross_site', 'a change sent from another site is refused');
        const expected = request.principal.session?.csrf;
        const presented = presentedCsrf(request);
        if (expected !== undefined && (presented === null || !sameSecret(presented, expected)))
          return forbidden(reply, 'csrf', 'this change needs the CSRF token of the session (X-CSRF-Token)');
      }
      if (scope === 'admin' && request.principal.scope !== 'admin') {
        return forbidden(reply, 'forbidden', 'this needs a key with the admin scope');
      }
    },
  };
}
