import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('hides URL passwords and secret query parameters wherever they sit in a text', () => {
    expect(redactSecrets('redis: cannot reach redis://:s3cr3t@cache:6379/0: ECONNREFUSED')).toBe(
      'redis: cannot reach redis://:***@cache:6379/0: ECONNREFUSED',
    );
    expect(redactSecrets('{"url":"postgres://newsq:p%40ss@db:5432/newsq?schema=x"}')).toBe(
      '{"url":"postgres://newsq:***@db:5432/newsq?schema=x"}',
    );
    expect(
      redactSecrets('GET https://feeds.example/rss?access_token=abc123&page=2&api_key=k&X-Amz-Signature=ff'),
    ).toBe('GET https://feeds.example/rss?access_token=***&page=2&api_key=***&X-Amz-Signature=***');
    expect(redactSecrets('https://example.org/a?password=hunter2#top')).toBe(
      'https://example.org/a?password=***#top',
    );
  });

  it('leaves URLs without secrets and plain text as they are', () => {
    for (const text of [
      'https://user@example.org/path?page=2&q=tokens',
      'http://127.0.0.1:8080/api/v1/feeds',
      'sqlite:./data/newsq.db',
      'time: 12:30, ratio 3:1',
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });
});
