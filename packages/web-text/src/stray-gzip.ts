// Owns inflating bodies some servers send gzip-compressed without saying so (no Content-Encoding): feeds and
// sitemaps (`sitemap.xml.gz`) alike, within the caller's byte cap.
import { gunzipSync } from 'node:zlib';

export class StrayGzipError extends Error {
  constructor(
    readonly reason: 'too_large' | 'corrupt',
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'StrayGzipError';
  }
}

/** The body inflated when it starts with the gzip magic bytes, else as it is; throws StrayGzipError. */
export function inflateStrayGzip(
  body: Uint8Array,
  maxBytes: number,
): { bytes: Uint8Array; inflated: boolean } {
  if (body[0] !== 0x1f || body[1] !== 0x8b) return { bytes: body, inflated: false };
  try {
    return { bytes: gunzipSync(body, { maxOutputLength: maxBytes }), inflated: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new StrayGzipError('too_large', `gzip body inflates past the ${maxBytes}-byte cap`, {
        cause: error,
      });
    }
    throw new StrayGzipError('corrupt', `corrupt gzip body: ${(error as Error).message}`, { cause: error });
  }
}
