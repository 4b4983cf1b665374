// Owns WebSub subscriptions: the hub each feed advertises, the secret its pushes are signed with, the
// state of the subscription and its lease, the claim of subscriptions due for a (re)subscription request
// by schedulers, and the record each request, verification and push leaves. When to renew is decided by
// the caller (@newsq/websub); this only stores it.
import type { Selectable } from 'kysely';
import {
  type Db,
  type Dialect,
  guarded,
  iso,
  type WebSubState,
  type WebSubSubscriptionsTable,
} from './database';

export interface WebSubSubscription {
  feedId: string;
  hub: string;
  topic: string;
  secret: string;
  state: WebSubState;
  leaseSeconds: number | null;
  leaseExpiresAt: string | null;
  renewAt: string | null;
  requestedAt: string | null;
  verifiedAt: string | null;
  lastPushAt: string | null;
  lastError: string | null;
}

/** A row as read (timestamps come back as Date from PostgreSQL, as text from SQLite). */
type Row = Omit<Selectable<WebSubSubscriptionsTable>, 'created_at' | 'updated_at'>;

function toSubscription(row: Row): WebSubSubscription {
  return {
    feedId: row.feed_id,
    hub: row.hub,
    topic: row.topic,
    secret: row.secret,
    state: row.state,
    leaseSeconds: row.lease_seconds === null ? null : Number(row.lease_seconds),
    leaseExpiresAt: iso(row.lease_expires_at),
    renewAt: iso(row.renew_at),
    requestedAt: iso(row.requested_at),
    verifiedAt: iso(row.verified_at),
    lastPushAt: iso(row.last_push_at),
    lastError: row.last_error,
  };
}

/** Whether a subscription's pushes are arriving now: verified, and its lease not yet run out. */
export function isPushActive(subscription: Pick<WebSubSubscription, 'state' | 'leaseExpiresAt'>, now: Date) {
  return (
    subscription.state === 'active' &&
    subscription.leaseExpiresAt !== null &&
    Date.parse(subscription.leaseExpiresAt) > now.getTime()
  );
}

