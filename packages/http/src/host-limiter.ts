// Owns the per-host politeness contract (max concurrent requests and a minimum delay between request
// starts per host) and its in-process implementation; the Redis one, shared by all workers, lives in
// @newsq/redis (host-limiter.ts).
import { setTimeout as sleep } from 'node:timers/promises';

export interface HostLimiter {
  /**
   * Resolves when a request to `host` may start, with a function that frees the slot. Rejects with the
   * signal's reason if `signal` aborts first, or with a DeferredError (@newsq/core) when the slot is too far
   * away to wait for: the caller should come back at its `retryAt`. `minDelayMs` raises the limiter's own
   * minimum delay for this request (a site's robots.txt `Crawl-delay`).
   */
  acquire(host: string, signal?: AbortSignal, minDelayMs?: number): Promise<() => Promise<void>>;
}

export interface MemoryHostLimiterOptions {
  /** Requests in flight per host. Default 2. */
  maxConcurrency?: number;
  /** Minimum time between two request starts on one host. Default 1000 ms. */
  minDelayMs?: number;
}

interface Waiter {
  grant: () => void;
}

interface HostState {
  active: number;
  /** When the next request may start (ms since epoch): the latest start plus its delay. */
  nextStart: number;
  waiters: Waiter[];
  forgetTimer: NodeJS.Timeout | undefined;
}

/** A FIFO limiter for one process. Idle hosts are forgotten, so memory stays bounded by busy hosts. */
export function createMemoryHostLimiter(options: MemoryHostLimiterOptions = {}): HostLimiter {
  const maxConcurrency = Math.max(1, options.maxConcurrency ?? 2);
  const minDelayMs = Math.max(0, options.minDelayMs ?? 1000);
  const hosts = new Map<string, HostState>();

  function stateOf(host: string): HostState {
    let state = hosts.get(host);
    if (!state) {
      state = { active: 0, nextStart: Number.NEGATIVE_INFINITY, waiters: [], forgetTimer: undefined };
      hosts.set(host, state);
    }
    return state;
  }

  function forgetIfIdle(host: string, state: HostState): void {
    if (state.active !== 0 || state.waiters.length !== 0 || state.forgetTimer) return;
    const remainingDelay = state.nextStart - Date.now();
    if (remainingDelay <= 0) {
      hosts.delete(host);
      return;
    }
    // Keep the host until its delay has passed, then drop it if still idle.
    state.forgetTimer = setTimeout(() => {
      state.forgetTimer = undefined;
      forgetIfIdle(host, state);
    }, remainingDelay);
    state.forgetTimer.unref();
  }

  // A freed slot passes straight to the oldest waiter, so `active` only drops when nobody waits.
  function release(host: string, state: HostState): void {
    const next = state.waiters.shift();
    if (next) {
      next.grant();
      return;
    }
    state.active--;
    forgetIfIdle(host, state);
  }

  return {
    async acquire(host, signal, hostDelayMs = 0) {
      signal?.throwIfAborted();
      const state = stateOf(host);
      if (state.active < maxConcurrency && state.waiters.length === 0) {
        state.active++;
      } else {
        await new Promise<void>((resolve, reject) => {
          const waiter: Waiter = {
            grant: () => {
              signal?.removeEventListener('abort', onAbort);
              resolve();
            },
          };
          const onAbort = () => {
            state.waiters.splice(state.waiters.indexOf(waiter), 1);
            forgetIfIdle(host, state);
            reject(signal?.reason);
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          state.waiters.push(waiter);
        });
      }
      const startAt = Math.max(Date.now(), state.nextStart);
      state.nextStart = startAt + Math.max(minDelayMs, hostDelayMs);
      const waitMs = startAt - Date.now();
      let released = false;
      const releaseOnce = async () => {
        if (released) return;
        released = true;
        release(host, state);
      };
      if (waitMs > 0) {
        try {
          await sleep(waitMs, undefined, { signal });
        } catch (error) {
          await releaseOnce();
          throw error;
        }
      }
      return releaseOnce;
    },
  };
}
