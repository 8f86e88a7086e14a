import "server-only";
import type { Db } from "@/lib/db";
import { closeGapWithScan, lastBeat, markCatchingUp, openGap, reopenGap, unclosedGaps } from "@/lib/db/gaps";
import { getScan, scansMarkedRunning } from "@/lib/db/scans";
import { listWatchedBuckets, watchedBucket } from "@/lib/db/watch";
import { startBucketScan } from "@/lib/jobs/schedules";

// A write just before a gap began may have had its event lost with it (a push in flight when the server died).
export const GAP_SLACK_MS = 60_000;
// A catch-up that keeps failing (the bucket gone, the read role refused) is tried this many times, then waits for
// an operator (the watch page shows its note).
export const CATCH_UP_ATTEMPTS = 5;

/**
 * At start: every watched bucket has a gap from the last time this server was known to be up until now, since
 * nothing listened in between (a sender that does not retry, like the gateway's push topic, lost what it sent).
 */
export function recordDowntime(db: Db, now: Date): number {
  const last = lastBeat(db);
  if (!last) return 0;
  const buckets = listWatchedBuckets(db);
  for (const w of buckets)
    openGap(db, {
      connectionId: w.connectionId,
      bucket: w.bucket,
      cause: "Ownerscope was not running",
      // A bucket watched only since then was not missed before it was watched.
      startedAt: last > w.createdAt ? last : w.createdAt,
      endedAt: now.toISOString(),
    });
  return buckets.length;
}

export type CatchUpStarter = (db: Db, where: { connectionId: string; bucket: string }) => number;

const startCatchUpScan: CatchUpStarter = (db, where) => startBucketScan(db, { ...where, mode: "fast" });

/**
 * Closes the gaps that have ended: a fast scan of the bucket (owners from the listing; an ACL read only for keys
 * another account owns), in the scan thread, resumable like any scan; once it completes, the foreign keys written
 * since the gap began that the live record lacks join it, once, and alert rules see them as arrivals. Answers how
 * many keys joined.
 */
export function catchUp(db: Db, now: Date, start: CatchUpStarter = startCatchUpScan): number {
  let joined = 0;
  const running = new Set(scansMarkedRunning(db).map((s) => `${s.connectionId}/${s.bucket}`));
  for (const gap of unclosedGaps(db)) {
    const where = { connectionId: gap.connectionId, bucket: gap.bucket };
    if (!watchedBucket(db, gap.connectionId, gap.bucket)) continue;
    if (gap.state === "open") {
      if (gap.endedAt === null || gap.attempts >= CATCH_UP_ATTEMPTS) continue;
      if (running.has(`${gap.connectionId}/${gap.bucket}`)) continue;
      try {
        markCatchingUp(db, gap.id, start(db, where));
        running.add(`${gap.connectionId}/${gap.bucket}`);
      } catch (error) {
        reopenGap(db, gap.id, `the catch-up could not start: ${(error as Error).message}`);
      }
      continue;
    }
    const scan = gap.scanId === null ? undefined : getScan(db, gap.scanId);
    if (!scan) reopenGap(db, gap.id, "the catch-up's scan was removed");
    else if (scan.status === "completed")
      joined += closeGapWithScan(
        db,
        gap,
        {
          id: scan.id,
          bucketOwnerId: scan.bucketOwnerId ?? watchedBucket(db, gap.connectionId, gap.bucket)!.ownerId,
        },
        {
          since: new Date(Date.parse(gap.startedAt) - GAP_SLACK_MS).toISOString(),
          until: scan.finishedAt ?? now.toISOString(),
        },
        now.toISOString(),
      );
    else if (scan.status !== "running")
      reopenGap(db, gap.id, `the catch-up scan ${scan.status}: ${scan.error ?? "no reason given"}`);
  }
  return joined;
}
