// Owns reading the Linux process table: CPU time (user + system, every thread of the process), resident
// memory now and at its peak, and the CPU of reaped children, which is exact where sampling is not.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND =
  Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export interface ProcessSample {
  /** utime + stime of the whole thread group, ms. */
  cpuMs: number;
  rssBytes: number;
  /** VmHWM: the peak resident set so far. */
  peakRssBytes: number;
}

/** Fields of /proc/<pid>/stat numbered as in proc(5) (pid is 1, the state 3), read past the command name. */
function statFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return ['', 'pid', 'comm', ...stat.slice(stat.lastIndexOf(')') + 2).split(' ')];
}

const ticksToMs = (ticks: number) => (ticks * 1000) / CLOCK_TICKS_PER_SECOND;

/** The process's sample, or null once it has exited (reaped or not). */
export function sampleProcess(pid: number): ProcessSample | null {
  try {
    const fields = statFields(pid);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) =>
      Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
    // A process that has exited but not been reaped yet (a zombie) has no memory lines left.
    if (!/^VmHWM:/m.test(status)) return null;
    return {
      cpuMs: ticksToMs(Number(fields[14]) + Number(fields[15])),
      rssBytes: kb('VmRSS'),
      peakRssBytes: kb('VmHWM'),
    };
  } catch {
    return null;
  }
}

/**
 * CPU of every child this process has reaped so far (cutime + cstime), ms. The difference across one
 * child's exit is that child's whole CPU time, threads and its own reaped children included.
 */
export function reapedChildrenCpuMs(): number {
  const fields = statFields('self');
  return ticksToMs(Number(fields[16]) + Number(fields[17]));
}
