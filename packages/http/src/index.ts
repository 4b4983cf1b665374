// Public surface of @newsq/http: the safe fetch client, body decoding, robots.txt and per-host politeness.
export { blockedAddressReason } from './address-guard';
export { type AcceptKind, parseContentType } from './content-type';
export { type CharsetSource, decodeBody, type SniffedCharset, sniffCharset } from './decode-body';
export { HttpError, type HttpErrorCode, type HttpErrorOptions, isHttpError, parseRetryAfter } from './errors';
export { createMemoryHostLimiter, type HostLimiter, type MemoryHostLimiterOptions } from './host-limiter';
export { createRobotsPolicy, type RobotsPolicy, type RobotsPolicyOptions } from './robots';
export {
  closeSafeFetchConnections,
  DEFAULT_MAX_BYTES,
  DEFAULT_USER_AGENT,
  type FetchRedirect,
  type FetchResult,
  type SafeFetchOptions,
  safeFetch,
} from './safe-fetch';
