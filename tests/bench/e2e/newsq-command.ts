// Owns how the benchmarks start newsq: one function for the CLI and every service, preferring a compiled
// build (services/<name>/dist/main.js) when one exists, else the TypeScript source through tsx, with an
// environment that carries nothing newsq-specific from the caller's.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { childEnv } from '../../support/processes';

export const repoRoot = resolve(import.meta.dirname, '../../..');

/** `entry` is a directory under services/: `cli` for the `newsq` command, or a stage's service. */
export function newsqCommand(
  entry: string,
  args: readonly string[] = [],
): { command: string; args: string[] } {
  const compiled = join(repoRoot, 'services', entry, 'dist/main.js');
  if (existsSync(compiled)) return { command: process.execPath, args: [compiled, ...args] };
  return {
    command: process.execPath,
    args: ['--import', 'tsx', join(repoRoot, 'services', entry, 'src/main.ts'), ...args],
  };
}

/** Only what the benchmark sets, over the caller's environment without newsq variables; info logs. */
export function newsqEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  return childEnv({ LOG_LEVEL: 'info', ...settings });
}
