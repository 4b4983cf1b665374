// Owns reading a response's freshness hints (Cache-Control max-age, Expires) so pollers can adapt.

export interface Freshness {
  maxAgeSeconds: number | null;
  /** ISO 8601; null when absent or not a valid date. */
  expiresAt: string | null;
}

export function parseFreshness(headers: Record<string, string | undefined>): Freshness {
  const maxAge = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/i.exec(headers['cache-control'] ?? '');
  const expires = headers.expires ? Date.parse(headers.expires) : Number.NaN;
  return {
    maxAgeSeconds: maxAge?.[1] ? Number(maxAge[1]) : null,
    expiresAt: Number.isNaN(expires) ? null : new Date(expires).toISOString(),
  };
}
