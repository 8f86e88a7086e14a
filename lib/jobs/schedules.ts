import "server-only";
import { readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { getConnection } from "@/lib/db/connections";
import { recordNewForeignAsLive } from "@/lib/db/scan-diff";
import { getScan, scansMarkedRunning, type ScanRecord } from "@/lib/db/scans";
import {
  dueSchedules,
  markRunAbsorbed,
  recordScheduledRun,
  runScanIds,
  unabsorbedRuns,
  type Schedule,
} from "@/lib/db/schedules";
import { watchedBucket } from "@/lib/db/watch";
import { runInBackground } from "@/lib/jobs/background-scans";
import { prepareScan } from "@/lib/jobs/scans";

/** Starts a schedule's scan of the whole bucket in the background; answers its ID. */
export const startScheduledScan = (db: Db, s: Schedule): number => startBucketScan(db, s);

/** Starts a scan of a whole bucket in the background (a schedule's, a catch-up's); answers its ID. */
export function startBucketScan(db: Db, s: Pick<Schedule, "connectionId" | "bucket" | "mode">): number {
  const connection = getConnection(db, s.connectionId);
  if (!connection) throw new Error("the connection was removed");
  if (scansMarkedRunning(db).some((r) => r.connectionId === s.connectionId && r.bucket === s.bucket))
    throw new Error("a scan of this bucket was already running; this run was skipped");
  const { scanId } = prepareScan(
    db,
    {
      connectionId: s.connectionId,
      target: readTargetOf(connection),
      bucket: s.bucket,
      prefix: "",
      mode: s.mode,
      versions: false,
      concurrency: 32,
    },
    false,
  );
  runInBackground(db, { kind: "live", scanId });
  return scanId;
}

/**
 * Starts every schedule whose time has come, once each (runs missed while the server was down make one run), and
 * moves each to its next time. Answers the scans started.
 */
export function runDueSchedules(db: Db, now: Date, start = startScheduledScan): number[] {
  const started: number[] = [];
  for (const s of dueSchedules(db, now)) {
    try {
      const scanId = start(db, s);
      recordScheduledRun(db, s, now, { scanId });
      started.push(scanId);
    } catch (error) {
      recordScheduledRun(db, s, now, { error: error instanceof Error ? error.message : String(error) });
    }
  }
  return started;
}

/**
 * Each scheduled run that completed adds to the bucket's live record the foreign keys the run before it did not
 * have (what no event reported: Ownerscope down, a feed missing), once; alert rules then see them as they see
 * arrivals. A bucket's first run has nothing to compare with and adds nothing.
 */
export function absorbScheduledRuns(db: Db): number {
  let added = 0;
  for (const run of unabsorbedRuns(db)) {
    const [current, ...earlier] = runsWithScans(db, run.connectionId, run.bucket, run.id);
    if (!current || current.status === "running") continue;
    const previous = earlier.find((s) => s.status === "completed");
    if (current.status === "completed" && previous && watchedBucket(db, run.connectionId, run.bucket))
      added += recordNewForeignAsLive(
        db,
        {
          connectionId: run.connectionId,
          bucket: run.bucket,
          at: current.finishedAt ?? new Date().toISOString(),
          // A key the earlier scan did not list was written after that scan began.
          arrivedAfter: previous.createdAt,
        },
        { id: previous.id, bucketOwnerId: previous.bucketOwnerId },
        { id: current.id, bucketOwnerId: current.bucketOwnerId },
      );
    markRunAbsorbed(db, run.id);
  }
  return added;
}

/** The scans of a bucket's scheduled runs up to `uptoRunId`, newest first. */
function runsWithScans(db: Db, connectionId: string, bucket: string, uptoRunId: number): ScanRecord[] {
  return runScanIds(db, connectionId, bucket, uptoRunId, 20).flatMap((id) => getScan(db, id) ?? []);
}
