// Owns what the pipeline overview reads about stored articles over a recent window: how many were
// originals and how many duplicates (the dedupe ratio), topic counts per hour, and volume per feed.
// Hours are bucketed here rather than in SQL, so both engines share one query.
import { type Db, guarded, iso } from './database';

export interface ArticleActivity {
  /** Window start, ISO. */
  since: string;
  originals: number;
  duplicates: number;
  /** Hour starts (ISO) with at least one tagged article, oldest first, each with counts per topic. */
  topicsByHour: { hour: string; topics: Record<string, number> }[];
  /** Articles stored per feed over the window, most first; url null for a feed no longer registered. */
  perFeed: { feedId: string | null; url: string | null; title: string | null; articles: number }[];
}

const HOUR_MS = 3_600_000;

export class ArticleActivityReader {
  constructor(private readonly db: Db) {}

  async since(start: Date): Promise<ArticleActivity> {
    const since = start.toISOString();
    const [kinds, topicRows, feedRows] = await guarded(() =>
      Promise.all([
        this.db
          .selectFrom('articles')
          .select((eb) => [
            eb.fn.countAll().filterWhere('duplicate_of', 'is', null).as('originals'),
            eb.fn.countAll().filterWhere('duplicate_of', 'is not', null).as('duplicates'),
          ])
          .where('created_at', '>=', since)
          .executeTakeFirstOrThrow(),
        this.db
          .selectFrom('article_topics')
          .innerJoin('articles', 'articles.id', 'article_topics.article_id')
          .select(['articles.created_at', 'article_topics.topic'])
          .where('articles.created_at', '>=', since)
          .execute(),
        this.db
          .selectFrom('articles')
          .leftJoin('feeds', 'feeds.id', 'articles.feed_id')
          .select((eb) => ['articles.feed_id', 'feeds.url', 'feeds.title', eb.fn.countAll().as('articles')])
          .where('articles.created_at', '>=', since)
          .groupBy(['articles.feed_id', 'feeds.url', 'feeds.title'])
          .execute(),
      ]),
    );
    const hours = new Map<number, Record<string, number>>();
    for (const row of topicRows) {
      const hour = Math.floor(new Date(iso(row.created_at) ?? since).getTime() / HOUR_MS) * HOUR_MS;
      const topics = hours.get(hour) ?? {};
      topics[row.topic] = (topics[row.topic] ?? 0) + 1;
      hours.set(hour, topics);
    }
    return {
      since,
      originals: Number(kinds.originals),
      duplicates: Number(kinds.duplicates),
      topicsByHour: [...hours]
        .sort(([a], [b]) => a - b)
        .map(([hour, topics]) => ({ hour: new Date(hour).toISOString(), topics })),
      perFeed: feedRows
        .map((row) => ({
          feedId: row.feed_id,
          url: row.url,
          title: row.title,
          articles: Number(row.articles),
        }))
        .sort((a, b) => b.articles - a.articles || String(a.url).localeCompare(String(b.url))),
    };
  }
}
