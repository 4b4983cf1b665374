import type { FeedRecord } from '@newsq/store';
import { describe, expect, it } from 'vitest';
import { feedsFailingFirst, reasonCode } from './overview';

const feed = (url: string, health: FeedRecord['health'], consecutiveFailures = 0) =>
  ({ url, health, consecutiveFailures }) as FeedRecord;

describe('overview', () => {
  it('reads the error code the runner puts first in a failed reason', () => {
    expect(reasonCode('http_status: http: 404 from https://news.example/a')).toBe('http_status');
    expect(reasonCode('invalid_input: extract: invalid input at url')).toBe('invalid_input');
    expect(reasonCode('job stalled more than allowable limit')).toBe('unexpected');
  });

  it('lists unhealthy and failing feeds first, the longest failing first among them', () => {
    const ordered = feedsFailingFirst([
      feed('https://a.example/ok', 'ok'),
      feed('https://b.example/failing', 'failing', 2),
      feed('https://c.example/new', 'new'),
      feed('https://d.example/unhealthy', 'unhealthy', 9),
      feed('https://e.example/failing', 'failing', 4),
    ]);
    expect(ordered.map((item) => item.url)).toEqual([
      'https://d.example/unhealthy',
      'https://e.example/failing',
      'https://b.example/failing',
      'https://c.example/new',
      'https://a.example/ok',
    ]);
  });
});
