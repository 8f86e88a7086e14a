import "server-only";
import { describeFailure, isRetryable, isThrottle } from "@/lib/aws/errors";
import { readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { getConnection } from "@/lib/db/connections";
import {
  claimPendingEvents,
  completeEvent,
  failEvent,
  hasOpenLiveFinding,
  ownFixJob,
  retryEventAt,
  watchedBucket,
  type LiveCheck,
  type StoredEvent,
} from "@/lib/db/watch";
import { inspectKeys } from "@/lib/jobs/inspect";
import { AdaptiveLimiter, withRetry, type RetryPolicy } from "@/lib/jobs/limiter";
import { writtenByOwner } from "@/lib/watch/events";
import { arrivalOutcome } from "@/lib/watch/live";

/** Called after each event's check has been committed: alerts and fixing by rule start here. */
export type AfterCheck = (db: Db, event: StoredEvent, seq: number | null, check: LiveCheck | null) => void;

export type CheckerOptions = {
  /** Most checks in flight at once; the limiter halves it when S3 throttles and grows it back. */
  concurrency?: number;
  /** How often the queue is looked at when nobody wakes the checker (events stored by another process). */
  idleMs?: number;
  retry?: Partial<RetryPolicy>;
  afterCheck?: AfterCheck;
};

// An event whose check failed this many times (S3 unreachable, the read role refused) is kept as failed; between
// attempts it waits 1 s, 2 s, 4 s… at most a minute, so an outage of a few minutes fails nothing.
const MAX_ATTEMPTS = 10;
export const recheckDelayMs = (attempts: number) => Math.min(1_000 * 2 ** (attempts - 1), 60_000);

/** Checks one stored event's object as a scan would (owner, then the bucket owner's access) and commits it. */
async function checkEvent(
  db: Db,
  event: StoredEvent,
  limiter: AdaptiveLimiter,
  retry: RetryPolicy,
): Promise<{ seq: number | null; check: LiveCheck | null }> {
  const watch = watchedBucket(db, event.connectionId, event.bucket);
  const connection = getConnection(db, event.connectionId);
  if (!watch || !connection) return { seq: completeEvent(db, event, "skipped", null), check: null };
  // The bucket owner's own writes are no arrivals; one that changes a key still on the live record is checked, so the
  // record shows what it is now.
  if (
    writtenByOwner(event, [watch.ownerId]) &&
    !hasOpenLiveFinding(db, event.connectionId, event.bucket, event.key)
  )
    return { seq: completeEvent(db, event, "skipped", null), check: null };
  const stats = { requests: 0, retries: 0, throttled: 0 };
  const { found } = await withRetry(limiter, retry, stats, () =>
    inspectKeys(readTargetOf(connection), event.bucket, watch.ownerId, [event.key]),
  );
  const subject = found[0];
  // A fix of Ownerscope's own wrote it when a job wrote this ETag (looked up only for what a fix leaves).
  let fixedBy: number | null = null;
  const seen = subject ? { status: subject.status!, lastModified: subject.lastModified ?? null } : null;
  const outcome = arrivalOutcome(seen, event, watch.createdAt, () => {
    fixedBy = ownFixJob(db, event, subject!.etag);
    return fixedBy !== null;
  });
  if (!subject || outcome === "missing" || outcome === "not-new")
    return {
      seq: completeEvent(db, event, outcome === "not-new" ? "not-new" : "missing", null),
      check: null,
    };
  const check: LiveCheck = {
    status: subject.status!,
    bucketOwnerAccess: subject.bucketOwnerAccess!,
    ownerId: subject.ownerId,
    reason: subject.reason,
    size: subject.size,
    etag: subject.etag,
    lastModified: subject.lastModified ?? null,
  };
  if (outcome === "own-fix") return { seq: completeEvent(db, event, "own-fix", check, fixedBy), check: null };
  return { seq: completeEvent(db, event, outcome, check), check };
}

/**
 * Drains the event queue stored in SQLite: the oldest pending events first, several in flight under the scan's
 * adaptive limiter. Every event is committed as checked (or failed) in the same transaction as its live finding, so
 * a restart re-checks only events whose result was never committed.
 */
export class LiveChecker {
  private inFlight = new Set<number>();
  // The check in flight for each key: a second event for the key waits for it, so results commit in arrival order.
  private byKey = new Map<string, Promise<void>>();
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private readonly limiter: AdaptiveLimiter;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly db: Db,
    private readonly options: CheckerOptions = {},
  ) {
    this.limiter = new AdaptiveLimiter(options.concurrency ?? 16, 4);
    this.retry = {
      attempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 2_000,
      isRetryable,
      isThrottle,
      ...options.retry,
    };
  }

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /** New events were stored: look at the queue now instead of at the next idle tick. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops taking events and waits for those in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    const idleMs = this.options.idleMs ?? 1_000;
    const room = (this.options.concurrency ?? 16) * 2;
    while (!this.stopped) {
      const free = room - this.inFlight.size;
      const batch = free > 0 ? claimPendingEvents(this.db, free, this.inFlight) : [];
      for (const event of batch) this.dispatch(event);
      if (batch.length === 0 || free <= 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, idleMs);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = null;
      }
    }
    while (this.inFlight.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private dispatch(event: StoredEvent): void {
    this.inFlight.add(event.id);
    const key = JSON.stringify([event.connectionId, event.bucket, event.key]);
    const before = this.byKey.get(key) ?? Promise.resolve();
    const done = before
      .then(() => checkEvent(this.db, event, this.limiter, this.retry))
      .then(({ seq, check }) => {
        try {
          this.options.afterCheck?.(this.db, event, seq, check);
        } catch (error) {
          console.error(`[ownerscope] after checking event ${event.id}`, error);
        }
      })
      .catch((error: unknown) => {
        const reason = describeFailure(error);
        if (event.attempts >= MAX_ATTEMPTS) failEvent(this.db, event.id, reason);
        else retryEventAt(this.db, event.id, new Date(Date.now() + recheckDelayMs(event.attempts)), reason);
      })
      .finally(() => {
        this.inFlight.delete(event.id);
        if (this.byKey.get(key) === done) this.byKey.delete(key);
        this.wake();
      });
    this.byKey.set(key, done);
  }
}
