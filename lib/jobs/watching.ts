import "server-only";
import { deliverDue, evaluateRules } from "@/lib/alerts/deliver";
import type { Db } from "@/lib/db";
import { settleFixedArrivals } from "@/lib/db/fix-by-rule";
import { beat, endGap, openGap } from "@/lib/db/gaps";
import {
  listWatchedBuckets,
  pruneEvents,
  watchedBucket,
  type LiveCheck,
  type StoredEvent,
} from "@/lib/db/watch";
import { liveSettings } from "@/lib/env";
import { catchUp, recordDowntime } from "@/lib/jobs/catch-up";
import { fixArrivals } from "@/lib/jobs/fix-by-rule";
import { syncFleetIfDue } from "@/lib/jobs/fleet-discovery";
import { absorbScheduledRuns, runDueSchedules } from "@/lib/jobs/schedules";
import { pollQueueOnce } from "@/lib/jobs/sqs-poller";
import { LiveChecker, type CheckerOptions } from "@/lib/jobs/watch-checker";

export type WatchingOptions = {
  /** The time as alerts and schedules see it (a test's controllable clock). */
  clock?: () => Date;
  /** How often digests, retries and schedules are looked at. */
  tickMs?: number;
  checker?: Omit<CheckerOptions, "afterCheck">;
};

/**
 * Everything watching runs in the server: the live checker; after each check, the bucket's alert rules and the
 * deliveries they make; and a tick for digests, retries and scheduled rescans.
 */
export class Watching {
  readonly checker: LiveChecker;
  private timer: NodeJS.Timeout | null = null;
  // Deliveries under way, and the channels they are for: none of them is ever awaited by the tick or a check.
  private readonly delivering = new Set<Promise<unknown>>();
  private readonly sendingTo = new Set<number | null>();
  private readonly fixing = new Set<string>();
  private ticking = false;
  private prunedAt = 0;
  private readonly clock: () => Date;

  constructor(
    private readonly db: Db,
    private readonly options: WatchingOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.checker = new LiveChecker(db, {
      ...options.checker,
      afterCheck: (_, e, s, c) => this.afterCheck(e, s, c),
    });
  }

  start(): this {
    // What arrived while this server was not running is caught up (the gap is closed by a scan, below in the tick).
    const down = recordDowntime(this.db, this.clock());
    if (down > 0) console.log(`[ownerscope] catching up ${down} watched bucket(s) after the server was down`);
    beat(this.db, this.clock().toISOString());
    this.checker.start();
    // Runs missed while the server was down run now, once.
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.tickMs ?? 1_000);
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.checker.stop();
    await Promise.allSettled([...this.delivering]);
  }

  /**
   * Scheduled rescans whose time has come, digests whose period has passed, queues to poll, deliveries due for a
   * retry. A tick still running when the next is due lets it pass.
   */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      try {
        const started = runDueSchedules(this.db, this.clock());
        if (started.length > 0) console.log(`[ownerscope] scheduled scans started: ${started.join(", ")}`);
        const found = absorbScheduledRuns(this.db);
        if (found > 0)
          console.log(`[ownerscope] scheduled rescans found ${found} foreign keys no event reported`);
        beat(this.db, this.clock().toISOString());
        this.prune();
        const caught = catchUp(this.db, this.clock());
        if (caught > 0)
          console.log(`[ownerscope] catch-up scans found ${caught} foreign keys no event reported`);
        evaluateRules(this.db, this.clock());
        settleFixedArrivals(this.db);
      } catch (error) {
        console.error("[ownerscope] schedules and alert rules", error);
      }
      this.deliver();
      await this.pollQueues();
      await this.fixByRule();
      await this.syncFleet();
    } finally {
      this.ticking = false;
    }
  }

  /** The fleet's scheduled discovery, when its settings ask for one and it is due (lib/jobs/fleet-discovery.ts). */
  private async syncFleet(): Promise<void> {
    try {
      const synced = await syncFleetIfDue(this.db, this.clock());
      if (synced)
        console.log(
          `[ownerscope] fleet sync: ${synced.accounts.length} accounts, ${synced.added.length} new, ${synced.retired.length} retired`,
        );
    } catch (error) {
      console.error(`[ownerscope] fleet sync failed: ${(error as Error).message}`);
    }
  }

  /** Checked events older than the retention an admin sets (OWNERSCOPE_EVENT_RETENTION_DAYS) go, a batch a minute. */
  private prune(): void {
    const now = this.clock().getTime();
    if (now - this.prunedAt < 60_000) return;
    this.prunedAt = now;
    const before = new Date(now - liveSettings().intake.retentionDays * 86_400_000).toISOString();
    const pruned = pruneEvents(this.db, before);
    if (pruned > 0) console.log(`[ownerscope] pruned ${pruned} checked events received before ${before}`);
  }

  /** Each SQS-fed bucket's queue, drained (up to a hundred rounds of ten messages a tick). */
  private async pollQueues(): Promise<void> {
    for (const w of listWatchedBuckets(this.db).filter((b) => b.source === "sqs")) {
      try {
        for (let round = 0; round < 100; round++) {
          const r = await pollQueueOnce(this.db, w, 0);
          if (r.accepted > 0) this.checker.wake();
          if (r.messages === 0) break;
        }
        endGap(this.db, w.connectionId, w.bucket, this.clock().toISOString());
      } catch (error) {
        // Messages wait in the queue for a while, but not for ever: the time it could not be read is a gap.
        openGap(this.db, {
          connectionId: w.connectionId,
          bucket: w.bucket,
          cause: "the queue could not be read",
          startedAt: this.clock().toISOString(),
          endedAt: null,
        });
        console.error(`[ownerscope] polling the queue of ${w.bucket}`, error);
      }
    }
  }

  /**
   * Starts sending what is due to every channel not already being sent to, and returns at once: a mail server that
   * stalls holds up its own channel's deliveries and nothing else (schedules, queues, checks, fixes by rule).
   */
  deliver(): void {
    const round = deliverDue(this.db, this.clock(), undefined, this.sendingTo)
      .catch((error: unknown) => console.error("[ownerscope] delivering alerts", error))
      .finally(() => this.delivering.delete(round));
    this.delivering.add(round);
  }

  /** Fixing by rule, bucket by bucket, unless the switch (OWNERSCOPE_FIX_BY_RULE=off) stops it everywhere. */
  async fixByRule(only?: { connectionId: string; bucket: string }): Promise<void> {
    if (liveSettings().fixByRuleStopped) return;
    const buckets = only ? [only] : listWatchedBuckets(this.db).filter((w) => w.fixByRule);
    for (const w of buckets) {
      // One planning at a time per bucket: a burst of arrivals makes one job, not a race of them.
      const id = `${w.connectionId}/${w.bucket}`;
      if (this.fixing.has(id)) continue;
      this.fixing.add(id);
      try {
        await fixArrivals(this.db, w.connectionId, w.bucket, this.clock());
      } catch (error) {
        console.error(`[ownerscope] fixing arrivals in ${w.bucket} by rule`, error);
      } finally {
        this.fixing.delete(id);
      }
    }
  }

  private afterCheck(event: StoredEvent, seq: number | null, check: LiveCheck | null): void {
    if (seq === null || !check) return;
    const where = { connectionId: event.connectionId, bucket: event.bucket };
    const made = evaluateRules(this.db, this.clock(), where);
    if (made.length > 0) this.deliver();
    if (check.status !== "owned" && watchedBucket(this.db, where.connectionId, where.bucket)?.fixByRule)
      void this.fixByRule(where);
  }
}
