// Owns the processes a benchmark starts: each in its own process group (so nothing outlives the bench),
// its stdout kept in a log file and read line by line as pino JSON, its CPU and memory sampled from
// /proc while it runs, its startup (spawn to its `started` line) timed, and its whole CPU time taken
// exactly from the kernel's accounting when it is reaped.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type ProcessSample, reapedChildrenCpuMs, sampleProcess } from './proc';

export interface LogLine {
  msg?: string;
  stage?: string;
  duration_ms?: number;
  err_code?: string;
  level?: number;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whole CPU time of the process and its threads, ms (kernel accounting at reaping). */
  cpuMs: number;
  wallMs: number;
}

export interface WatchedProcess {
  name: string;
  pid: number;
  spawnedAt: number;
  /** When its `started` line was read, epoch ms; null until then. */
  startedAt: number | null;
  /** Its /proc sample when it announced it had started. */
  atStart: ProcessSample | null;
  /** The latest /proc sample while it ran. */
  latest: ProcessSample | null;
  /** Resident-memory samples: [epoch ms, bytes]. */
  rss: Array<[number, number]>;
  stderrTail(): string;
  exited: Promise<Exit>;
  /** Signals the process group, waits for the exit; SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<Exit>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where stdout and stderr are appended. */
  logPath: string;
  /** A log line matching this announces the process has started. */
  startedMessage?: RegExp;
  onLine?: (line: LogLine, at: number) => void;
}

const live = new Set<ChildProcess>();
let reapedCpu = reapedChildrenCpuMs();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Kills every process group still running: called on the bench's exit, however it ends. */
export function killAll(): void {
  for (const child of live) killGroup(child, 'SIGKILL');
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

const SAMPLE_EVERY_MS = 500;

export function startProcess(options: StartOptions): WatchedProcess {
  const log = createWriteStream(options.logPath, { flags: 'a' });
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`bench: could not start ${options.name}`);
  live.add(child);
  const spawnedAt = Date.now();
  let stderr = '';
  const watched: WatchedProcess = {
    name: options.name,
    pid: child.pid,
    spawnedAt,
    startedAt: null,
    atStart: null,
    latest: null,
    rss: [],
    stderrTail: () => stderr.slice(-4000),
    exited: null as unknown as Promise<Exit>,
    stop: async (signal = 'SIGTERM', graceMs = 30_000) => {
      killGroup(child, signal);
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      const exit = await watched.exited;
      clearTimeout(timer);
      return exit;
    },
  };
  const sample = () => {
    const now = sampleProcess(child.pid!);
    if (now === null) return;
    watched.latest = now;
    watched.rss.push([Date.now(), now.rssBytes]);
  };
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  sample();

  createInterface({ input: child.stdout! }).on('line', (text) => {
    log.write(`${text}\n`);
    if (!text.startsWith('{')) return;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return;
    }
    const at = Date.now();
    if (watched.startedAt === null && options.startedMessage?.test(line.msg ?? '')) {
      watched.startedAt = at;
      watched.atStart = sampleProcess(child.pid!);
    }
    options.onLine?.(line, at);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    log.write(chunk);
    stderr = (stderr + chunk.toString('utf8')).slice(-8000);
  });
  watched.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      clearInterval(sampler);
      live.delete(child);
      // Processes are stopped one at a time, so the growth of reaped CPU since the last exit is this one's.
      const total = reapedChildrenCpuMs();
      const cpuMs = total - reapedCpu;
      reapedCpu = total;
      killGroup(child, 'SIGKILL');
      log.end();
      resolve({ code, signal, cpuMs, wallMs: Date.now() - spawnedAt });
    });
  });
  return watched;
}
