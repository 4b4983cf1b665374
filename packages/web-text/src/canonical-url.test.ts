import { describe, expect, it } from 'vitest';
import { canonicalizeUrl } from './canonical-url';

describe('canonicalizeUrl', () => {
  it.each([
    ['lower-cases the host', 'https://News.Example.COM/Story/1', 'https://news.example.com/Story/1'],
    ['drops default ports', 'https://example.com:443/a', 'https://example.com/a'],
    ['drops the http default port', 'http://example.com:80/a', 'http://example.com/a'],
    ['keeps other ports', 'https://example.com:8443/a', 'https://example.com:8443/a'],
    ['drops fragments', 'https://example.com/a#comments', 'https://example.com/a'],
    ['drops www', 'https://www.example.com/a', 'https://example.com/a'],
    ['drops a trailing slash', 'https://example.com/world/story-1/', 'https://example.com/world/story-1'],
    [
      'removes utm_* and click ids',
      'https://example.com/a?utm_source=x&UTM_Medium=y&fbclid=1&gclid=2&id=7',
      'https://example.com/a?id=7',
    ],
    [
      'removes newsletter and share trackers',
      'https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&ref_src=twsrc&smid=tw-share',
      'https://example.com/a',
    ],
    ['sorts the query', 'https://example.com/a?b=2&a=1', 'https://example.com/a?a=1&b=2'],
    ['resolves an /amp suffix', 'https://example.com/world/story-1/amp', 'https://example.com/world/story-1'],
    [
      'resolves an /amp/ prefix',
      'https://example.com/amp/world/story-1',
      'https://example.com/world/story-1',
    ],
    [
      'resolves .amp.html',
      'https://example.com/world/story-1.amp.html',
      'https://example.com/world/story-1.html',
    ],
    ['resolves ?amp=1', 'https://example.com/world/story-1?amp=1', 'https://example.com/world/story-1'],
    ['resolves an amp. host', 'https://amp.example.com/world/story-1', 'https://example.com/world/story-1'],
    ['resolves an m. host', 'https://m.example.co.uk/world/story-1', 'https://example.co.uk/world/story-1'],
    [
      'unwraps the AMP cache',
      'https://example-com.cdn.ampproject.org/c/s/example.com/world/story-1/amp',
      'https://example.com/world/story-1',
    ],
    ['leaves a bare two-label m. domain alone', 'https://m.com/a', 'https://m.com/a'],
  ])('%s', (_, input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it.each([
    [
      'prefers a same-site declared canonical',
      'https://m.example.com/story-1?utm_source=rss',
      '/world/2024/story-1',
      'https://example.com/world/2024/story-1',
    ],
    [
      'accepts a canonical on a sibling subdomain',
      'https://amp.example.com/story-1',
      'https://www.example.com/news/story-1',
      'https://example.com/news/story-1',
    ],
    [
      'ignores a canonical on another site',
      'https://example.com/story-1',
      'https://aggregator.example.org/story-1',
      'https://example.com/story-1',
    ],
    [
      'ignores a canonical that points an article at the front page',
      'https://example.com/story-1',
      'https://example.com/',
      'https://example.com/story-1',
    ],
    [
      'ignores a non-http canonical',
      'https://example.com/story-1',
      'javascript:alert(1)',
      'https://example.com/story-1',
    ],
    ['ignores an empty canonical', 'https://example.com/story-1', '', 'https://example.com/story-1'],
  ])('%s', (_, input, declaredCanonical, expected) => {
    expect(canonicalizeUrl(input, { declaredCanonical })).toBe(expected);
  });

  it('rejects what is not an absolute http(s) URL', () => {
    expect(() => canonicalizeUrl('/relative/path')).toThrow(TypeError);
    expect(() => canonicalizeUrl('ftp://example.com/file')).toThrow(/not an http/);
  });
});
