import { describe, expect, it } from 'vitest';
import { HttpError, httpStatusError, isHttpError, parseRetryAfter } from './errors';

const now = Date.parse('2026-11-28T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Sat, 28 Nov 2026 12:01:30 GMT', 90_000],
    ['Saturday, 28-Nov-26 12:00:10 GMT', 10_000],
    ['Sat, 28 Nov 2026 11:00:00 GMT', 0],
    ['', null],
    ['-5', null],
    ['1.5', null],
    ['soon', null],
    [null, null],
    [undefined, null],
  ])('parses %j as %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
    expect(parseRetryAfter(value, new Date(now))).toBe(expected);
  });
});

describe('HttpError', () => {
  it('serialises code, retryable, status and url', () => {
    const error = httpStatusError(503, 'https://example.com/', 5000);
    expect(error).toBeInstanceOf(HttpError);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'HttpError',
      code: 'http_rate_limited',
      message: 'http: 503 from https://example.com/',
      retryable: true,
      retryAfterMs: 5000,
      status: 503,
      url: 'https://example.com/',
    });
  });

  it.each([
    [404, 'http_status', false],
    [408, 'http_status', true],
    [410, 'http_status', false],
    [429, 'http_rate_limited', true],
    [500, 'http_status', true],
  ])('classifies status %i as %s, retryable %s', (status, code, retryable) => {
    expect(httpStatusError(status, 'https://example.com/', null)).toMatchObject({ code, retryable, status });
  });

  it('is recognised by name across realms', () => {
    const foreign = Object.assign(new Error('http: x'), { name: 'HttpError' });
    expect(isHttpError(foreign)).toBe(true);
    expect(isHttpError(new Error('x'))).toBe(false);
  });
});
