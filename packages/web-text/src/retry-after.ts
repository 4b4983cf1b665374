// Owns reading a Retry-After header (RFC 9110): delta-seconds or an HTTP-date, as a delay from now.

/**
 * Parses a Retry-After value into a delay in milliseconds from `now`: delta-seconds or an HTTP-date
 * (a date in the past gives 0). Returns null when absent or unparseable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number | Date = Date.now(),
): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : null;
  }
  // HTTP-dates always name a weekday or month; this rejects strings Date.parse would guess at (e.g. "1.5").
  if (!/[a-z]/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  const nowMs = typeof now === 'number' ? now : now.getTime();
  return Math.max(0, at - nowMs);
}
