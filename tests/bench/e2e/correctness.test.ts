import { describe, expect, it } from 'vitest';
import { checkStored, measureFreshness } from './correctness';
import type { StoredRow } from './database';
import { LogStats } from './log-stats';
import type { ExpectedPage } from './scenarios';

const page = (url: string, story: string, copy = false, canonical = false): ExpectedPage => ({
  url,
  story,
  copy,
  declaresOriginalCanonical: canonical,
  html: () => '',
  appearance: () => ({ appearedAt: 1_000, firstServedAt: 3_000 }),
});
const row = (url: string, duplicateOf: string | null = null, createdAt = 11_000): StoredRow => ({
  url,
  finalUrl: url.replace(/\?.*/, ''),
  canonicalUrl: url.replace(/\?.*/, ''),
  duplicateOf,
  createdAt,
});

const pages = [
  page('http://a/1', '1'),
  page('http://a/2', '2'),
  page('http://b/2', '2', true),
  page('http://c/2', '2', true, true),
];

describe('checkStored', () => {
  it('passes one row per page, tracking links folded, copies referring to their original', () => {
    const result = checkStored(pages, [
      row('http://a/1?utm_source=rss'),
      row('http://b/2'),
      row('http://a/2', 'http://b/2'),
    ]);
    expect(result).toMatchObject({
      pass: true,
      storedOnce: 4,
      copiesAsReferences: 1,
      copiesFoldedByCanonical: 1,
    });
  });

  it('fails on a missing page, a page stored twice, two originals of a story and stray rows', () => {
    const result = checkStored(pages, [
      row('http://a/1'),
      row('http://a/1?fbclid=x'),
      row('http://b/2'),
      row('http://c/2'),
      row('http://elsewhere/9'),
    ]);
    expect(result.pass).toBe(false);
    expect(result.storedTwice).toEqual(['http://a/1']);
    expect(result.missing).toEqual(['http://a/2']);
    expect(result.badStories).toEqual(['1: 2 originals', '2: 2 originals']);
    expect(result.unexpectedRows).toEqual(['http://elsewhere/9']);
  });
});

describe('measureFreshness', () => {
  it('measures from the appearance, or from the run start when that is later', () => {
    const freshness = measureFreshness(pages, [row('http://a/1', null, 11_000)], 5_000);
    expect(freshness.appearedToStored.p50).toBe(6);
    expect(freshness.firstServedToStored.p50).toBe(8);
  });
});

describe('LogStats', () => {
  it('reads job durations per stage, retries and dead letters by code', () => {
    const logs = new LogStats();
    logs.add({ msg: 'extract: done', stage: 'extract', duration_ms: 30 });
    logs.add({ msg: 'extract: done', stage: 'extract', duration_ms: 50 });
    logs.add({ msg: 'store: attempt failed, will retry', stage: 'store', err_code: 'db_busy' });
    logs.add({ msg: 'article-fetch: failed, kept in the dead-letter set', err_code: 'http_404' });
    logs.add({ msg: 'feed-poll: polled' });
    expect(logs.latencies()).toEqual({ extract: { jobs: 2, p50Ms: 30, p95Ms: 50 } });
    expect(Object.fromEntries(logs.retries)).toEqual({ db_busy: 1 });
    expect(logs.total(logs.failures)).toBe(1);
  });
});
