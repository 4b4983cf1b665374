// Owns per-thread CPU time. process.cpuUsage() counts every thread of the process, so a pool of
// workers would report each other's work; Linux exposes the calling thread's own CPU time.
import { readFileSync } from 'node:fs';

type ThreadCpuUsage = () => { user: number; system: number };

/** CPU time of the calling thread in milliseconds, or null where the platform does not expose it. */
export function threadCpuMs(): number | null {
  // Node >= 23.9 has it built in.
  const builtIn = (process as unknown as { threadCpuUsage?: ThreadCpuUsage }).threadCpuUsage;
  if (builtIn) {
    const usage = builtIn();
    return (usage.user + usage.system) / 1000;
  }
  try {
    // First field: nanoseconds this thread has spent on a CPU.
    const nanoseconds = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
    return Number.isFinite(nanoseconds) ? nanoseconds / 1e6 : null;
  } catch {
    return null;
  }
}
