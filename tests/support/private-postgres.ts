// A PostgreSQL server of the test's own (initdb in a temporary directory, a free loopback port), for
// tests that stop and restart the database. PostgreSQL refuses to run as root, so as root the server
// runs as the `postgres` system user; otherwise as the current user.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@newsq/redis/testing';

export interface PrivatePostgres {
  url: string;
  port: number;
  /** Fast shutdown: connections are cut (57P01), as in a real outage. */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions[0] === undefined)
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
  return join(root, versions[0], 'bin');
}

function systemUser(name: string): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', name]).toString()),
    gid: Number(execFileSync('id', ['-g', name]).toString()),
  };
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'newsq-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const { uid, gid } = systemUser('postgres');
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (command: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: 'ignore' })
      : execFileSync(join(bin, command), args, { stdio: 'ignore' });
  run('initdb', ['-D', data, '-U', 'newsq', '--auth=trust', '-E', 'UTF8']);
  const port = await freePort();
  const ctl = (action: string[]) =>
    run('pg_ctl', ['-D', data, '-w', '-t', '60', '-l', join(dir, 'server.log'), ...action]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const startServer = async () => {
    ctl(['-o', options, 'start']);
  };
  await startServer();
  return {
    url: `postgres://newsq@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      ctl(['-m', 'fast', 'stop']);
    },
    start: startServer,
    async destroy() {
      try {
        ctl(['-m', 'immediate', 'stop']);
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
