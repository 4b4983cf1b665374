// Owns the feed registry: feeds (and sitemaps) with their status, poll validators, learned rhythm and
// health, their push state, the claim of due feeds by schedulers, and the record each poll leaves.
import { createHash } from 'node:crypto';
import type { FeedHealth, PublishingRhythm } from '@newsq/poll-policy';
import {
  type Db,
  type Dialect,
  type FeedStatus,
  type FeedsTable,
  fromJson,
  guarded,
  iso,
  type SourceKind,
  type WebSubState,
} from './database';

/** A feed's WebSub state as feed health shows it. */
export interface FeedPush {
  hub: string;
  state: WebSubState;
  leaseExpiresAt: string | null;
  lastPushAt: string | null;
  lastError: string | null;
}

export interface FeedRecord {
  id: string;
  url: string;
  kind: SourceKind;
  title: string | null;
  status: FeedStatus;
  health: FeedHealth;
  etag: string | null;
  lastModified: string | null;
  intervalSeconds: number | null;
  nextPollAt: string;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  itemsSeen: number;
  createdAt: string;
  /** The publishing rhythm learned so far; `intervalSeconds` is the interval it last called for. */
  rhythm: PublishingRhythm | null;
  /** The WebSub subscription, when the feed advertises a hub. */
  push: FeedPush | null;
}

/** A feed a scheduler claimed: what its poll job needs. */
export interface DueFeed {
  id: string;
  url: string;
  nextPollAt: string;
}

/** What a poll changes on its feed; absent fields stay as they are. */
export interface FeedPollUpdate {
  url?: string;
  title?: string | null;
  kind?: SourceKind;
  rhythm?: PublishingRhythm | null;
  health: FeedHealth;
  intervalSeconds?: number | null;
  nextPollAt: string;
  lastPolledAt: string;
  lastSuccessAt?: string;
  lastStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  itemsSeenDelta: number;
}

/** The validators of the version whose items are safely enqueued. */
export interface FeedValidators {
  etag: string | null;
  lastModified: string | null;
}

export interface FeedHealthCount {
  status: FeedStatus;
  health: FeedHealth;
  count: number;
}

export function feedIdFor(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 16);
}

type FeedRow = { [K in keyof FeedsTable]: unknown } & {
  push_hub: unknown;
  push_state: unknown;
  push_lease_expires_at: unknown;
  push_last_push_at: unknown;
  push_last_error: unknown;
};

function toFeed(row: FeedRow): FeedRecord {
  return {
    id: String(row.id),
    url: String(row.url),
    kind: row.kind as SourceKind,
    title: (row.title as string | null) ?? null,
    status: row.status as FeedStatus,
    health: row.health as FeedHealth,
    etag: (row.etag as string | null) ?? null,
    lastModified: (row.last_modified as string | null) ?? null,
    intervalSeconds: row.interval_s === null ? null : Number(row.interval_s),
    nextPollAt: iso(row.next_poll_at) ?? '',
    lastPolledAt: iso(row.last_polled_at),
    lastSuccessAt: iso(row.last_success_at),
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: (row.last_error as string | null) ?? null,
    consecutiveFailures: Number(row.consecutive_failures),
    itemsSeen: Number(row.items_seen),
    createdAt: iso(row.created_at) ?? '',
    rhythm: row.rhythm === null || row.rhythm === undefined ? null : fromJson<PublishingRhythm>(row.rhythm),
    push:
      row.push_hub === null || row.push_hub === undefined
        ? null
        : {
            hub: String(row.push_hub),
            state: row.push_state as WebSubState,
            leaseExpiresAt: iso(row.push_lease_expires_at),
            lastPushAt: iso(row.push_last_push_at),
            lastError: (row.push_last_error as string | null) ?? null,
          },
  };
}

export class FeedRegistry {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /** Feeds with their WebSub subscription, if any. */
  private selectFeeds() {
    return this.db
      .selectFrom('feeds')
      .leftJoin('websub_subscriptions as push', 'push.feed_id', 'feeds.id')
      .selectAll('feeds')
      .select([
        'push.hub as push_hub',
        'push.state as push_state',
        'push.lease_expires_at as push_lease_expires_at',
        'push.last_push_at as push_last_push_at',
        'push.last_error as push_last_error',
      ]);
  }

  /** A new feed is due at once; an existing URL is left as it is. */
  async add(
    url: string,
    title: string | null = null,
    kind: SourceKind = 'feed',
  ): Promise<{ feed: FeedRecord; created: boolean }> {
    const created = (await this.addMany([{ url, title, kind }])) > 0;
    const feed = await this.find(url);
    if (feed === null) throw new Error(`store: feed ${url} vanished after insert`);
    return { feed, created };
  }

  /** Adds many feeds in one transaction; returns how many were new. */
  addMany(feeds: readonly { url: string; title: string | null; kind?: SourceKind }[]): Promise<number> {
    const now = new Date().toISOString();
    return guarded(() =>
      this.db.transaction().execute(async (tx) => {
        let created = 0;
        // Chunked: SQLite binds at most 32,766 parameters a statement.
        for (let start = 0; start < feeds.length; start += 500) {
          const result = await tx
            .insertInto('feeds')
            .values(
              feeds.slice(start, start + 500).map((feed) => ({
                id: feedIdFor(feed.url),
                url: feed.url,
                title: feed.title,
                kind: feed.kind ?? 'feed',
                next_poll_at: now,
                created_at: now,
                updated_at: now,
              })),
            )
            .onConflict((conflict) => conflict.column('url').doNothing())
            .executeTakeFirst();
          created += Number(result.numInsertedOrUpdatedRows ?? 0);
        }
        return created;
      }),
    );
  }

