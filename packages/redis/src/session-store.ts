// Owns browser sessions of the api in Redis, so every api replica knows them and a restart keeps them:
// a random session id (the cookie) maps to who logged in, the key's scope and the session's CSRF
// token. Only a hash of the id is stored, so a read of Redis does not yield usable cookies. Sessions
// expire after a fixed lifetime, renewed by use up to that idle limit.
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface Session {
  /** The API key's name (or `api-token`). */
  name: string;
  scope: 'read' | 'admin';
  /** The key's id (or one derived from API_TOKEN), to end the session when the key is revoked. */
  keyId: string;
  /** Synchronizer token every mutating request of the session must carry. */
  csrf: string;
}

export interface SessionStore {
  /** Creates a session; returns its id, the cookie value. */
  create(session: Omit<Session, 'csrf'>): Promise<{ id: string; session: Session }>;
  /** The session, renewed, or null when unknown or expired. */
  get(id: string): Promise<Session | null>;
  destroy(id: string): Promise<void>;
}

const sessionKey = (prefix: string, id: string) =>
  `${prefix}:session:${createHash('sha256').update(id).digest('hex')}`;

export function createSessionStore(
  redis: Redis,
  options: { prefix: string; idleSeconds: number },
): SessionStore {
  return {
    async create(owner) {
      const id = randomBytes(32).toString('base64url');
      const session: Session = { ...owner, csrf: randomBytes(32).toString('base64url') };
      await redis.set(sessionKey(options.prefix, id), JSON.stringify(session), 'EX', options.idleSeconds);
      return { id, session };
    },
    async get(id) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
      const key = sessionKey(options.prefix, id);
      const [[, value] = [], [, renewed] = []] =
        (await redis.multi().get(key).expire(key, options.idleSeconds).exec()) ?? [];
      return typeof value === 'string' && renewed === 1 ? (JSON.parse(value) as Session) : null;
    },
    async destroy(id) {
      await redis.del(sessionKey(options.prefix, id));
    },
  };
}
