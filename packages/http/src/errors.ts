// Owns the typed failures of the HTTP client: one code per outcome, each retryable or permanent.
import { PipelineError } from '@newsq/core';

export type HttpErrorCode =
  | 'http_timeout'
  | 'http_too_large'
  | 'http_not_html'
  | 'http_not_feed'
  | 'http_blocked_address'
  | 'http_redirect_loop'
  | 'http_too_many_redirects'
  | 'http_status'
  | 'http_rate_limited'
  | 'http_network'
  | 'http_bad_url'
  | 'http_bad_encoding'
  | 'http_aborted';

/** Whether a code is worth retrying when no more specific rule (status) applies. */
const RETRYABLE_BY_CODE: Record<HttpErrorCode, boolean> = {
  http_timeout: true,
  http_too_large: false,
  http_not_html: false,
  http_not_feed: false,
  http_blocked_address: false,
  http_redirect_loop: false,
  http_too_many_redirects: false,
  http_status: false,
  http_rate_limited: true,
  http_network: true,
  http_bad_url: false,
  http_bad_encoding: false,
  // The caller cancelled (shutdown): the job should run again later.
  http_aborted: true,
};

export interface HttpErrorOptions {
  status?: number;
  url?: string;
  retryAfterMs?: number;
  retryable?: boolean;
  cause?: unknown;
}

export class HttpError extends PipelineError {
  override readonly code: HttpErrorCode;
  readonly status: number | undefined;
  readonly url: string | undefined;

  constructor(code: HttpErrorCode, message: string, options: HttpErrorOptions = {}) {
    super(code, message, {
      retryable: options.retryable ?? RETRYABLE_BY_CODE[code],
      ...(options.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.name = 'HttpError';
    this.code = code;
    this.status = options.status;
    this.url = options.url;
  }

  override toJSON() {
    return {
      ...super.toJSON(),
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.url === undefined ? {} : { url: this.url }),
    };
  }
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError || (error instanceof Error && error.name === 'HttpError');
}

/** Builds the error for a non-success status: 429/503 rate limiting, 5xx and 408 retryable, other 4xx permanent. */
export function httpStatusError(status: number, url: string, retryAfterMs: number | null): HttpError {
  const retryAfter = retryAfterMs === null ? {} : { retryAfterMs };
  if (status === 429 || status === 503) {
    return new HttpError('http_rate_limited', `http: ${status} from ${url}`, { status, url, ...retryAfter });
  }
  const retryable = status >= 500 || status === 408;
  return new HttpError('http_status', `http: ${status} from ${url}`, {
    status,
    url,
    retryable,
    ...retryAfter,
  });
}