export class WebSubRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  async find(feedId: string): Promise<WebSubSubscription | null> {
    const row = await guarded(() =>
      this.db.selectFrom('websub_subscriptions').selectAll().where('feed_id', '=', feedId).executeTakeFirst(),
    );
    return row === undefined ? null : toSubscription(row);
  }

  /**
   * Records the hub a poll found the feed advertising. A new hub or topic starts a new subscription (state
   * `new`, due at once, signed with `secret`); the same one leaves the subscription as it is; none (null)
   * ends it, so later pushes are answered 410 Gone.
   */
  async recordHub(
    feedId: string,
    found: { hub: string; topic: string; secret: string } | null,
    now: Date,
  ): Promise<void> {
    const at = now.toISOString();
    await guarded(() =>
      this.db.transaction().execute(async (tx) => {
        const current = await tx
          .selectFrom('websub_subscriptions')
          .select(['hub', 'topic'])
          .where('feed_id', '=', feedId)
          .executeTakeFirst();
        if (found === null) {
          if (current !== undefined)
            await tx.deleteFrom('websub_subscriptions').where('feed_id', '=', feedId).execute();
          return;
        }
        if (current?.hub === found.hub && current.topic === found.topic) return;
        const fresh = {
          hub: found.hub,
          topic: found.topic,
          secret: found.secret,
          state: 'new' as const,
          lease_seconds: null,
          lease_expires_at: null,
          renew_at: at,
          requested_at: null,
          verified_at: null,
          last_error: null,
          updated_at: at,
        };
        await tx
          .insertInto('websub_subscriptions')
          .values({ feed_id: feedId, created_at: at, ...fresh })
          .onConflict((conflict) => conflict.column('feed_id').doUpdateSet(fresh))
          .execute();
      }),
    );
  }

  /**
   * Subscriptions of active feeds whose (re)subscription request is due, leased for `leaseSeconds` so
   * concurrent schedulers do not both send it; recording the request then sets the real next time.
   */
  claimDue(now: Date, limit: number, leaseSeconds: number): Promise<WebSubSubscription[]> {
    const at = now.toISOString();
    const leasedUntil = new Date(now.getTime() + leaseSeconds * 1000).toISOString();
    return guarded(() =>
      this.db.transaction().execute(async (tx) => {
        let query = tx
          .selectFrom('websub_subscriptions as push')
          .innerJoin('feeds', 'feeds.id', 'push.feed_id')
          .selectAll('push')
          .where('feeds.status', '=', 'active')
          .where('push.renew_at', '<=', at)
          .orderBy('push.renew_at')
          .limit(limit);
        if (this.dialect === 'postgres') query = query.forUpdate(['push']).skipLocked();
        const due = (await query.execute()).map(toSubscription);
        if (due.length > 0) {
          await tx
            .updateTable('websub_subscriptions')
            .set({ renew_at: leasedUntil })
            .where(
              'feed_id',
              'in',
              due.map((subscription) => subscription.feedId),
            )
            .execute();
        }
        return due;
      }),
    );
  }

  /**
   * A request is on its way: recorded before it is sent, since a hub may verify before it answers. An active
   * subscription stays active while it is renewed; `retryAt` asks again if no verification ever comes.
   */
  async recordRequested(feedId: string, at: Date, retryAt: Date, renewing: boolean): Promise<void> {
    await this.update(feedId, at, {
      state: renewing ? 'active' : 'requested',
      requested_at: at.toISOString(),
      renew_at: retryAt.toISOString(),
      last_error: null,
    });
  }

  /** The request failed (hub unreachable, refused): the error shows, and `retryAt` tries again. */
  async recordRequestFailed(feedId: string, at: Date, error: string, retryAt: Date): Promise<void> {
    await this.update(feedId, at, { last_error: error, renew_at: retryAt.toISOString() });
  }

  /** The hub verified the subscription for `leaseSeconds`; `renewAt` is when to renew it. */
  async recordVerified(feedId: string, at: Date, leaseSeconds: number, renewAt: Date): Promise<void> {
    await this.update(feedId, at, {
      state: 'active',
      verified_at: at.toISOString(),
      lease_seconds: leaseSeconds,
      lease_expires_at: new Date(at.getTime() + leaseSeconds * 1000).toISOString(),
      renew_at: renewAt.toISOString(),
      last_error: null,
    });
  }

  /** The hub refused the subscription; `retryAt` asks again. */
  async recordDenied(feedId: string, at: Date, reason: string, retryAt: Date): Promise<void> {
    await this.update(feedId, at, {
      state: 'denied',
      last_error: `websub: denied by the hub${reason ? `: ${reason}` : ''}`,
      renew_at: retryAt.toISOString(),
    });
  }

  /** A signed push was taken: its items count as seen on the feed; an unreadable body leaves its error. */
  async recordPush(feedId: string, update: { at: Date; newItems: number; error: string | null }) {
    const at = update.at.toISOString();
    await guarded(() =>
      this.db.transaction().execute(async (tx) => {
        await tx
          .updateTable('websub_subscriptions')
          .set({ last_push_at: at, last_error: update.error, updated_at: at })
          .where('feed_id', '=', feedId)
          .execute();
        await tx
          .updateTable('feeds')
          .set((eb) => ({ items_seen: eb('items_seen', '+', update.newItems) }))
          .where('id', '=', feedId)
          .execute();
      }),
    );
  }

  private async update(
    feedId: string,
    at: Date,
    changes: {
      state?: WebSubState;
      requested_at?: string;
      verified_at?: string;
      lease_seconds?: number;
      lease_expires_at?: string;
      renew_at?: string;
      last_error?: string | null;
    },
  ): Promise<void> {
    await guarded(() =>
      this.db
        .updateTable('websub_subscriptions')
        .set({ ...changes, updated_at: at.toISOString() })
        .where('feed_id', '=', feedId)
        .execute(),
    );
  }
}
