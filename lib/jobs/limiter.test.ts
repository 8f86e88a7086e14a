import { describe, expect, it } from "vitest";
import { AdaptiveLimiter, withRetry, type RetryPolicy, type RetryStats } from "@/lib/jobs/limiter";

const stats = (): RetryStats => ({ requests: 0, retries: 0, throttled: 0 });
const throttle = Object.assign(new Error("SlowDown"), { name: "SlowDown" });
const fatal = Object.assign(new Error("AccessDenied"), { name: "AccessDenied" });

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { slept: number[] } {
  const slept: number[] = [];
  return {
    attempts: 5,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    isRetryable: (e) => e === throttle,
    isThrottle: (e) => e === throttle,
    random: () => 1,
    sleep: async (ms) => {
      slept.push(ms);
    },
    slept,
    ...overrides,
  };
}

describe("AdaptiveLimiter", () => {
  it("never lets more than the limit run at once", async () => {
    const limiter = new AdaptiveLimiter(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        await limiter.acquire();
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 1));
        running--;
        limiter.release("ok");
      }),
    );
    expect(peak).toBe(3);
    expect(limiter.inFlight).toBe(0);
  });

  it("halves on throttling, once per burst, and grows back one slot per window of successes", async () => {
    let now = 0;
    const limiter = new AdaptiveLimiter(16, 16, () => now);
    for (let i = 0; i < 4; i++) await limiter.acquire();
    now = 1_000;
    limiter.release("throttled");
    limiter.release("throttled"); // same burst
    expect(limiter.limit).toBe(8);
    now = 2_000;
    limiter.release("throttled");
    expect(limiter.limit).toBe(4);
    for (let i = 0; i < 4; i++) {
      await limiter.acquire();
      limiter.release("ok");
    }
    expect(limiter.limit).toBe(5);
  });

  it("stays between one and the maximum", async () => {
    let now = 0;
    const limiter = new AdaptiveLimiter(2, 2, () => now);
    for (let i = 0; i < 5; i++) {
      now += 1_000;
      await limiter.acquire();
      limiter.release("throttled");
    }
    expect(limiter.limit).toBe(1);
    for (let i = 0; i < 50; i++) {
      await limiter.acquire();
      limiter.release("ok");
    }
    expect(limiter.limit).toBe(2);
  });
});

describe("withRetry", () => {
  it("never sends a request that waited for a slot while its scan was stopped", async () => {
    const limiter = new AdaptiveLimiter(1);
    await limiter.acquire();
    const stop = new AbortController();
    let sent = 0;
    const waiting = withRetry(limiter, policy(), stats(), async () => ++sent, stop.signal);
    stop.abort(new Error("stopped"));
    limiter.release("ok");
    await expect(waiting).rejects.toThrow("stopped");
    expect(sent).toBe(0);
    expect(limiter.inFlight).toBe(0);
  });

  it("retries throttling with exponential backoff up to the cap, then succeeds", async () => {
    const p = policy();
    const s = stats();
    let calls = 0;
    const value = await withRetry(new AdaptiveLimiter(4), p, s, async () => {
      if (++calls < 5) throw throttle;
      return "done";
    });
    expect(value).toBe("done");
    expect(p.slept).toEqual([100, 200, 400, 800]);
    expect(s).toEqual({ requests: 5, retries: 4, throttled: 4 });
  });

  it("spends fewer attempts on a failure that is not throttling, when the policy says so (a hanging endpoint)", async () => {
    const timeout = Object.assign(new Error("timed out"), { name: "TimeoutError" });
    const retryable = (e: unknown) => e === throttle || e === timeout;
    let calls = 0;
    await expect(
      withRetry(
        new AdaptiveLimiter(1),
        policy({ attempts: 10, otherAttempts: 3, isRetryable: retryable }),
        stats(),
        async () => {
          calls++;
          throw timeout;
        },
      ),
    ).rejects.toBe(timeout);
    expect(calls).toBe(3);
    calls = 0;
    await withRetry(
      new AdaptiveLimiter(1),
      policy({ attempts: 10, otherAttempts: 3, isRetryable: retryable }),
      stats(),
      async () => {
        if (++calls < 6) throw throttle;
        return 1;
      },
    );
    expect(calls).toBe(6);
  });

  it("uses full jitter: a random share of the backoff", async () => {
    const p = policy({ random: () => 0.25 });
    await withRetry(new AdaptiveLimiter(1), p, stats(), async () => {
      if (p.slept.length < 2) throw throttle;
      return 1;
    });
    expect(p.slept).toEqual([25, 50]);
  });

  it("gives up after the attempts are spent and throws the last failure", async () => {
    const s = stats();
    await expect(
      withRetry(new AdaptiveLimiter(1), policy({ attempts: 3 }), s, async () => {
        throw throttle;
      }),
    ).rejects.toBe(throttle);
    expect(s.requests).toBe(3);
  });

  it("does not retry what cannot pass on a second try", async () => {
    const s = stats();
    await expect(
      withRetry(new AdaptiveLimiter(1), policy(), s, async () => {
        throw fatal;
      }),
    ).rejects.toBe(fatal);
    expect(s).toEqual({ requests: 1, retries: 0, throttled: 0 });
  });

  it("stops at once when cancelled", async () => {
    const controller = new AbortController();
    controller.abort(new Error("cancelled"));
    await expect(
      withRetry(new AdaptiveLimiter(1), policy(), stats(), async () => 1, controller.signal),
    ).rejects.toThrow("cancelled");
  });
});
