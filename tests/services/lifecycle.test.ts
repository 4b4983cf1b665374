// Each deployable starts on its own, as a container would run it, and stops
// cleanly on SIGTERM with exit code 0.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniquePrefix } from '@newsq/redis/testing';
import { describe, expect, it } from 'vitest';
import { childEnv, finished, startTs } from '../support/processes';

const SERVICES = ['feed-poll', 'article-fetch', 'extract', 'dedupe', 'tag', 'store', 'webhook', 'api'];

describe('services', () => {
  it.each(SERVICES)('%s starts alone and exits 0 on SIGTERM', async (service) => {
    const env = childEnv({
      REDIS_URL: process.env.REDIS_URL!,
      NEWSQ_PREFIX: uniquePrefix(`svc-${service}`),
      DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-svc-')), 'newsq.db')}`,
      LOG_LEVEL: 'info',
      API_HOST: '127.0.0.1',
      API_PORT: '0',
    });
    const child = startTs(`services/${service}/src/main.ts`, [], env);
    const result = finished(child, 60_000);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${service} did not log "started": ${output}`)),
        45_000,
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk;
        if (output.includes(`"msg":"${service}: started"`)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGTERM');
    const { code, signal, stdout } = await result;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    const lines = (output + stdout).trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(lines.at(-1)).toContain(`${service}: stopped`);
  });
});
