// Owns the thin SQL seam between the store and its two engines: queries are
// written once with $1..$n placeholders and run on better-sqlite3 or pg.
import Database from 'better-sqlite3';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';
export type Row = Record<string, unknown>;

export interface Sql {
  dialect: Dialect;
  all<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
  run(text: string, params?: unknown[]): Promise<number>;
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function openSqlite(path: string): Sql {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const statements = new Map<string, { statement: Database.Statement; order: number[] }>();
  // better-sqlite3 binds positional `?` only, so each $n occurrence becomes a `?` fed params[n-1].
  const prepare = (text: string, params: unknown[]) => {
    let cached = statements.get(text);
    if (!cached) {
      const order: number[] = [];
      const statement = db.prepare(
        text.replace(/\$(\d+)/g, (_, index: string) => {
          order.push(Number(index) - 1);
          return '?';
        }),
      );
      cached = { statement, order };
      statements.set(text, cached);
    }
    const bound = cached.order.map((index) => {
      const value = params[index];
      return typeof value === 'boolean' ? Number(value) : value;
    });
    return { statement: cached.statement, bound };
  };
  const sql: Sql = {
    dialect: 'sqlite',
    async all<T extends Row>(text: string, params: unknown[] = []) {
      const { statement, bound } = prepare(text, params);
      if (statement.reader) return statement.all(...bound) as T[];
      statement.run(...bound);
      return [];
    },
    async run(text, params = []) {
      const { statement, bound } = prepare(text, params);
      return statement.run(...bound).changes;
    },
    async transaction(work) {
      // better-sqlite3 is synchronous and single-connection: BEGIN IMMEDIATE serialises writers.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(sql);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async close() {
      db.close();
    },
  };
  return sql;
}

/** `?schema=name` in the URL selects (and migrations create) a schema, so test runs stay apart. */
export function openPostgres(url: string): Sql & { schema: string | null } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`store: schema name ${schema} is not a plain identifier`);
  }
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 10,
    connectionTimeoutMillis: 5_000,
    ...(schema === null ? {} : { options: `-c search_path=${schema}` }),
  });
  pool.on('error', () => {
    // An idle client dropped by the server: the pool replaces it; queries surface real failures.
  });
  const over = (client: pg.Pool | pg.PoolClient): Sql => ({
    dialect: 'postgres',
    async all<T extends Row>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as T[];
    },
    async run(text, params = []) {
      return (await client.query(text, params)).rowCount ?? 0;
    },
    async transaction(work) {
      if (!(client instanceof pg.Pool)) return work(over(client));
      const connection = await client.connect();
      try {
        await connection.query('BEGIN');
        const result = await work(over(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        connection.release();
      }
    },
    async close() {
      if (client instanceof pg.Pool) await client.end();
    },
  });
  return { ...over(pool), schema };
}
