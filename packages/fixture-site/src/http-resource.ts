// Owns serving one prepared response the way a well-behaved news site does: validators (ETag,
// Last-Modified), 304s for conditional requests, HEAD, and gzip for clients that accept it.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { gzipSync } from 'node:zlib';
import { rfc822 } from './render-feed';

export interface Resource {
  body: Buffer;
  /** The body gzip-compressed, for clients that accept it; null to always send it as is. */
  gzipped: Buffer | null;
  contentType: string;
  etag: string;
  lastModified: string | null;
  cacheControl: string;
}

export function resource(
  body: string,
  contentType: string,
  lastModifiedIso: string | null,
  options: { gzip?: boolean; cacheControl?: string } = {},
): Resource {
  const bytes = Buffer.from(body, 'utf8');
  return {
    body: bytes,
    gzipped: options.gzip ? gzipSync(bytes) : null,
    contentType,
    etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`,
    lastModified: lastModifiedIso === null ? null : rfc822(lastModifiedIso),
    cacheControl: options.cacheControl ?? 'public, max-age=60',
  };
}

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since; ETags compare weakly for GET/HEAD. */
export function isNotModified(request: http.IncomingMessage, served: Resource): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === served.etag);
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined || served.lastModified === null) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Date.parse(served.lastModified) <= since;
}

const acceptsGzip = (request: http.IncomingMessage) =>
  /\bgzip\b/i.test(String(request.headers['accept-encoding'] ?? ''));

/** Answers a GET or HEAD with the resource, or 304 when the client's copy is current. */
export function sendResource(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  served: Resource,
): void {
  const headers: Record<string, string | number> = {
    etag: served.etag,
    'cache-control': served.cacheControl,
  };
  if (served.lastModified !== null) headers['last-modified'] = served.lastModified;
  if (served.gzipped !== null) headers.vary = 'accept-encoding';
  if (isNotModified(request, served)) {
    response.writeHead(304, headers).end();
    return;
  }
  const gzip = served.gzipped !== null && acceptsGzip(request);
  const body = gzip ? served.gzipped! : served.body;
  if (gzip) headers['content-encoding'] = 'gzip';
  response.writeHead(200, { ...headers, 'content-type': served.contentType, 'content-length': body.length });
  response.end(request.method === 'HEAD' ? undefined : body);
}
