// Owns API keys: created with a name and a scope, shown once, stored only as a hash, revocable,
// and verified on every request (the last use is recorded at most once a minute per key).
import { createHash, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { type ApiKeysTable, type Db, guarded, iso, type KeyScope } from './database';

export interface ApiKeyRecord {
  id: string;
  name: string;
  scope: KeyScope;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey extends ApiKeyRecord {
  /** The key itself: returned once, at creation, and never stored. */
  key: string;
}

export interface VerifiedKey {
  id: string;
  name: string;
  scope: KeyScope;
}

const KEY_PREFIX = 'nq_';
const LAST_USED_RESOLUTION_MS = 60_000;

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

type Row = Omit<Selectable<ApiKeysTable>, 'key_hash'>;

function toRecord(row: Row): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdAt: iso(row.created_at) ?? '',
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}

export class ApiKeyRepository {
  private readonly lastUseRecorded = new Map<string, number>();

  constructor(private readonly db: Db) {}

  async create(name: string, scope: KeyScope): Promise<CreatedApiKey> {
    const id = `key_${randomBytes(6).toString('hex')}`;
    const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    const createdAt = new Date().toISOString();
    await guarded(() =>
      this.db
        .insertInto('api_keys')
        .values({ id, name, scope, key_hash: hashKey(key), created_at: createdAt })
        .execute(),
    );
    return { id, name, scope, createdAt, lastUsedAt: null, revokedAt: null, key };
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = await guarded(() =>
      this.db
        .selectFrom('api_keys')
        .select(['id', 'name', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
        .orderBy('created_at')
        // Keys made in the same millisecond list by name, not in whatever order the engine finds them.
        .orderBy('name')
        .execute(),
    );
    return rows.map(toRecord);
  }

  /** Revokes by id or name; false when no active key matches. */
  async revoke(idOrName: string): Promise<boolean> {
    const result = await guarded(() =>
      this.db
        .updateTable('api_keys')
        .set({ revoked_at: new Date().toISOString() })
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) > 0;
  }

  /** True when at least one key can be used: the API then refuses anonymous requests even on loopback. */
  async anyActive(): Promise<boolean> {
    const row = await guarded(() =>
      this.db.selectFrom('api_keys').select('id').where('revoked_at', 'is', null).limit(1).executeTakeFirst(),
    );
    return row !== undefined;
  }

  /** Whether the key with this id exists and is not revoked (sessions end with their key). */
  async isActive(id: string): Promise<boolean> {
    const row = await guarded(() =>
      this.db
        .selectFrom('api_keys')
        .select('id')
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    );
    return row !== undefined;
  }

  async verify(presented: string): Promise<VerifiedKey | null> {
    if (!presented.startsWith(KEY_PREFIX)) return null;
    const row = await guarded(() =>
      this.db
        .selectFrom('api_keys')
        .select(['id', 'name', 'scope'])
        .where('key_hash', '=', hashKey(presented))
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    );
    if (row === undefined) return null;
    const now = Date.now();
    if (now - (this.lastUseRecorded.get(row.id) ?? 0) > LAST_USED_RESOLUTION_MS) {
      this.lastUseRecorded.set(row.id, now);
      await guarded(() =>
        this.db
          .updateTable('api_keys')
          .set({ last_used_at: new Date(now).toISOString() })
          .where('id', '=', row.id)
          .execute(),
      );
    }
    return row;
  }
}
