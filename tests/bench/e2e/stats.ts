// Owns the small statistics the benchmarks report: quantiles, and least-squares fits with the standard
// error of their coefficients (memory slopes, memory per job in flight).

/** The q-quantile of the values by the nearest-rank method; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface LinearFit {
  /** Coefficients: intercept first, then one per regressor. */
  coefficients: number[];
  /** Standard error of each coefficient. */
  standardErrors: number[];
  /** Standard deviation of the residuals. */
  residualSd: number;
  rSquared: number;
  samples: number;
}

/** Solves A x = b for a small square system by Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], vector: number[]): number[] | null {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++)
      if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = a[row]![col]! / a[col]![col]!;
      for (let k = col; k <= n; k++) a[row]![k]! -= factor * a[col]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

function inverse(matrix: number[][]): number[][] | null {
  const n = matrix.length;
  const columns: number[][] = [];
  for (let i = 0; i < n; i++) {
    const column = solve(
      matrix,
      Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
    );
    if (!column) return null;
    columns.push(column);
  }
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => columns[j]![i]!));
}

/** Ordinary least squares of y on the regressors (an intercept is added); null when they are degenerate. */
export function fitLinear(rows: ReadonlyArray<{ x: readonly number[]; y: number }>): LinearFit | null {
  const k = (rows[0]?.x.length ?? 0) + 1;
  if (rows.length <= k) return null;
  const design = rows.map((row) => [1, ...row.x]);
  const xtx = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => design.reduce((sum, d) => sum + d[i]! * d[j]!, 0)),
  );
  const xty = Array.from({ length: k }, (_, i) => design.reduce((sum, d, r) => sum + d[i]! * rows[r]!.y, 0));
  const coefficients = solve(xtx, xty);
  const covariance = inverse(xtx);
  if (!coefficients || !covariance) return null;
  const residuals = rows.map(
    (row, r) => row.y - design[r]!.reduce((sum, d, i) => sum + d * coefficients[i]!, 0),
  );
  const sse = residuals.reduce((sum, e) => sum + e * e, 0);
  const mean = rows.reduce((sum, row) => sum + row.y, 0) / rows.length;
  const sst = rows.reduce((sum, row) => sum + (row.y - mean) ** 2, 0);
  const variance = sse / (rows.length - k);
  return {
    coefficients,
    standardErrors: covariance.map((row, i) => Math.sqrt(Math.max(0, variance * row[i]!))),
    residualSd: Math.sqrt(variance),
    rSquared: sst === 0 ? 1 : 1 - sse / sst,
    samples: rows.length,
  };
}
