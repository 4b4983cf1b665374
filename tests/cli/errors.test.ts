// Misconfiguration gives one line naming the problem, never a stack trace.
import { describe, expect, it } from 'vitest';
import { childEnv, runNewsq } from '../support/processes';

const cases = [
  [
    'an unreachable REDIS_URL',
    ['run', '--until-idle'],
    { REDIS_URL: 'redis://127.0.0.1:1' },
    /^newsq run: redis: cannot reach redis:\/\/127\.0\.0\.1:1/,
  ],
  [
    'a malformed REDIS_URL',
    ['run'],
    { REDIS_URL: 'http://example' },
    /^newsq [a-z ]+: config: REDIS_URL="http:\/\/example" is invalid/,
  ],
  [
    'a malformed DATABASE_URL',
    ['articles', 'ls'],
    { DATABASE_URL: 'mysql://x/y' },
    /^newsq [a-z ]+: config: DATABASE_URL="mysql:\/\/x\/y" is invalid/,
  ],
  [
    'an unreachable DATABASE_URL',
    ['articles', 'ls'],
    { DATABASE_URL: 'postgres://newsq:newsq@127.0.0.1:1/newsq' },
    /^newsq articles ls: store: database unavailable: connect ECONNREFUSED/,
  ],
  [
    'an unknown variable',
    ['feeds', 'ls'],
    { NEWSQ_CONCURENCY: '4' },
    /^newsq [a-z ]+: config: unknown variable NEWSQ_CONCURENCY/,
  ],
  [
    'a bad value',
    ['feeds', 'ls'],
    { FETCH_TIMEOUT_MS: 'soon' },
    /^newsq [a-z ]+: config: FETCH_TIMEOUT_MS="soon" is invalid/,
  ],
] as const;

describe('newsq configuration errors', () => {
  it.each(cases)('%s', async (_label, args, overrides, message) => {
    const result = await runNewsq(args, childEnv({ REDIS_URL: process.env.REDIS_URL!, ...overrides }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });
});
