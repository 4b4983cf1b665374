// Public surface of @newsq/web-text: the web-text primitives every stage shares, each written once here.
// Bytes to text (charsets), Content-Type, URL resolution and canonical URLs, lenient dates, Retry-After,
// character references and escaping, the boilerplate phrases publishers wrap around stories, stray gzip.
export {
  CREDIT_LINE,
  EMBEDDED_READER_PROMPT,
  LEADING_META,
  READER_PROMPT,
  SUBSCRIPTION_PROMPT,
} from './boilerplate-phrases';
export { type CanonicalizeUrlOptions, canonicalizeUrl } from './canonical-url';
export { type MediaType, parseContentType } from './content-type';
export { type CharsetSource, type DecodedBody, decodeBody, type MarkupKind } from './decode-body';
export { decodeEntities, escapeHtmlAttribute, escapeHtmlText, escapeXml } from './markup-text';
export { parseDate } from './parse-date';
export { isHttpUrl, resolveHttpUrl, resolveUrl } from './resolve-url';
export { parseRetryAfter } from './retry-after';
export { inflateStrayGzip, StrayGzipError } from './stray-gzip';
