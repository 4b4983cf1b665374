// Owns checking what a run stored against the pages the site served: every distinct page stored exactly
// once (tracking-parameter links fold into their page), each story stored once as an original with its
// other copies as references to it, nothing unexpected; and how fresh each stored row was.
import type { StoredRow } from './database';
import type { ExpectedPage } from './scenarios';
import { quantile } from './stats';

export interface Correctness {
  expectedPages: number;
  storedRows: number;
  /** Pages with exactly one row (copies folded into their original by a declared canonical count here). */
  storedOnce: number;
  missing: string[];
  storedTwice: string[];
  /** Stories with no original, several originals, or a copy not referring to the original. */
  badStories: string[];
  unexpectedRows: string[];
  copiesAsReferences: number;
  copiesFoldedByCanonical: number;
  pass: boolean;
}

export interface Freshness {
  /** Item's appearance in its feed (or the run's start, if later) to its stored row, seconds. */
  appearedToStored: { p50: number; p95: number; max: number };
  /** First time a feed listing the item was served to its stored row, seconds. */
  firstServedToStored: { p50: number; p95: number; max: number };
}

const pageKey = (url: string) => url.replace(/[?#].*$/, '');

export function checkStored(pages: readonly ExpectedPage[], rows: readonly StoredRow[]): Correctness {
  const byUrl = new Map(pages.map((page) => [page.url, page]));
  const rowsOf = new Map<ExpectedPage, StoredRow[]>();
  const unexpectedRows: string[] = [];
  for (const row of rows) {
    const page = byUrl.get(pageKey(row.url)) ?? byUrl.get(pageKey(row.finalUrl));
    if (!page) {
      unexpectedRows.push(row.url);
      continue;
    }
    rowsOf.set(page, [...(rowsOf.get(page) ?? []), row]);
  }
  const missing: string[] = [];
  const storedTwice: string[] = [];
  let storedOnce = 0;
  let folded = 0;
  for (const page of pages) {
    const count = rowsOf.get(page)?.length ?? 0;
    if (count === 1) storedOnce++;
    else if (count > 1) storedTwice.push(page.url);
    else if (page.copy && page.declaresOriginalCanonical) {
      folded++;
      storedOnce++;
    } else missing.push(page.url);
  }
  const stories = new Map<string, ExpectedPage[]>();
  for (const page of pages) stories.set(page.story, [...(stories.get(page.story) ?? []), page]);
  const badStories: string[] = [];
  let references = 0;
  for (const [story, members] of stories) {
    const stored = members.flatMap((page) => rowsOf.get(page) ?? []);
    const originals = stored.filter((row) => row.duplicateOf === null);
    if (stored.length === 0) continue;
    if (originals.length !== 1) {
      badStories.push(`${story}: ${originals.length} originals`);
      continue;
    }
    for (const row of stored) {
      if (row === originals[0]) continue;
      if (row.duplicateOf === originals[0]!.canonicalUrl) references++;
      else badStories.push(`${story}: ${row.url} refers to ${row.duplicateOf}`);
    }
  }
  return {
    expectedPages: pages.length,
    storedRows: rows.length,
    storedOnce,
    missing,
    storedTwice,
    badStories,
    unexpectedRows,
    copiesAsReferences: references,
    copiesFoldedByCanonical: folded,
    pass:
      missing.length === 0 &&
      storedTwice.length === 0 &&
      badStories.length === 0 &&
      unexpectedRows.length === 0,
  };
}

/** `since`: when the run started; an item already in its feed then counts as appearing at that moment. */
export function measureFreshness(
  pages: readonly ExpectedPage[],
  rows: readonly StoredRow[],
  since: number,
): Freshness {
  const byUrl = new Map(pages.map((page) => [page.url, page]));
  const appeared: number[] = [];
  const served: number[] = [];
  for (const row of rows) {
    const page = byUrl.get(pageKey(row.url)) ?? byUrl.get(pageKey(row.finalUrl));
    if (!page) continue;
    const { appearedAt, firstServedAt } = page.appearance();
    appeared.push((row.createdAt - Math.max(appearedAt, since)) / 1000);
    if (firstServedAt !== null) served.push((row.createdAt - firstServedAt) / 1000);
  }
  const summary = (values: number[]) => ({
    p50: quantile(values, 0.5),
    p95: quantile(values, 0.95),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  });
  return { appearedToStored: summary(appeared), firstServedToStored: summary(served) };
}
