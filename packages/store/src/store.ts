// Owns opening the database named by DATABASE_URL: migrations, readiness and closing, with the
// feed registry, articles, API keys, webhook and WebSub subscriptions and the overview's activity reads on
// one connection.

import { sql } from 'kysely';
import { ApiKeyRepository } from './api-key-repository';
import { ArticleActivityReader } from './article-activity';
import { ArticleRepository } from './article-repository';
import { type Db, type Dialect, guarded, openDatabase } from './database';
import { FeedRegistry } from './feed-registry';
import { migrate } from './migrations';
import { SubscriptionRepository } from './subscription-repository';
import { WebSubRepository } from './websub-repository';

export interface StoreOptions {
  /** Told about connections the server dropped (PostgreSQL); the pool replaces them. */
  onConnectionError?: (error: Error) => void;
}

export class Store {
  readonly feeds: FeedRegistry;
  readonly articles: ArticleRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly websub: WebSubRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly activity: ArticleActivityReader;

  private constructor(
    private readonly db: Db,
    readonly dialect: Dialect,
    private readonly schema: string | null,
  ) {
    this.feeds = new FeedRegistry(db, dialect);
    this.articles = new ArticleRepository(db, dialect);
    this.subscriptions = new SubscriptionRepository(db);
    this.apiKeys = new ApiKeyRepository(db);
    this.websub = new WebSubRepository(db, dialect);
    this.activity = new ArticleActivityReader(db);
  }

  static open(databaseUrl: string, options: StoreOptions = {}): Store {
    const { db, dialect, schema } = openDatabase(databaseUrl, options);
    return new Store(db, dialect, schema);
  }

  /** Applies pending migrations; returns how many ran. An unreachable database is a DependencyUnavailableError. */
  migrate(): Promise<number> {
    return guarded(() => migrate(this.db, this.dialect, this.schema));
  }

  /** Rejects when the database does not answer (readiness checks). */
  async ping(): Promise<void> {
    await guarded(() => sql`SELECT 1`.execute(this.db));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
