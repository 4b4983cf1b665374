// Owns the error vocabulary shared by every package: each failure is either
// retryable or permanent, with a stable `code` that survives serialisation
// (BullMQ stores only name/message, so errors are recognised by name/code, not instanceof).

export interface PipelineErrorOptions {
  retryable: boolean;
  /** Delay the next attempt by at least this long (e.g. from Retry-After). */
  retryAfterMs?: number;
  cause?: unknown;
}

export class PipelineError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, options: PipelineErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PipelineError';
    this.code = code;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }

  toJSON(): { name: string; code: string; message: string; retryable: boolean; retryAfterMs?: number } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    };
  }
}

export class RetryableError extends PipelineError {
  constructor(code: string, message: string, options: Omit<PipelineErrorOptions, 'retryable'> = {}) {
    super(code, message, { ...options, retryable: true });
    this.name = 'RetryableError';
  }
}

export class PermanentError extends PipelineError {
  constructor(code: string, message: string, options: Omit<PipelineErrorOptions, 'retryable'> = {}) {
    super(code, message, { ...options, retryable: false });
    this.name = 'PermanentError';
  }
}

/** Duck-typed check so errors from other realms (worker threads, other copies of this package) still count. */
export function isPipelineError(error: unknown): error is PipelineError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { retryable?: unknown }).retryable === 'boolean'
  );
}

/** Unknown errors (bugs, library throws) are treated as retryable: a transient cause is likelier than not. */
export function isRetryable(error: unknown): boolean {
  return isPipelineError(error) ? error.retryable : true;
}

export type Dependency = 'redis' | 'database';

/**
 * Infrastructure the job needs is unreachable (Redis down or refusing writes, the database down).
 * Not the job's fault: the runner waits for the dependency and runs the job again without
 * spending one of its attempts.
 */
export class DependencyUnavailableError extends RetryableError {
  readonly dependency: Dependency;

  constructor(dependency: Dependency, message: string, options: { cause?: unknown } = {}) {
    super(`${dependency}_unavailable`, message, options);
    this.name = 'DependencyUnavailableError';
    this.dependency = dependency;
  }
}

/** The dependency an error says is unreachable, or null when the error is the job's own. */
export function unavailableDependency(error: unknown): Dependency | null {
  const dependency = (error as { dependency?: unknown } | null)?.dependency;
  return dependency === 'redis' || dependency === 'database' ? dependency : null;
}

/**
 * Not now, and not the job's fault: a limit the job shares with others is full (a webhook
 * subscription's deliveries in flight). The runner puts the job back for `delayMs` without spending
 * an attempt and frees the worker's slot for other jobs.
 */
export class DeferredError extends Error {
  readonly code = 'deferred';
  readonly retryable = true;
  readonly delayMs: number;

  constructor(message: string, delayMs: number) {
    super(message);
    this.name = 'DeferredError';
    this.delayMs = delayMs;
  }
}

/** The delay a deferral asks for, or null when the error is not a deferral (recognised by code). */
export function deferralDelayMs(error: unknown): number | null {
  const candidate = error as { code?: unknown; delayMs?: unknown } | null;
  return candidate?.code === 'deferred' && typeof candidate.delayMs === 'number' ? candidate.delayMs : null;
}
