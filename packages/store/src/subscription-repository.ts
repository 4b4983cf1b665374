// Owns webhook subscriptions: each with a URL, its own signing secret (shown once, at creation) and
// filters; paused by an operator or automatically after too many consecutive failed deliveries; and
// its delivery health (last status and error, last attempt and success, consecutive failures).
import { randomBytes } from 'node:crypto';
import { NO_FILTERS, SubscriptionFilters } from '@newsq/core';
import { sql } from 'kysely';
import {
  type Db,
  fromJson,
  guarded,
  iso,
  type SubscriptionStatus,
  type SubscriptionsTable,
} from './database';

export type PausedReason = 'manual' | 'auto';

export interface SubscriptionHealth {
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  consecutiveFailures: number;
}

export interface SubscriptionRecord {
  id: string;
  name: string;
  url: string;
  filters: SubscriptionFilters;
  status: SubscriptionStatus;
  pausedReason: PausedReason | null;
  health: SubscriptionHealth;
  createdAt: string;
  updatedAt: string;
}

/** What delivery needs: the record and the signing secret. */
export interface DeliveryTarget extends SubscriptionRecord {
  secret: string;
}

export interface NewSubscription {
  name: string;
  url: string;
  /** Generated when absent. */
  secret?: string;
  filters?: SubscriptionFilters;
}

/** The subscription WEBHOOK_URL and WEBHOOK_SECRET stand for; kept in step with them at startup. */
export const CONFIGURED_SUBSCRIPTION = { id: 'sub_env', name: 'WEBHOOK_URL' } as const;

const newId = () => `sub_${randomBytes(6).toString('hex')}`;
const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

type Row = { [K in keyof SubscriptionsTable]: unknown };

function toTarget(row: Row): DeliveryTarget {
  return {
    id: String(row.id),
    name: String(row.name),
    url: String(row.url),
    filters: SubscriptionFilters.parse(fromJson(row.filters)),
    status: row.status as SubscriptionStatus,
    pausedReason: (row.paused_reason as PausedReason | null) ?? null,
    health: {
      lastStatus: row.last_status === null ? null : Number(row.last_status),
      lastError: (row.last_error as string | null) ?? null,
      lastAttemptAt: iso(row.last_attempt_at),
      lastSuccessAt: iso(row.last_success_at),
      consecutiveFailures: Number(row.consecutive_failures),
    },
    createdAt: iso(row.created_at) ?? '',
    updatedAt: iso(row.updated_at) ?? '',
    secret: String(row.secret),
  };
}

function withoutSecret({ secret: _secret, ...record }: DeliveryTarget): SubscriptionRecord {
  return record;
}

export class SubscriptionRepository {
  constructor(private readonly db: Db) {}

  /** Creates a subscription; the secret is returned here and never listed. */
  async create(subscription: NewSubscription): Promise<DeliveryTarget> {
    const now = new Date().toISOString();
    const id = newId();
    const secret = subscription.secret ?? newSecret();
    await guarded(() =>
      this.db
        .insertInto('subscriptions')
        .values({
          id,
          name: subscription.name,
          url: subscription.url,
          secret,
          filters: JSON.stringify(subscription.filters ?? NO_FILTERS),
          created_at: now,
          updated_at: now,
        })
        .execute(),
    );
    return (await this.target(id))!;
  }

  async list(): Promise<SubscriptionRecord[]> {
    const rows = await guarded(() =>
      this.db.selectFrom('subscriptions').selectAll().orderBy('created_at').orderBy('name').execute(),
    );
    return rows.map((row) => withoutSecret(toTarget(row)));
  }

  /** By id or name. */
  async find(idOrName: string): Promise<SubscriptionRecord | null> {
    const row = await guarded(() =>
      this.db
        .selectFrom('subscriptions')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .executeTakeFirst(),
    );
    return row === undefined ? null : withoutSecret(toTarget(row));
  }

