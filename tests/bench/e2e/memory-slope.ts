// Owns the soak's judgement of memory over time: the least-squares slope after a warm-up, in MB per
// hour, and whether that is growth or flat within the noise of the samples (GC saw-teeth, caches).
import { fitLinear } from './stats';

export interface MemorySlope {
  samples: number;
  /** Fitted growth, MB per hour. */
  mbPerHour: number;
  /** Standard error of the slope, MB per hour. */
  standardErrorMbPerHour: number;
  /** Growth the slope implies over the fitted window, MB. */
  driftMb: number;
  /** Standard deviation of the samples around the fitted line, MB. */
  noiseMb: number;
  meanMb: number;
  verdict: 'flat' | 'growing' | 'shrinking' | 'too few samples';
}

const MB = 1024 * 1024;

/**
 * Flat when the slope is within two standard errors of zero, or when the drift it implies over the
 * window stays within twice the scatter of the samples: a slope that small is not yet a leak.
 */
export function memorySlope(series: ReadonlyArray<readonly [number, number]>, fromMs: number): MemorySlope {
  const kept = series.filter(([at]) => at >= fromMs);
  const hours = kept.length > 1 ? (kept.at(-1)![0] - kept[0]![0]) / 3_600_000 : 0;
  const fit = fitLinear(kept.map(([at, bytes]) => ({ x: [(at - fromMs) / 3_600_000], y: bytes / MB })));
  const meanMb = kept.reduce((sum, [, bytes]) => sum + bytes / MB, 0) / Math.max(1, kept.length);
  if (!fit || kept.length < 10) {
    return {
      samples: kept.length,
      mbPerHour: Number.NaN,
      standardErrorMbPerHour: Number.NaN,
      driftMb: Number.NaN,
      noiseMb: Number.NaN,
      meanMb,
      verdict: 'too few samples',
    };
  }
  const slope = fit.coefficients[1]!;
  const standardError = fit.standardErrors[1]!;
  const driftMb = slope * hours;
  const flat = Math.abs(slope) <= 2 * standardError || Math.abs(driftMb) <= 2 * fit.residualSd;
  return {
    samples: kept.length,
    mbPerHour: slope,
    standardErrorMbPerHour: standardError,
    driftMb,
    noiseMb: fit.residualSd,
    meanMb,
    verdict: flat ? 'flat' : slope > 0 ? 'growing' : 'shrinking',
  };
}
