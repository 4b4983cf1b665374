// Owns the facts about the machine a benchmark ran on, printed and kept with its figures.
import { availableParallelism, cpus, freemem, loadavg, release, totalmem } from 'node:os';

export interface Machine {
  cores: number;
  cpuModel: string;
  node: string;
  kernel: string;
  memoryBytes: number;
  freeMemoryBytes: number;
  /** 1-minute load average when the bench started: other work on the machine skews every figure. */
  loadAverage: number;
}

export function describeMachine(): Machine {
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    kernel: release(),
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    loadAverage: loadavg()[0] ?? 0,
  };
}
