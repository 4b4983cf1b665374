import { describe, expect, it } from 'vitest';
import { isAcceptedType } from './content-type';

const empty = new Uint8Array(0);
const bytes = (text: string) => new TextEncoder().encode(text);

describe('isAcceptedType', () => {
  it.each([
    ['html', 'text/html', true],
    ['html', 'application/xhtml+xml; charset=utf-8', true],
    ['html', 'text/plain', false],
    ['html', 'application/pdf', false],
    ['html', 'image/jpeg', false],
    ['feed', 'application/rss+xml', true],
    ['feed', 'application/atom+xml', true],
    ['feed', 'application/rdf+xml', true],
    ['feed', 'application/xml', true],
    ['feed', 'text/xml', true],
    ['feed', 'text/html', true],
    ['feed', 'application/json', true],
    ['feed', 'application/feed+json', true],
    ['feed', 'application/x-rss+xml', true],
    ['feed', 'application/octet-stream', true],
    ['feed', 'application/x-gzip', true],
    ['feed', 'application/gzip', true],
    ['feed', 'image/png', false],
    ['feed', 'video/mp4', false],
    ['feed', 'application/pdf', false],
    ['feed', 'application/zip', false],
    ['any', 'image/png', true],
  ] as const)('%s accepts %s: %s', (kind, type, expected) => {
    expect(isAcceptedType(kind, type, empty)).toBe(expected);
  });

  it('sniffs an untyped body for HTML', () => {
    expect(isAcceptedType('html', null, bytes('\ufeff  <!DOCTYPE html><html>'))).toBe(true);
    expect(isAcceptedType('html', null, bytes('<html lang="en">'))).toBe(true);
    expect(isAcceptedType('html', null, bytes('%PDF-1.7'))).toBe(false);
    expect(isAcceptedType('feed', null, bytes('%PDF-1.7'))).toBe(true);
  });
});
