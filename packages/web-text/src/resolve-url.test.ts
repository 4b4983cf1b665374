import { describe, expect, it } from 'vitest';
import { isHttpUrl, resolveHttpUrl, resolveUrl } from './resolve-url';

const base = 'https://example.com/news/index.html';

describe('resolveUrl', () => {
  it.each([
    ['a relative path', 'story-1.html', base, 'https://example.com/news/story-1.html'],
    ['a root-relative path', '/world/story-1', base, 'https://example.com/world/story-1'],
    ['a protocol-relative URL', '//cdn.example.org/a.jpg', base, 'https://cdn.example.org/a.jpg'],
    ['an absolute URL with spaces around it', '  https://example.org/a  ', base, 'https://example.org/a'],
    ['an absolute URL without a base', 'https://example.org/a', null, 'https://example.org/a'],
    [
      'a non-http scheme that reads nothing local',
      'mailto:desk@example.com',
      base,
      'mailto:desk@example.com',
    ],
    ['javascript:', 'javascript:alert(1)', base, null],
    ['data:', 'data:text/html,<b>x</b>', base, null],
    ['file:', 'file:///etc/passwd', base, null],
    ['a relative path without a base', 'story-1.html', null, null],
    ['an empty value', '   ', base, null],
    ['no value', null, base, null],
  ])('resolves %s', (_name, href, baseUrl, expected) => {
    expect(resolveUrl(href, baseUrl)).toBe(expected);
  });
});

describe('resolveHttpUrl', () => {
  it.each([
    ['story-1.html', base, 'https://example.com/news/story-1.html'],
    ['mailto:desk@example.com', base, null],
    ['ftp://example.com/file', base, null],
    ['javascript:alert(1)', base, null],
    ['', base, null],
  ])('resolves %j', (href, baseUrl, expected) => {
    expect(resolveHttpUrl(href, baseUrl)).toBe(expected);
  });
});

describe('isHttpUrl', () => {
  it.each([
    ['https://example.com/a', true],
    [' http://example.com ', true],
    ['/relative', false],
    ['urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a', false],
    ['tag:example.com,2005:1', false],
    [null, false],
  ])('%j -> %s', (value, expected) => {
    expect(isHttpUrl(value)).toBe(expected);
  });
});
