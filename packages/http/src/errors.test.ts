import { describe, expect, it } from 'vitest';
import { HttpError, httpStatusError, isHttpError } from './errors';

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
