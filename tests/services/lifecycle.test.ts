// Each deployable starts on its own from its compiled bundle under plain `node`, as the image runs
// it, and stops cleanly on SIGTERM with exit code 0; one also runs from a production-only install.

import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniquePrefix } from '@newsq/redis/testing';
import { describe, expect, it } from 'vitest';
import { childEnv, finished, repoRoot, startBuilt } from '../support/processes';

const SERVICES = ['feed-poll', 'article-fetch', 'extract', 'dedupe', 'tag', 'store', 'webhook', 'api'];

function serviceEnv(service: string): NodeJS.ProcessEnv {
  return childEnv({
    REDIS_URL: process.env.REDIS_URL!,
    NEWSQ_PREFIX: uniquePrefix(`svc-${service}`),
    DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-svc-')), 'newsq.db')}`,
    LOG_LEVEL: 'info',
    API_HOST: '127.0.0.1',
    API_PORT: '0',
  });
}

/** Waits for the service's "started" line, sends SIGTERM and checks a clean exit with JSON logs only. */
async function startAndStop(service: string, child: ChildProcess): Promise<void> {
  const result = finished(child, 60_000);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${service} did not log "started": ${output}`)), 45_000);
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
}

describe('services', () => {
  it.each(SERVICES)('%s starts alone from dist/main.js and exits 0 on SIGTERM', async (service) => {
    await startAndStop(service, startBuilt(service, [], serviceEnv(service)));
  });

  it('runs a worker from a production-only install (pnpm deploy --prod), without tsx', async () => {
    const target = mkdtempSync(join(tmpdir(), 'newsq-deploy-'));
    try {
      execFileSync('pnpm', ['--filter', '@newsq/service-tag', 'deploy', '--prod', target], {
        cwd: repoRoot,
        stdio: 'ignore',
      });
      expect(() =>
        execFileSync(process.execPath, ['-e', "import('tsx')"], { cwd: target, stdio: 'ignore' }),
      ).toThrow();
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, [join(target, 'dist/main.js')], {
        cwd: target,
        env: serviceEnv('tag'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await startAndStop('tag', child);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  }, 120_000);
});
