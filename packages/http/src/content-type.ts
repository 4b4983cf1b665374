// Owns media-type checks: deciding whether a response is what the caller asked for (an HTML page, or
// anything a feed parser could read).
import { parseContentType } from '@newsq/web-text';

export type AcceptKind = 'html' | 'feed' | 'any';

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Whether a media type can be a feed (or a sitemap): any XML, JSON or text type. `application/octet-stream`
 * and a missing type pass too, because many feed servers are misconfigured, and gzip, because sitemaps are
 * often served as `.xml.gz` files; the parser decides from the bytes.
 */
function isFeedType(essence: string): boolean {
  if (['application/octet-stream', 'application/gzip', 'application/x-gzip'].includes(essence)) return true;
  if (essence.startsWith('text/')) return true;
  const subtype = essence.slice(essence.indexOf('/') + 1);
  return (
    /(^|[+.-])(xml|json|rss|atom|rdf)($|[+.-])/.test(subtype) || subtype === 'x-rss' || subtype === 'x-atom'
  );
}

/** Returns true when `contentType` is acceptable for `kind` (a missing type is judged by sniffing `body`). */
export function isAcceptedType(kind: AcceptKind, contentType: string | null, body: Uint8Array): boolean {
  if (kind === 'any') return true;
  const media = parseContentType(contentType);
  if (kind === 'feed') return media === null || isFeedType(media.essence);
  if (media === null) return looksLikeHtml(body);
  return HTML_TYPES.has(media.essence);
}

/** Sniffs the start of an untyped body for an HTML document, as browsers do when no type is sent. */
function looksLikeHtml(body: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(body.subarray(0, 512)).replace(/^ï»¿/, '').trimStart();
  return /^<(!doctype html|html|head|body|!--|meta|title)[\s>]/i.test(head);
}