  /** The subscription with its secret, for signing a delivery. */
  async target(id: string): Promise<DeliveryTarget | null> {
    const row = await guarded(() =>
      this.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    return row === undefined ? null : toTarget(row);
  }

  /** Subscriptions that take new events. */
  async active(): Promise<SubscriptionRecord[]> {
    const rows = await guarded(() =>
      this.db.selectFrom('subscriptions').selectAll().where('status', '=', 'active').execute(),
    );
    return rows.map((row) => withoutSecret(toTarget(row)));
  }

  /** By id or name; false when there is none. */
  async remove(idOrName: string): Promise<boolean> {
    const result = await guarded(() =>
      this.db
        .deleteFrom('subscriptions')
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .executeTakeFirst(),
    );
    return Number(result.numDeletedRows) > 0;
  }

  /** Pauses (manually) or resumes, by id or name; resuming starts the failure count again. */
  async setStatus(idOrName: string, status: SubscriptionStatus): Promise<SubscriptionRecord | null> {
    await guarded(() =>
      this.db
        .updateTable('subscriptions')
        .set({
          status,
          paused_reason: status === 'paused' ? 'manual' : null,
          ...(status === 'active' ? { consecutive_failures: 0 } : {}),
          updated_at: new Date().toISOString(),
        })
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .execute(),
    );
    return this.find(idOrName);
  }

  async recordSuccess(id: string, status: number): Promise<void> {
    const now = new Date().toISOString();
    await guarded(() =>
      this.db
        .updateTable('subscriptions')
        .set({
          last_status: status,
          last_error: null,
          last_attempt_at: now,
          last_success_at: now,
          consecutive_failures: 0,
        })
        .where('id', '=', id)
        .execute(),
    );
  }

  /**
   * Counts a failed attempt; the attempt that reaches `pauseAfter` consecutive failures pauses the
   * subscription (reason auto). Returns the count and whether this attempt paused it.
   */
  async recordFailure(
    id: string,
    failure: { status: number | null; error: string },
    pauseAfter: number,
  ): Promise<{ consecutiveFailures: number; paused: boolean }> {
    const now = new Date().toISOString();
    const row = await guarded(() =>
      this.db
        .updateTable('subscriptions')
        .set({
          last_status: failure.status,
          last_error: failure.error.slice(0, 1000),
          last_attempt_at: now,
          consecutive_failures: sql`consecutive_failures + 1`,
          status: sql`CASE WHEN status = 'active' AND consecutive_failures + 1 >= ${pauseAfter} THEN 'paused' ELSE status END`,
          paused_reason: sql`CASE WHEN status = 'active' AND consecutive_failures + 1 >= ${pauseAfter} THEN 'auto' ELSE paused_reason END`,
        })
        .where('id', '=', id)
        .returning(['consecutive_failures', 'paused_reason'])
        .executeTakeFirst(),
    );
    const consecutiveFailures = Number(row?.consecutive_failures ?? 0);
    return {
      consecutiveFailures,
      paused: row?.paused_reason === 'auto' && consecutiveFailures === pauseAfter,
    };
  }

  /**
   * Keeps the subscription WEBHOOK_URL stands for in step with the configuration: created or
   * updated (URL, secret) when it is set, removed when it is not. Its status and health are kept.
   */
  async syncConfigured(configured: { url: string; secret: string } | null): Promise<void> {
    const { id, name } = CONFIGURED_SUBSCRIPTION;
    if (configured === null) {
      await guarded(() => this.db.deleteFrom('subscriptions').where('id', '=', id).execute());
      return;
    }
    const now = new Date().toISOString();
    await guarded(() =>
      this.db
        .insertInto('subscriptions')
        .values({
          id,
          name,
          url: configured.url,
          secret: configured.secret,
          filters: JSON.stringify(NO_FILTERS),
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) =>
          conflict
            .column('id')
            .doUpdateSet({ url: configured.url, secret: configured.secret, updated_at: now }),
        )
        .execute(),
    );
  }
}
