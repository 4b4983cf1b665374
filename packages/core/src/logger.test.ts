import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('writes JSON lines without tokens, secrets or passwords, in fields, messages or errors', () => {
    const lines: string[] = [];
    const logger = createLogger({
      name: 'test',
      destination: { write: (line: string) => void lines.push(line) },
    });
    logger.info(
      { url: 'https://feeds.example/rss?token=abc123', headers: { authorization: 'Bearer nq_secret' } },
      'polled https://feeds.example/rss?token=abc123',
    );
    logger.error({ err: new Error('redis: cannot reach redis://:hunter2@cache:6379') }, 'redis down');
    logger.child({ stage: 'webhook' }).warn({ config: { secret: 'whsec_0123456789' } }, 'delivery');
    const text = lines.join('');
    for (const secret of ['abc123', 'nq_secret', 'hunter2', 'whsec_0123456789'])
      expect(text).not.toContain(secret);
    const [first, second, third] = lines.map((line) => JSON.parse(line));
    expect(first).toMatchObject({
      service: 'test',
      level: 'info',
      url: 'https://feeds.example/rss?token=***',
      headers: { authorization: '***' },
      msg: 'polled https://feeds.example/rss?token=***',
    });
    expect(second.err.message).toBe('redis: cannot reach redis://:***@cache:6379');
    expect(third).toMatchObject({ stage: 'webhook', config: { secret: '***' } });
  });
});
