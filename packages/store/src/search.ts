// Owns the full-text query language, one for both engines: words and "quoted phrases", all of them
// required, matched on stemmed English words with no stop words left out (SQLite FTS5 with the porter
// tokenizer, PostgreSQL tsvector with newsq_english, see migrations), ranked by how many of the terms the title holds,
// newest first among equals. The rank depends on the article alone, never on the rest of the corpus
// (as bm25's does), so a cursor on it stays valid while articles are inserted. Also owns the keys
// under which entities are indexed for filters.
import type { Entities } from '@newsq/core';
import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from './database';

/** Body characters indexed by PostgreSQL (a tsvector holds at most 1 MB). */
export const SEARCH_TEXT_CAP = 200_000;
export const MAX_SEARCH_TERMS = 12;

/** A term is a phrase of one or more tokens; a plain word is a phrase of one. */
export type SearchTerm = readonly string[];

/** A query the store cannot run as asked (bad search terms, a cursor from elsewhere): the caller's fault. */
export class ArticleQueryError extends Error {
  constructor(
    readonly code: 'invalid_query' | 'invalid_cursor',
    message: string,
  ) {
    super(message);
    this.name = 'ArticleQueryError';
  }
}

const TOKEN = /[\p{L}\p{N}]+/gu;
const tokens = (text: string): string[] => text.toLowerCase().match(TOKEN) ?? [];

/**
 * Splits `q` into terms: each "quoted phrase" is one, each other word is one. Punctuation separates
 * tokens inside a term ("U.S." is the phrase u s, as both engines tokenize it).
 */
export function parseSearchQuery(q: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  // An unbalanced quote opens a phrase that runs to the end.
  for (const [, phrase, word] of q.matchAll(/"([^"]*)"?|([^\s"]+)/g)) {
    const parts = tokens(phrase ?? word ?? '');
    if (parts.length > 0) terms.push(parts);
  }
  if (terms.length === 0) throw new ArticleQueryError('invalid_query', 'store: q has no word to search for');
  if (terms.length > MAX_SEARCH_TERMS)
    throw new ArticleQueryError(
      'invalid_query',
      `store: q has more than ${MAX_SEARCH_TERMS} words or phrases`,
    );
  return terms;
}

// FTS5 strings: the tokens are letters and digits only, so no quoting is needed inside them.
const fts5Phrase = (term: SearchTerm): string => `"${term.join(' ')}"`;

/** SQL that is true when the article row (alias-free `seq`, `title`) matches every term. */
export function searchCondition(dialect: Dialect, terms: readonly SearchTerm[]): RawBuilder<boolean> {
  if (dialect === 'sqlite') {
    const match = terms.map(fts5Phrase).join(' ');
    return sql<boolean>`seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${match})`;
  }
  const queries = terms.map((term) => sql`phraseto_tsquery('newsq_english', ${term.join(' ')})`);
  return sql<boolean>`search_tsv @@ (${sql.join(queries, sql` && `)})`;
}

/** SQL for the rank: how many of the terms the title holds. */
export function searchRank(dialect: Dialect, terms: readonly SearchTerm[]): RawBuilder<number> {
  const inTitle = terms.map((term) =>
    dialect === 'sqlite'
      ? sql`(CASE WHEN seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${`title : ${fts5Phrase(term)}`}) THEN 1 ELSE 0 END)`
      : sql`(CASE WHEN to_tsvector('newsq_english', title) @@ phraseto_tsquery('newsq_english', ${term.join(' ')}) THEN 1 ELSE 0 END)`,
  );
  return sql<number>`(${sql.join(inTitle, sql` + `)})`;
}

export type EntityKind = 'country' | 'person' | 'organization';

/** The indexed form of an entity: country codes upper-case, names folded (case, spacing, Unicode form). */
export function entityKey(kind: EntityKind, value: string): string {
  return kind === 'country'
    ? value.trim().toUpperCase()
    : value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function entityKeys(entities: Entities): { kind: EntityKind; key: string }[] {
  const keys = [
    ...entities.countries.map((country) => ({
      kind: 'country' as const,
      key: entityKey('country', country.code),
    })),
    ...entities.people.map((person) => ({ kind: 'person' as const, key: entityKey('person', person.name) })),
    ...entities.organizations.map((org) => ({
      kind: 'organization' as const,
      key: entityKey('organization', org.name),
    })),
  ];
  const seen = new Set<string>();
  return keys.filter(
    ({ kind, key }) => key !== '' && !seen.has(`${kind}|${key}`) && seen.add(`${kind}|${key}`),
  );
}
