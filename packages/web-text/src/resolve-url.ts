// Owns resolving the URLs documents write (relative links, xml:base, canonical and image URLs) against their
// base, refusing what a reader must never follow: schemes that run script or read local data.

const UNSAFE_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:']);

function resolve(href: string | null | undefined, base: string | null | undefined): URL | null {
  const trimmed = href?.trim();
  if (!trimmed) return null;
  try {
    return new URL(trimmed, base ?? undefined);
  } catch {
    return null;
  }
}

/**
 * Resolves `href` against `base`; returns an absolute URL string, or null when neither yields one or the
 * result would run script or read local data (javascript:, data:, vbscript:, file:).
 */
export function resolveUrl(href: string | null | undefined, base: string | null | undefined): string | null {
  const url = resolve(href, base);
  return url === null || UNSAFE_SCHEMES.has(url.protocol) ? null : url.href;
}

/** Like `resolveUrl`, for links a page points readers or images at: http(s) only. */
export function resolveHttpUrl(
  href: string | null | undefined,
  base: string | null | undefined,
): string | null {
  const url = resolve(href, base);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : null;
}

/** True for absolute http(s) URLs. */
export function isHttpUrl(value: string | null | undefined): value is string {
  return resolveHttpUrl(value, null) !== null;
}
