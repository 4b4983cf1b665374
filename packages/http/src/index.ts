// Public surface of @newsq/http: the safe fetch client, robots.txt and per-host politeness. Decoding the
// bodies it returns is @newsq/web-text's `decodeBody`.
export { blockedAddressReason } from './address-guard';
export type { AcceptKind } from './content-type';
export { HttpError, type HttpErrorCode, type HttpErrorOptions, isHttpError } from './errors';
export { createMemoryHostLimiter, type HostLimiter, type MemoryHostLimiterOptions } from './host-limiter';
export { createRobotsPolicy, type RobotsPolicy, type RobotsPolicyOptions, sitemapsInRobots } from './robots';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_USER_AGENT,
  type FetchRedirect,
  type FetchResult,
  type SafeFetchOptions,
  safeFetch,
} from './safe-fetch';
