// Owns safeFetch: one GET (or a form POST) with deadlines, a byte cap (raw and decoded), manual bounded redirects, the
// SSRF guard on every hop, per-host politeness, conditional GET, and every outcome mapped to an HttpError.
import { isIP } from 'node:net';
import { parseContentType, parseRetryAfter } from '@newsq/web-text';
import { Agent, request } from 'undici';
import { blockedAddressError, blockedAddressReason, guardedLookup } from './address-guard';
import { type AcceptKind, isAcceptedType } from './content-type';
import { decodeContentEncoding, formatBytes } from './decompress';
import { HttpError, httpStatusError, isHttpError } from './errors';
import { parseFreshness } from './freshness';
import type { HostLimiter } from './host-limiter';

/** The one User-Agent newsq sends (FETCH_USER_AGENT overrides it for fetches). */
export const DEFAULT_USER_AGENT = 'newsq/0.1 (+https://github.com/newsq/newsq)';
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export interface SafeFetchOptions {
  /** html: text/html and XHTML only; feed: XML/RSS/Atom/JSON/text (not images or binaries); any: no check. */
  accept: AcceptKind;
  /** Cap on the body, checked while streaming and again after decompression. Default 5 MiB. */
  maxBytes?: number;
  /** TCP (+TLS) connect deadline per hop. Default 10 s. */
  connectTimeoutMs?: number;
  /** Deadline from sending a request to receiving its headers. Default 15 s. */
  headersTimeoutMs?: number;
  /** Deadline for the whole fetch, all hops and body included (waits for a politeness slot excluded). Default 30 s. */
  totalTimeoutMs?: number;
  /** Default 5; a redirect back to an already visited URL fails at once as a loop. */
  maxRedirects?: number;
  /** Allow loopback/private/link-local/... addresses. Default false: only for tests and local demos. */
  allowPrivateNetworks?: boolean;
  /**
   * Hosts (`host:port` as in the URL, or a bare hostname) exempt from the private-network guard, e.g. an
   * intranet feed server. Every other hop, including redirects from these hosts, is still guarded.
   */
  allowedPrivateHosts?: readonly string[];
  userAgent?: string;
  /** Validators from the previous response: sent as If-None-Match / If-Modified-Since. */
  etag?: string | null;
  lastModified?: string | null;
  /** Extra request headers (e.g. Accept-Language). */
  headers?: Record<string, string>;
  /**
   * Sends a POST with this form (application/x-www-form-urlencoded) instead of a GET, e.g. a WebSub
   * subscription request. Only 307/308 redirects are followed then (they keep the method and the form);
   * a 301/302/303 would turn it into a GET that asks for something else, so it fails as `http_status`.
   */
  form?: string;
  /** Cancels the fetch (e.g. at shutdown): fails with the retryable `http_aborted`. */
  signal?: AbortSignal;
  /** Per-host politeness: a slot is held for each hop from request start until its body is read. */
  hostLimiter?: HostLimiter;
  /** The least time between two requests to the host the limiter must keep, when the site asks for more
   * than the limiter's own (robots.txt `Crawl-delay`). */
  hostDelayMs?: number;
}

export interface FetchRedirect {
  from: string;
  to: string;
  status: number;
}

export interface FetchResult {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  /** Decoded (decompressed) body; empty on 304. */
  body: Uint8Array;
  contentType: string | null;
  notModified: boolean;
  redirects: FetchRedirect[];
  /**
   * Where the requested URL now permanently lives: the target of the last redirect in the unbroken run of
   * 301/308 redirects that starts the chain (a temporary redirect before it means the URL is still right).
   */
  permanentRedirectTo: string | null;
  etag: string | null;
  lastModified: string | null;
  cacheControlMaxAgeSeconds: number | null;
  expiresAt: string | null;
}

interface ResolvedOptions {
  accept: AcceptKind;
  form: string | undefined;
  maxBytes: number;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  totalTimeoutMs: number;
  maxRedirects: number;
  allowPrivateNetworks: boolean;
  allowedPrivateHosts: ReadonlySet<string>;
  requestHeaders: Record<string, string>;
  signal: AbortSignal | undefined;
  hostLimiter: HostLimiter | undefined;
  hostDelayMs: number;
}

