import "server-only";
import { AppError } from "@/lib/errors";

/**
 * A token bucket per key: `burst` requests at once, refilled at `perSecond`. Past it, 429. Kept in this process's
 * memory (one server), bounded by the number of users.
 */
function rateLimit(burst: number, perSecond: number, what: string) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (key: string) => {
    const now = Date.now();
    const b = buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    if (b.tokens < 1) throw new AppError("too_many_requests", `Too many ${what}: wait a moment.`);
    b.tokens -= 1;
    buckets.set(key, b);
  };
}

/**
 * Reads of S3 a browser asks for (listings, a bucket's settings, an object's drawer): 100 at once (the buckets overview reads every
 * bucket's settings), then 20 a second, per user.
 */
export const takeLiveRead = rateLimit(100, 20, "live reads of S3");

// Events each watched bucket's sender may deliver, as a token bucket per bucket (bounded by the buckets watched).
const eventTokens = new Map<string, { tokens: number; at: number }>();

/** Whether `count` more events of a bucket fit in its rate (`perSecond`, with ten seconds' worth at once). */
export function takeEvents(bucketKey: string, count: number, perSecond: number, now = Date.now()): boolean {
  const burst = perSecond * 10;
  const b = eventTokens.get(bucketKey) ?? { tokens: burst, at: now };
  b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
  b.at = now;
  eventTokens.set(bucketKey, b);
  if (b.tokens < count) return false;
  b.tokens -= count;
  return true;
}
