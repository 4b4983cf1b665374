// Owns who may call the API: an API key (Bearer, or the password of Basic auth for browsers) with
// the `read` or `admin` scope, API_TOKEN as a bootstrap admin key, and, only while no key exists on
// a loopback bind, anonymous access from loopback host names (a page on another site that rebinds
// its name to 127.0.0.1 still sends its own name in Host, and is refused).
import { timingSafeEqual } from 'node:crypto';
import type { ApiKeyRepository, KeyScope } from '@newsq/store';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type Scope = KeyScope;

export interface Principal {
  /** Key name, `api-token`, or `loopback` for anonymous local access. */
  name: string;
  scope: Scope;
}

export interface AuthOptions {
  /** API_TOKEN: an admin key that needs no database row (bootstrap, automation). */
  token: string | null;
  keys: ApiKeyRepository;
  /** True when the API listens on a loopback address only. */
  loopbackBind: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

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

export interface Auth {
  /** The caller, or null when the request carries no usable credential. */
  principal(request: FastifyRequest): Promise<Principal | null>;
  /** A preHandler that answers 401 without a credential and 403 without the scope. */
  require(scope: Scope): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

export function createAuth(options: AuthOptions): Auth {
  let keysExist: { value: boolean; at: number } | null = null;
  const anyKey = async (): Promise<boolean> => {
    if (options.token !== null) return true;
    if (keysExist === null || Date.now() - keysExist.at > KEYS_EXIST_TTL_MS) {
      keysExist = { value: await options.keys.anyActive(), at: Date.now() };
    }
    return keysExist.value;
  };

  const principal = async (request: FastifyRequest): Promise<Principal | null> => {
    const secret = presentedSecret(request);
    if (secret !== null && secret !== '') {
      if (options.token !== null && sameSecret(secret, options.token))
        return { name: 'api-token', scope: 'admin' };
      const key = await options.keys.verify(secret);
      if (key !== null) return { name: key.name, scope: key.scope };
      return null;
    }
    if (options.loopbackBind && !(await anyKey()) && LOOPBACK_HOST.test(request.headers.host ?? '')) {
      return { name: 'loopback', scope: 'admin' };
    }
    return null;
  };

  return {
    principal,
    require: (scope) => async (request, reply) => {
      request.principal = await principal(request);
      if (request.principal === null) {
        const message = (await anyKey())
          ? 'an API key is required (Authorization: Bearer <key>)'
          : 'requests must come from a loopback host name while no API key exists (newsq keys create)';
        return void reply
          .code(401)
          .header('www-authenticate', 'Basic realm="newsq"')
          .send({ error: 'unauthorized', message });
      }
      if (scope === 'admin' && request.principal.scope !== 'admin') {
        return void reply
          .code(403)
          .send({ error: 'forbidden', message: 'this needs a key with the admin scope' });
      }
    },
  };
}
