import "server-only";
import type { Db } from "@/lib/db";
import { diffCounts } from "@/lib/db/scan-diff";
import { getScan, type ScanRecord } from "@/lib/db/scans";
import { listSchedules, scheduledRuns } from "@/lib/db/schedules";
import type { RunWithDiff } from "@/lib/schemas/watch";

// Rescans on a schedule as the schedules page, the watch page and `schedule list` show them.

// Two completed scans never change: their diff is counted once (the watch page asks every two seconds).
const diffs = new Map<string, RunWithDiff["diff"]>();

function diffOf(db: Db, from: ScanRecord, to: ScanRecord): RunWithDiff["diff"] {
  const id = `${db.name}:${from.id}:${to.id}`;
  let diff = diffs.get(id);
  if (!diff) {
    diff = diffCounts(
      db,
      { id: from.id, bucketOwnerId: from.bucketOwnerId },
      { id: to.id, bucketOwnerId: to.bucketOwnerId },
    );
    if (diffs.size >= 500) diffs.delete(diffs.keys().next().value!);
    diffs.set(id, diff);
  }
  return diff;
}

/** A schedule's recent runs, the newest first, each completed one diffed with the completed run before it. */
export function runsWithDiffs(db: Db, connectionId: string, bucket: string, limit = 10): RunWithDiff[] {
  const runs = scheduledRuns(db, connectionId, bucket, limit + 1);
  return runs.slice(0, limit).map((run, i) => {
    const scan = run.scanId === null ? undefined : getScan(db, run.scanId);
    const previousRun = runs
      .slice(i + 1)
      .find((r) => r.scanId !== null && getScan(db, r.scanId)?.status === "completed");
    const previous = previousRun ? getScan(db, previousRun.scanId!) : undefined;
    const diff = scan?.status === "completed" && previous ? diffOf(db, previous, scan) : null;
    return { ...run, status: scan?.status ?? null, diff };
  });
}

/** Every schedule (of one connection, or all), each with its newest runs diffed. */
export function schedules(db: Db, q: { connectionId?: string; runs: number }) {
  return listSchedules(db, { connectionId: q.connectionId }).map((s) => ({
    ...s,
    runs: runsWithDiffs(db, s.connectionId, s.bucket, q.runs),
  }));
}
