// Owns Content-Encoding decoding with an output cap, so a small gzip/deflate/br bomb cannot expand
// past the byte limit. Truncated streams are decoded as far as they go, as browsers do.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { HttpError } from './errors';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotliDecompress = promisify(zlib.brotliDecompress);

/** Decodes `body` according to a Content-Encoding header (codings applied in order, so undone in reverse). */
export async function decodeContentEncoding(
  body: Uint8Array,
  contentEncoding: string | null,
  maxBytes: number,
  url: string,
): Promise<Uint8Array> {
  const codings = (contentEncoding ?? '')
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity');
  let decoded = body;
  for (const coding of codings.reverse()) {
    decoded = await decodeOne(decoded, coding, maxBytes, url);
  }
  return decoded;
}

async function decodeOne(
  body: Uint8Array,
  coding: string,
  maxBytes: number,
  url: string,
): Promise<Uint8Array> {
  if (body.byteLength === 0) return body;
  // maxOutputLength makes zlib stop and fail as soon as the output passes the cap.
  const zlibOptions = { maxOutputLength: maxBytes, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  try {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return await gunzip(body, zlibOptions);
      case 'deflate':
        // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: a zlib header has CM=8.
        return (body[0]! & 0x0f) === 8
          ? await inflate(body, zlibOptions)
          : await inflateRaw(body, zlibOptions);
      case 'br':
        return await brotliDecompress(body, {
          maxOutputLength: maxBytes,
          finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
        });
      default:
        throw new HttpError('http_bad_encoding', `http: unsupported content-encoding ${coding} from ${url}`, {
          url,
        });
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(
        'http_too_large',
        `http: response over ${formatBytes(maxBytes)} cap after decoding`,
        {
          url,
          cause: error,
        },
      );
    }
    throw new HttpError('http_bad_encoding', `http: corrupt ${coding} body from ${url}`, {
      url,
      cause: error,
    });
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
