// Owns reading what newsq stored, straight from its SQLite file (read-only, beside the running
// writer): article and unpolled-feed counts while it runs, and the rows the correctness and freshness
// checks need once it is done.
import Database from 'better-sqlite3';

export interface StoredRow {
  url: string;
  finalUrl: string;
  canonicalUrl: string;
  duplicateOf: string | null;
  /** Epoch ms. */
  createdAt: number;
}

export interface Progress {
  articles: number;
  unpolledFeeds: number;
}

function open(path: string): Database.Database | null {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
}

/** Counts so far; zeros while the database or its tables do not exist yet. */
export function readProgress(path: string): Progress {
  const db = open(path);
  if (!db) return { articles: 0, unpolledFeeds: 0 };
  try {
    const articles = db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number };
    const unpolled = db.prepare('SELECT count(*) AS n FROM feeds WHERE last_polled_at IS NULL').get() as {
      n: number;
    };
    return { articles: articles.n, unpolledFeeds: unpolled.n };
  } catch {
    return { articles: 0, unpolledFeeds: 0 };
  } finally {
    db.close();
  }
}

export function readRows(path: string): StoredRow[] {
  const db = open(path);
  if (!db) return [];
  try {
    const rows = db
      .prepare('SELECT url, final_url, canonical_url, duplicate_of, created_at FROM articles')
      .all() as Array<{
      url: string;
      final_url: string;
      canonical_url: string;
      duplicate_of: string | null;
      created_at: string;
    }>;
    return rows.map((row) => ({
      url: row.url,
      finalUrl: row.final_url,
      canonicalUrl: row.canonical_url,
      duplicateOf: row.duplicate_of,
      createdAt: Date.parse(row.created_at),
    }));
  } finally {
    db.close();
  }
}
