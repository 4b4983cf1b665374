import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig({});
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.NEWSQ_PREFIX).toBe('newsq');
    expect(config.DATABASE_URL).toBe('sqlite:./data/newsq.db');
    expect(config.FETCH_ALLOW_PRIVATE_NETWORKS).toBe(false);
  });

  it('reads a list of private hosts exempt from the SSRF guard', () => {
    expect(
      loadConfig({ FETCH_ALLOWED_PRIVATE_HOSTS: 'intranet.local, 127.0.0.1:8080' })
        .FETCH_ALLOWED_PRIVATE_HOSTS,
    ).toEqual(['intranet.local', '127.0.0.1:8080']);
    expect(loadConfig({}).FETCH_ALLOWED_PRIVATE_HOSTS).toEqual([]);
  });

  it('reads the WebSub settings and refuses a non-http callback base or a misspelt WEBSUB_ variable', () => {
    expect(loadConfig({})).toMatchObject({ WEBSUB_POLL_INTERVAL_S: 21_600 });
    expect(loadConfig({}).WEBSUB_CALLBACK_BASE_URL).toBeUndefined();
    expect(loadConfig({ WEBSUB_CALLBACK_BASE_URL: 'https://newsq.example/' }).WEBSUB_CALLBACK_BASE_URL).toBe(
      'https://newsq.example/',
    );
    expect(() => loadConfig({ WEBSUB_CALLBACK_BASE_URL: 'ftp://newsq.example/' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBSUB_CALLBACK_URL: 'https://newsq.example/' })).toThrow(/unknown variable/);
  });

  it('accepts a Redis Cluster hash tag as prefix', () => {
    expect(loadConfig({ NEWSQ_PREFIX: '{newsq}' }).NEWSQ_PREFIX).toBe('{newsq}');
  });

  it.each([
    [{ REDIS_URL: 'http://x' }, /^config: REDIS_URL="http:\/\/x" is invalid/],
    [{ DATABASE_URL: 'mysql://x' }, /^config: DATABASE_URL="mysql:\/\/x" is invalid/],
    [{ LOG_LEVEL: 'loud' }, /^config: LOG_LEVEL="loud" is invalid/],
    [{ FETCH_TIMEOUT_MS: 'soon' }, /^config: FETCH_TIMEOUT_MS="soon" is invalid/],
    [{ NEWSQ_PREFIX: 'a:b' }, /^config: NEWSQ_PREFIX="a:b" is invalid/],
    [{ NEWSQ_COLOUR: 'blue' }, /^config: unknown variable NEWSQ_COLOUR/],
    [
      { WEBHOOK_URL: 'https://hooks.example/newsq' },
      /^config: WEBHOOK_SECRET is required when WEBHOOK_URL is set/,
    ],
  ])('rejects %j with a one-line message naming the variable', (env, message) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
  });

  it.each([
    [
      { API_TOKEN: 'short-secret' },
      'config: API_TOKEN is invalid: must be at least 16 characters',
      'short-secret',
    ],
    [{ WEBHOOK_SECRET: 'tiny-secret' }, 'config: WEBHOOK_SECRET is invalid', 'tiny-secret'],
    [
      { DATABASE_URL: 'mysql://newsq:db-password@db/newsq' },
      'config: DATABASE_URL="mysql://newsq:***@db/newsq" is invalid',
      'db-password',
    ],
    [
      { REDIS_URL: 'http://:redis-password@cache:6379' },
      'config: REDIS_URL="http://:***@cache:6379" is invalid',
      'redis-password',
    ],
    [
      { WEBHOOK_URL: 'ftp://hooks.example/in?token=hook-token', WEBHOOK_SECRET: '0123456789abcdef' },
      'config: WEBHOOK_URL="ftp://hooks.example/in?token=***" is invalid',
      'hook-token',
    ],
  ])('names %j without printing the secret', (env, message, secret) => {
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });
});
