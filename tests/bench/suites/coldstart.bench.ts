// Owns the image benchmark that needs no container engine: what newsq adds to the base image (every
// service's bundle, and the production-only node_modules the Dockerfile installs from infra/image),
// and the cold start of deployables under plain `node` from launch to their "started" log line,
// against the cold start of `node` itself measured in the same run. Needs `pnpm build` first and
// Redis (REDIS_URL, else a private redis-server).
import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startPrivateRedis, uniquePrefix } from '@newsq/redis/testing';

interface BenchContext {
  shared: string | null;
  log: (line: string) => void;
}

const root = resolve(import.meta.dirname, '../../..');
const RUNS = 7;
const SERVICES = ['feed-poll', 'extract', 'tag', 'store', 'api'];

/** Bytes of the files under a path; symbolic links (pnpm links every package) are not followed. */
function bytesUnder(path: string): number {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Milliseconds from spawn to the line containing `ready`, then SIGTERM and wait for the exit. */
function timeToLine(args: string[], env: NodeJS.ProcessEnv, ready: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let elapsed: number | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (elapsed === null && output.includes(ready)) {
        elapsed = performance.now() - started;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', () => {
      clearTimeout(timer);
      if (elapsed === null) reject(new Error(`no "${ready}" line: ${output.slice(-500)}`));
      else resolvePromise(elapsed);
    });
  });
}

export async function run({ log }: BenchContext): Promise<void> {
  const dists = readdirSync(join(root, 'services')).map((name) => join(root, 'services', name, 'dist'));
  const bundles = dists.reduce((sum, dist) => sum + bytesUnder(dist), 0);
  const deployed = mkdtempSync(join(tmpdir(), 'newsq-image-'));
  try {
    execFileSync('pnpm', ['--filter', '@newsq/image', 'deploy', '--prod', deployed], {
      cwd: root,
      stdio: 'ignore',
    });
    const modules = bytesUnder(join(deployed, 'node_modules'));
    log(
      `image payload over node:20-bookworm-slim: bundles ${mib(bundles)} + production node_modules ${mib(modules)} = ${mib(bundles + modules)}`,
    );
  } finally {
    rmSync(deployed, { recursive: true, force: true });
  }

  const privateRedis = process.env.REDIS_URL ? null : await startPrivateRedis();
  try {
    const baseline: number[] = [];
    for (let index = 0; index < RUNS; index++)
      baseline.push(await timeToLine(['-e', "process.stdout.write('started\\n')"], process.env, 'started'));
    log(
      `baseline: node -e (no code) to its first line, median ${median(baseline).toFixed(0)} ms over ${RUNS} runs`,
    );
    for (const service of SERVICES) {
      const times: number[] = [];
      for (let index = 0; index < RUNS; index++) {
        const env = {
          ...process.env,
          REDIS_URL: privateRedis?.url ?? process.env.REDIS_URL!,
          NEWSQ_PREFIX: uniquePrefix('coldstart'),
          DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-coldstart-')), 'newsq.db')}`,
          API_HOST: '127.0.0.1',
          API_PORT: '0',
          LOG_LEVEL: 'info',
        };
        times.push(
          await timeToLine([join('services', service, 'dist/main.js')], env, `"msg":"${service}: started"`),
        );
      }
      const cold = median(times);
      log(
        `${service.padEnd(10)} dist/main.js to "started": median ${cold.toFixed(0)} ms (${(cold / median(baseline)).toFixed(1)}x node's own start), max ${Math.max(...times).toFixed(0)} ms`,
      );
    }
  } finally {
    await privateRedis?.stop();
  }
}