const ACCEPT_HEADERS: Record<AcceptKind, string> = {
  html: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
  feed: 'application/rss+xml,application/atom+xml,application/feed+json,application/rdf+xml;q=0.9,application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,*/*;q=0.5',
  any: '*/*',
};

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT_REDIRECT_STATUSES = new Set([301, 308]);
const FORM_REDIRECT_STATUSES = new Set([307, 308]);

export async function safeFetch(url: string, options: SafeFetchOptions): Promise<FetchResult> {
  const resolved = resolveOptions(options);
  let current = parseFetchUrl(url);
  const visited = new Set([withoutHash(current)]);
  const redirects: FetchRedirect[] = [];
  let permanentRedirectTo: string | null = null;
  let permanentRunIntact = true;
  let remainingMs = resolved.totalTimeoutMs;

  for (;;) {
    const hop = await fetchHop(current, resolved, remainingMs);
    remainingMs -= hop.elapsedMs;

    if (hop.kind === 'response') {
      return buildResult(current, hop, redirects, permanentRedirectTo, resolved);
    }
    const target = resolveRedirect(hop.location, current);
    redirects.push({ from: current.href, to: target.href, status: hop.status });
    if (permanentRunIntact && PERMANENT_REDIRECT_STATUSES.has(hop.status)) permanentRedirectTo = target.href;
    else permanentRunIntact = false;

    if (visited.has(withoutHash(target))) {
      throw new HttpError('http_redirect_loop', `http: redirect loop back to ${target.href}`, { url });
    }
    if (redirects.length > resolved.maxRedirects) {
      const message = `http: more than ${resolved.maxRedirects} redirects from ${url}`;
      throw new HttpError('http_too_many_redirects', message, { url });
    }
    if (remainingMs <= 0) throw deadlineError(resolved.totalTimeoutMs, url);
    visited.add(withoutHash(target));
    current = target;
  }
}

/** `elapsedMs` is the hop's network time: the wait for a politeness slot is not charged to the deadline. */
type HopOutcome = { elapsedMs: number } & (
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'response'; status: number; headers: Record<string, string>; body: Uint8Array }
);

async function fetchHop(url: URL, options: ResolvedOptions, budgetMs: number): Promise<HopOutcome> {
  const guarded = !options.allowPrivateNetworks && !isExempt(url, options.allowedPrivateHosts);
  if (guarded) refuseBlockedLiteral(url);

  const release = options.hostLimiter ? await acquireSlot(options.hostLimiter, url, options) : null;
  // One controller for both the caller's signal and the deadline (a listener removed in `finally`, since
  // AbortSignal.any on a long-lived caller signal has leaked in some Node 20 releases).
  const controller = new AbortController();
  const started = performance.now();
  let deadlineFired = false;
  const timer = setTimeout(
    () => {
      deadlineFired = true;
      controller.abort();
    },
    Math.max(1, budgetMs),
  );
  const onCallerAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const href = url.href;
  try {
    const response = await request(withoutHash(url), {
      method: options.form === undefined ? 'GET' : 'POST',
      dispatcher: dispatcherFor(guarded, options.connectTimeoutMs),
      headers:
        options.form === undefined
          ? options.requestHeaders
          : { ...options.requestHeaders, 'content-type': 'application/x-www-form-urlencoded' },
      ...(options.form === undefined ? {} : { body: options.form }),
      signal: controller.signal,
      headersTimeout: options.headersTimeoutMs,
      // The total deadline bounds slow bodies; this only catches a stalled socket sooner.
      bodyTimeout: Math.max(1, budgetMs),
    });
    const headers = flattenHeaders(response.headers);
    const { statusCode: status, body } = response;

    const location = headers.location;
    const followed = options.form === undefined ? REDIRECT_STATUSES : FORM_REDIRECT_STATUSES;
    if (followed.has(status) && location) {
      await body.dump();
      return { kind: 'redirect', status, location, elapsedMs: performance.now() - started };
    }
    if (status === 304 || status < 200 || status >= 300) {
      await body.dump();
      if (status === 304) {
        return {
          kind: 'response',
          status,
          headers,
          body: new Uint8Array(0),
          elapsedMs: performance.now() - started,
        };
      }
      throw httpStatusError(status, href, parseRetryAfter(headers['retry-after']));
    }
    const contentType = headers['content-type'] ?? null;
    // A usable Content-Type is checked before the body is read; a missing or garbled one after, by sniffing.
    const typed = parseContentType(contentType) !== null;
    if (typed && !isAcceptedType(options.accept, contentType, new Uint8Array(0))) {
      await body.dump();
      throw notAcceptedError(options.accept, contentType, href);
    }
    const declaredLength = Number(headers['content-length']);
    if (Number.isFinite(declaredLength) && declaredLength > options.maxBytes) {
      body.destroy();
      throw tooLargeError(options.maxBytes, href);
    }
    const raw = await readCapped(body, options.maxBytes, href);
    const decoded = await decodeContentEncoding(
      raw,
      headers['content-encoding'] ?? null,
      options.maxBytes,
      href,
    );
    if (!typed && !isAcceptedType(options.accept, contentType, decoded)) {
      throw notAcceptedError(options.accept, contentType, href);
    }
    return { kind: 'response', status, headers, body: decoded, elapsedMs: performance.now() - started };
  } catch (error) {
    throw toHttpError(error, href, options, deadlineFired, budgetMs);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
    if (release) await release().catch(() => undefined);
  }
}

