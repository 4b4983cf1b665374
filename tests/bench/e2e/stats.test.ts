import { describe, expect, it } from 'vitest';
import { memorySlope } from './memory-slope';
import { fitLinear, quantile } from './stats';

describe('quantile', () => {
  it('takes the nearest rank', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('fitLinear', () => {
  it('recovers the coefficients of an exact plane', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({
      x: [i, (i * 7) % 5],
      y: 3 + 2 * i - 0.5 * ((i * 7) % 5),
    }));
    const fit = fitLinear(rows)!;
    expect(fit.coefficients[0]).toBeCloseTo(3, 9);
    expect(fit.coefficients[1]).toBeCloseTo(2, 9);
    expect(fit.coefficients[2]).toBeCloseTo(-0.5, 9);
    expect(fit.rSquared).toBeCloseTo(1, 9);
  });

  it('is null for degenerate regressors', () => {
    expect(fitLinear([1, 2, 3, 4].map((i) => ({ x: [i, 2 * i], y: i })))).toBeNull();
    expect(fitLinear([{ x: [1], y: 1 }])).toBeNull();
  });
});

describe('memorySlope', () => {
  const minutes = (n: number) => n * 60_000;
  const MB = 1024 * 1024;
  // A GC saw-tooth of ±8 MB around a level, one sample every 5 s for 20 minutes.
  const sawTooth = (index: number) => ((index % 12) - 6) * 1.3 * MB;

  it('calls a saw-tooth around a level flat', () => {
    const series = Array.from({ length: 240 }, (_, i) => [i * 5_000, 200 * MB + sawTooth(i)] as const);
    const slope = memorySlope(series, minutes(2));
    expect(slope.verdict).toBe('flat');
    expect(Math.abs(slope.mbPerHour)).toBeLessThan(20);
  });

  it('calls a steady climb growth and measures it in MB per hour', () => {
    // 60 MB an hour is 1 MB a minute.
    const series = Array.from(
      { length: 240 },
      (_, i) => [i * 5_000, 200 * MB + (i / 12) * MB + sawTooth(i)] as const,
    );
    const slope = memorySlope(series, minutes(2));
    expect(slope.verdict).toBe('growing');
    expect(slope.mbPerHour).toBeGreaterThan(50);
    expect(slope.mbPerHour).toBeLessThan(70);
  });

  it('ignores the warm-up and refuses to judge a handful of samples', () => {
    const warmingUp = Array.from(
      { length: 240 },
      (_, i) => [i * 5_000, (i < 24 ? 50 + i * 6 : 200) * MB] as const,
    );
    expect(memorySlope(warmingUp, minutes(2)).verdict).toBe('flat');
    expect(memorySlope(warmingUp.slice(0, 30), minutes(2)).verdict).toBe('too few samples');
  });
});
