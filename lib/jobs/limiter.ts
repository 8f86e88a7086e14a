/**
 * Concurrency that adapts to the server: additive increase (one more slot after a full window of successes),
 * multiplicative decrease (half the slots on throttling), never above the configured maximum nor below one.
 */
export class AdaptiveLimiter {
  private active = 0;
  private successes = 0;
  private lastDecrease = 0;
  private waiters: (() => void)[] = [];
  limit: number;

  constructor(
    readonly max: number,
    initial = max,
    private readonly now: () => number = Date.now,
  ) {
    this.limit = Math.max(1, Math.min(max, initial));
  }

  get inFlight(): number {
    return this.active;
  }

  async acquire(): Promise<void> {
    while (this.active >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.active++;
  }

  release(outcome: "ok" | "throttled" | "failed"): void {
    this.active--;
    if (outcome === "ok") {
      if (++this.successes >= this.limit && this.limit < this.max) {
        this.limit++;
        this.successes = 0;
      }
    } else if (outcome === "throttled") {
      this.successes = 0;
      // Requests in flight when the server pushed back report it together: halve once per burst, not per reply.
      if (this.now() - this.lastDecrease > 100) {
        this.limit = Math.max(1, Math.floor(this.limit / 2));
        this.lastDecrease = this.now();
      }
    }
    this.wake();
  }

  private wake() {
    // Woken waiters re-check the limit in acquire(); there are never more of them than workers.
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}

export type RetryPolicy = {
  attempts: number;
  /** Attempts for a retryable failure that is not throttling (a timeout, a 5xx), when fewer than `attempts`. */
  otherAttempts?: number;
  baseDelayMs: number;
  maxDelayMs: number;
  isRetryable: (error: unknown) => boolean;
  isThrottle: (error: unknown) => boolean;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
};

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

export type RetryStats = { requests: number; retries: number; throttled: number };

/**
 * Runs `attempt` under the limiter, retrying retryable failures with exponential backoff and full jitter. The last
 * failure is thrown once the attempts are spent.
 */
export async function withRetry<T>(
  limiter: AdaptiveLimiter,
  policy: RetryPolicy,
  stats: RetryStats,
  attempt: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const random = policy.random ?? Math.random;
  const sleep = policy.sleep ?? defaultSleep;
  for (let n = 1; ; n++) {
    signal?.throwIfAborted();
    await limiter.acquire();
    // The wait for a slot can outlast the scan: a request for a stopped scan is not sent.
    if (signal?.aborted) {
      limiter.release("failed");
      signal.throwIfAborted();
    }
    stats.requests++;
    let result: T;
    try {
      result = await attempt();
    } catch (error) {
      const throttled = policy.isThrottle(error);
      limiter.release(throttled ? "throttled" : "failed");
      if (throttled) stats.throttled++;
      const spent = n >= (throttled ? policy.attempts : (policy.otherAttempts ?? policy.attempts));
      if (signal?.aborted || spent || !policy.isRetryable(error)) throw error;
      stats.retries++;
      await sleep(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1)), signal);
      continue;
    }
    limiter.release("ok");
    return result;
  }
}
