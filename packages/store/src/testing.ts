// Owns the databases store tests run on: a fresh SQLite file and a fresh PostgreSQL schema each
// (TEST_POSTGRES_URL), so every engine-dependent test runs on both with nothing shared between runs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TestEngine = readonly ['sqlite' | 'postgres', () => string];

export function testSqliteUrl(): string {
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-store-')), 'test.db')}`;
}

export function testPostgresUrl(): string {
  const base = process.env.TEST_POSTGRES_URL;
  if (base === undefined)
    throw new Error('TEST_POSTGRES_URL is not set (bash infra/scripts/test.sh sets it)');
  return `${base}?schema=t_${randomBytes(6).toString('hex')}`;
}

/** For `describe.each`: each engine's name and a factory of fresh database URLs. */
export const TEST_ENGINES: readonly TestEngine[] = [
  ['sqlite', testSqliteUrl],
  ['postgres', testPostgresUrl],
];
