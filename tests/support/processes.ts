// Runs newsq entry points as real child processes, the way operators and containers start them.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Environment for a child: the parent's, minus newsq variables that would leak between runs. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(NEWSQ_|FETCH_|FEED_POLL_|EXTRACT_|DEDUPE_|TAG_|STORE_|API_|DATABASE_URL$)/.test(name),
    ),
  );
  return { ...base, LOG_LEVEL: 'warn', ...overrides };
}

/**
 * Environment for a newsq child working on loopback fixture sites: the SSRF guard exempts their hosts,
 * and no fixed per-host delay slows the test (the adaptive one stays, as in production).
 */
export function fixtureRunEnv(
  run: { redisUrl: string; prefix: string; databaseUrl: string; hosts: readonly string[] },
  overrides: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return childEnv({
    REDIS_URL: run.redisUrl,
    NEWSQ_PREFIX: run.prefix,
    DATABASE_URL: run.databaseUrl,
    FETCH_ALLOWED_PRIVATE_HOSTS: run.hosts.join(','),
    FETCH_HOST_MIN_DELAY_MS: '0',
    FETCH_HOST_CONCURRENCY: '8',
    ...overrides,
  });
}

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return newest;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return Math.max(newest, newestSource(path));
    return entry.name.endsWith('.ts') ? Math.max(newest, statSync(path).mtimeMs) : newest;
  }, 0);
}

let sourcesChangedAt: number | null = null;

/** A compiled deployable under plain `node`, as the image runs it (`pnpm build` makes dist/main.js). */
export function startBuilt(service: string, args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  const entry = join(repoRoot, 'services', service, 'dist/main.js');
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: run pnpm build first (infra/scripts/test.sh does)`);
  // A bundle older than the code would test yesterday's code.
  sourcesChangedAt ??= Math.max(
    newestSource(join(repoRoot, 'packages')),
    newestSource(join(repoRoot, 'services')),
  );
  if (statSync(entry).mtimeMs < sourcesChangedAt)
    throw new Error(`${entry} is older than the sources: run pnpm build first (infra/scripts/test.sh does)`);
  return spawn(process.execPath, [entry, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function finished(child: ChildProcess, timeoutMs: number): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `process did not finish within ${timeoutMs} ms\nstdout: ${stdout.slice(-2000)}\nstderr: ${stderr.slice(-2000)}`,
        ),
      );
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** The compiled `newsq` CLI, run to the end. */
export function runNewsq(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<Finished> {
  return finished(startBuilt('cli', args, env), timeoutMs);
}

export function uniqueSchema(label: string): string {
  return `${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
}