  /** Finds a feed by id or URL. */
  async find(idOrUrl: string): Promise<FeedRecord | null> {
    const row = await guarded(() =>
      this.selectFeeds()
        .where((eb) => eb.or([eb('feeds.id', '=', idOrUrl), eb('feeds.url', '=', idOrUrl)]))
        .executeTakeFirst(),
    );
    return row === undefined ? null : toFeed(row);
  }

  async list(): Promise<FeedRecord[]> {
    const rows = await guarded(() =>
      this.selectFeeds().orderBy('feeds.created_at').orderBy('feeds.url').execute(),
    );
    return rows.map(toFeed);
  }

  async healthSummary(): Promise<FeedHealthCount[]> {
    const rows = await guarded(() =>
      this.db
        .selectFrom('feeds')
        .select(['status', 'health', (eb) => eb.fn.countAll().as('count')])
        .groupBy(['status', 'health'])
        .orderBy('status')
        .orderBy('health')
        .execute(),
    );
    return rows.map((row) => ({ status: row.status, health: row.health, count: Number(row.count) }));
  }

  async remove(idOrUrl: string): Promise<boolean> {
    const result = await guarded(() =>
      this.db
        .deleteFrom('feeds')
        .where((eb) => eb.or([eb('id', '=', idOrUrl), eb('url', '=', idOrUrl)]))
        .executeTakeFirst(),
    );
    return Number(result.numDeletedRows) > 0;
  }

  async setStatus(idOrUrl: string, status: FeedStatus): Promise<boolean> {
    const now = new Date().toISOString();
    const result = await guarded(() =>
      this.db
        .updateTable('feeds')
        .set({ status, next_poll_at: now, updated_at: now })
        .where((eb) => eb.or([eb('id', '=', idOrUrl), eb('url', '=', idOrUrl)]))
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Active feeds whose poll is due, leased for `leaseSeconds` so concurrent schedulers
   * do not enqueue one feed twice; the poll then sets the real next time.
   */
  claimDue(now: Date, limit: number, leaseSeconds: number): Promise<DueFeed[]> {
    const leasedUntil = new Date(now.getTime() + leaseSeconds * 1000).toISOString();
    return guarded(() =>
      this.db.transaction().execute(async (tx) => {
        let query = tx
          .selectFrom('feeds')
          .select(['id', 'url', 'next_poll_at'])
          .where('status', '=', 'active')
          .where('next_poll_at', '<=', now.toISOString())
          .orderBy('next_poll_at')
          .limit(limit);
        // PostgreSQL schedulers skip rows another one holds; SQLite's BEGIN IMMEDIATE already serialises them.
        if (this.dialect === 'postgres') query = query.forUpdate().skipLocked();
        const due = (await query.execute()).map((row) => ({
          id: row.id,
          url: row.url,
          nextPollAt: iso(row.next_poll_at) ?? '',
        }));
        if (due.length > 0) {
          await tx
            .updateTable('feeds')
            .set({ next_poll_at: leasedUntil })
            .where(
              'id',
              'in',
              due.map((feed) => feed.id),
            )
            .execute();
        }
        return due;
      }),
    );
  }

  async recordPoll(feedId: string, update: FeedPollUpdate): Promise<void> {
    await guarded(() =>
      this.db.transaction().execute(async (tx) => {
        // A permanent redirect moves the feed, unless another feed already has the new address.
        const moveTo =
          update.url !== undefined &&
          (await tx.selectFrom('feeds').select('id').where('url', '=', update.url).executeTakeFirst()) ===
            undefined
            ? update.url
            : undefined;
        await tx
          .updateTable('feeds')
          .set((eb) => ({
            ...(moveTo === undefined ? {} : { url: moveTo }),
            ...(update.title === undefined || update.title === null ? {} : { title: update.title }),
            ...(update.kind === undefined ? {} : { kind: update.kind }),
            ...(update.rhythm === undefined
              ? {}
              : { rhythm: update.rhythm && JSON.stringify(update.rhythm) }),
            health: update.health,
            ...(update.intervalSeconds === undefined || update.intervalSeconds === null
              ? {}
              : { interval_s: update.intervalSeconds }),
            next_poll_at: update.nextPollAt,
            last_polled_at: update.lastPolledAt,
            ...(update.lastSuccessAt === undefined ? {} : { last_success_at: update.lastSuccessAt }),
            last_status: update.lastStatus,
            last_error: update.lastError,
            consecutive_failures: update.consecutiveFailures,
            items_seen: eb('items_seen', '+', update.itemsSeenDelta),
            updated_at: update.lastPolledAt,
          }))
          .where('id', '=', feedId)
          .execute();
      }),
    );
  }

  /** Stored only once the version's items are enqueued: a failure before that must refetch, not 304. */
  async recordValidators(feedId: string, validators: FeedValidators): Promise<void> {
    await guarded(() =>
      this.db
        .updateTable('feeds')
        .set({ etag: validators.etag, last_modified: validators.lastModified })
        .where('id', '=', feedId)
        .execute(),
    );
  }
}