async function acquireSlot(limiter: HostLimiter, url: URL, { signal, hostDelayMs }: ResolvedOptions) {
  try {
    return await limiter.acquire(url.hostname, signal, hostDelayMs);
  } catch (error) {
    if (signal?.aborted)
      throw new HttpError('http_aborted', `http: fetch of ${url.href} cancelled`, { url: url.href });
    throw error;
  }
}

async function readCapped(
  body: AsyncIterable<Uint8Array> & { destroy(): unknown },
  maxBytes: number,
  url: string,
) {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      body.destroy();
      throw tooLargeError(maxBytes, url);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function buildResult(
  url: URL,
  hop: Extract<HopOutcome, { kind: 'response' }>,
  redirects: FetchRedirect[],
  permanentRedirectTo: string | null,
  options: ResolvedOptions,
): FetchResult {
  const notModified = hop.status === 304;
  const freshness = parseFreshness(hop.headers);
  // A 304 may omit the validators; the ones sent are still current then.
  const sentEtag = options.requestHeaders['if-none-match'] ?? null;
  const sentLastModified = options.requestHeaders['if-modified-since'] ?? null;
  return {
    url: url.href,
    status: hop.status,
    headers: hop.headers,
    body: hop.body,
    contentType: hop.headers['content-type'] ?? null,
    notModified,
    redirects,
    permanentRedirectTo,
    etag: hop.headers.etag ?? (notModified ? sentEtag : null),
    lastModified: hop.headers['last-modified'] ?? (notModified ? sentLastModified : null),
    cacheControlMaxAgeSeconds: freshness.maxAgeSeconds,
    expiresAt: freshness.expiresAt,
  };
}

function resolveOptions(options: SafeFetchOptions): ResolvedOptions {
  const requestHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {}))
    requestHeaders[name.toLowerCase()] = value;
  requestHeaders['user-agent'] = options.userAgent ?? DEFAULT_USER_AGENT;
  requestHeaders.accept ??= ACCEPT_HEADERS[options.accept];
  requestHeaders['accept-encoding'] = 'gzip, deflate, br';
  if (options.etag) requestHeaders['if-none-match'] = options.etag;
  if (options.lastModified) requestHeaders['if-modified-since'] = options.lastModified;
  return {
    accept: options.accept,
    form: options.form,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    headersTimeoutMs: options.headersTimeoutMs ?? 15_000,
    totalTimeoutMs: options.totalTimeoutMs ?? 30_000,
    maxRedirects: options.maxRedirects ?? 5,
    allowPrivateNetworks: options.allowPrivateNetworks ?? false,
    allowedPrivateHosts: new Set((options.allowedPrivateHosts ?? []).map((host) => host.toLowerCase())),
    requestHeaders,
    signal: options.signal,
    hostLimiter: options.hostLimiter,
    hostDelayMs: options.hostDelayMs ?? 0,
  };
}

function parseFetchUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new HttpError('http_bad_url', `http: invalid URL ${JSON.stringify(url)}`, { url, cause: error });
  }
  checkFetchable(parsed);
  return parsed;
}

function resolveRedirect(location: string, base: URL): URL {
  let target: URL;
  try {
    target = new URL(location, base);
  } catch (error) {
    throw new HttpError(
      'http_bad_url',
      `http: invalid redirect ${JSON.stringify(location)} from ${base.href}`,
      {
        url: base.href,
        cause: error,
      },
    );
  }
  checkFetchable(target);
  return target;
}

function checkFetchable(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpError('http_bad_url', `http: unsupported scheme ${url.protocol} in ${url.href}`, {
      url: url.href,
    });
  }
  if (url.username || url.password) {
    throw new HttpError('http_bad_url', `http: credentials in URL are not supported (${url.host})`, {
      url: url.href,
    });
  }
}

function withoutHash(url: URL): string {
  return url.hash ? url.href.slice(0, url.href.length - url.hash.length) : url.href;
}

function isExempt(url: URL, exemptions: ReadonlySet<string>): boolean {
  return exemptions.size > 0 && (exemptions.has(url.host) || exemptions.has(url.hostname));
}

/** Connecting to an IP literal skips DNS lookup, so the guard checks literals here. */
function refuseBlockedLiteral(url: URL): void {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) === 0) return;
  const reason = blockedAddressReason(host);
  if (reason !== null) throw blockedAddressError(host, host, reason);
}

// One keep-alive pool per (guarded, connect timeout) pair, shared by all fetches in the process.
const dispatchers = new Map<string, Agent>();

function dispatcherFor(guarded: boolean, connectTimeoutMs: number): Agent {
  const key = `${guarded}|${connectTimeoutMs}`;
  let agent = dispatchers.get(key);
  if (!agent) {
    agent = new Agent({
      connect: guarded ? { timeout: connectTimeoutMs, lookup: guardedLookup } : { timeout: connectTimeoutMs },
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 15_000,
    });
    dispatchers.set(key, agent);
  }
  return agent;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

const TIMEOUT_CODES: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'headers timeout',
  UND_ERR_BODY_TIMEOUT: 'body timeout',
  ETIMEDOUT: 'connect timeout',
};

function toHttpError(
  error: unknown,
  url: string,
  options: ResolvedOptions,
  deadlineFired: boolean,
  budgetMs: number,
): HttpError {
  const known = findInCauses(error, isHttpError);
  if (known) return known;
  if (deadlineFired) return deadlineError(options.totalTimeoutMs, url, budgetMs, error);
  if (options.signal?.aborted)
    return new HttpError('http_aborted', `http: fetch of ${url} cancelled`, { url, cause: error });
  const code = findInCauses(
    error,
    (e): e is NodeJS.ErrnoException => typeof (e as { code?: unknown }).code === 'string',
  )?.code;
  if (code && TIMEOUT_CODES[code]) {
    return new HttpError('http_timeout', `http: ${TIMEOUT_CODES[code]} for ${url}`, { url, cause: error });
  }
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new HttpError('http_network', `http: network error (${detail}) for ${url}`, { url, cause: error });
}

function deadlineError(totalMs: number, url: string, budgetMs?: number, cause?: unknown): HttpError {
  const left =
    budgetMs !== undefined && budgetMs < totalMs ? ` (${Math.round(budgetMs)} ms left for this hop)` : '';
  return new HttpError('http_timeout', `http: total deadline of ${totalMs} ms exceeded for ${url}${left}`, {
    url,
    ...(cause === undefined ? {} : { cause }),
  });
}

function tooLargeError(maxBytes: number, url: string): HttpError {
  return new HttpError('http_too_large', `http: response over ${formatBytes(maxBytes)} cap from ${url}`, {
    url,
  });
}

function notAcceptedError(accept: AcceptKind, contentType: string | null, url: string): HttpError {
  const shown = contentType ?? 'no content-type';
  return accept === 'html'
    ? new HttpError('http_not_html', `http: not HTML (${shown}) at ${url}`, { url })
    : new HttpError('http_not_feed', `http: not a feed type (${shown}) at ${url}`, { url });
}

function findInCauses<T>(error: unknown, predicate: (value: unknown) => value is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
    if (predicate(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
