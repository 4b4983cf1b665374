// Owns running the plain-loop contender (loop.ts) as its own process over a scenario's feeds.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LoopResult } from './loop';
import { repoRoot } from './newsq-command';
import type { Scenario } from './scenarios';
import { startProcess } from './watched-process';

export interface LoopRun {
  wallMs: number;
  /** Distinct pages among its rows: a tracking-parameter link the loop fetched twice counts once. */
  distinctPages: number;
  cpuMs: number;
  peakRssBytes: number;
  result: LoopResult;
}

export async function runLoop(scenario: Scenario, workDir: string, timeoutMs: number): Promise<LoopRun> {
  const feedList = join(workDir, `${scenario.name}-feeds.txt`);
  writeFileSync(feedList, `${scenario.feedUrls.join('\n')}\n`);
  const databasePath = join(workDir, `${scenario.name}-loop.db`);
  let result: LoopResult | null = null;
  const loop = startProcess({
    name: 'loop',
    command: process.execPath,
    args: ['--import', 'tsx', join(repoRoot, 'tests/bench/e2e/loop.ts'), feedList, databasePath],
    env: process.env,
    cwd: repoRoot,
    logPath: join(workDir, `${scenario.name}-loop.log`),
    onLine: (line) => {
      if (typeof line.links === 'number') result = line as unknown as LoopResult;
    },
  });
  const timer = setTimeout(() => void loop.stop('SIGKILL'), timeoutMs);
  const exit = await loop.exited;
  clearTimeout(timer);
  if (exit.code !== 0 || result === null) {
    throw new Error(`bench: the loop failed (exit ${exit.code ?? exit.signal}): ${loop.stderrTail()}`);
  }
  const db = new Database(databasePath, { readonly: true });
  const urls = db.prepare('SELECT url FROM articles').pluck().all() as string[];
  db.close();
  return {
    wallMs: exit.wallMs,
    distinctPages: new Set(urls.map((url) => url.replace(/[?#].*$/, ''))).size,
    cpuMs: exit.cpuMs,
    peakRssBytes: loop.latest?.peakRssBytes ?? 0,
    result,
  };
}
