import { describe, expect, it } from 'vitest';
import { parseContentType } from './content-type';

describe('parseContentType', () => {
  it.each([
    ['text/html; charset=UTF-8', { essence: 'text/html', charset: 'utf-8' }],
    ['Text/HTML;Charset="windows-1251"', { essence: 'text/html', charset: 'windows-1251' }],
    ['application/rss+xml', { essence: 'application/rss+xml', charset: null }],
    ['nonsense', null],
    ['', null],
    [null, null],
  ])('parses %j', (header, expected) => {
    expect(parseContentType(header)).toEqual(expected);
  });
});
