import "server-only";
import { requireConnection } from "@/lib/api/browse";
import { decodeCursor, encodeCursor } from "@/lib/api/cursor";
import { contextFor } from "@/lib/api/fixes";
import type { Db } from "@/lib/db";
import { getFinding } from "@/lib/db/findings";
import {
  listFixItems,
  resetFailedItems,
  setFixItemStrategy,
  unplannedFailures,
  type FixItemRecord,
} from "@/lib/db/fix-items";
import { finishFixJob, getFixJob, listFixJobs, setFixJobTargets, type FixJobRecord } from "@/lib/db/fix-jobs";
import { AppError } from "@/lib/errors";
import { planObject, type PlanContext } from "@/lib/fix/plan";
import type { Strategy } from "@/lib/fix/strategy";
import { assertBucketFree, fixJobIsLive } from "@/lib/jobs/fix-lock";
import { pauseOrCancelFix, runFixInBackground, subjectOf } from "@/lib/jobs/fixes";
import type { FixItemState } from "@/lib/schemas/fix";

// A fix job after it started: its state and items for the browser, and pause, resume, cancel and retry.

function toFixJobDto(j: FixJobRecord) {
  const total = Object.values(j.counts).reduce((a, b) => a + b, 0);
  return {
    id: j.id,
    connectionId: j.connectionId,
    scanId: j.scanId,
    bucket: j.bucket,
    requestedStrategy: j.requestedStrategy,
    status: j.status,
    pauseRequested: j.pauseRequested,
    cancelRequested: j.cancelRequested,
    error: j.error,
    actor: j.actor,
    counts: j.counts,
    total,
    done: total - j.counts.pending - j.counts.copying,
    createdAt: j.createdAt,
    finishedAt: j.finishedAt,
  };
}

function requireJob(db: Db, id: number): FixJobRecord {
  const job = getFixJob(db, id);
  if (!job || job.connectionId === null) throw new AppError("not_found", `No fix job ${id}.`);
  return job;
}

export const fixJobById = (db: Db, id: number) => toFixJobDto(requireJob(db, id));

export const fixJobs = (db: Db, filter: { connectionId?: string; bucket?: string; limit: number }) =>
  listFixJobs(db, filter)
    .filter((j) => j.connectionId !== null)
    .map(toFixJobDto);

export function fixJobItems(db: Db, id: number, q: { state?: FixItemState; after?: string; limit: number }) {
  requireJob(db, id);
  const after = decodeCursor(q.after);
  const items = listFixItems(db, id, { state: q.state }, { after, limit: q.limit });
  const last = items.length === q.limit ? items[items.length - 1]! : null;
  return {
    // The snapshot is internal (what a copy restates); the list shows results.
    items: items.map((i) => ({ ...i, snapshot: undefined })),
    nextCursor: last ? encodeCursor(last) : null,
  };
}

/**
 * A resume or retry usually follows a change of settings (a fixer configured, a role given a permission): the job
 * then acts as the connection is configured now, not as it was when the job was planned. Answers that configuration.
 */
function actAsConfiguredNow(db: Db, job: FixJobRecord): PlanContext | null {
  if (job.connectionId === null || job.scanId === null) return null;
  const connection = requireConnection(db, job.connectionId);
  const { targets, context } = contextFor(db, connection, job.scanId, job.keepPublicGrants);
  assertBucketFree(db, { bucket: job.bucket, targets }, job.id);
  setFixJobTargets(db, job.id, targets);
  return context;
}

/** Objects no strategy could be planned for ("configure a fixer for account X") are planned again, a page at a time. */
function replanUnplanned(db: Db, job: FixJobRecord & { scanId: number }, context: PlanContext) {
  const requested = job.requestedStrategy as Exclude<Strategy, "enforce"> | null;
  const replanPage = db.transaction((items: FixItemRecord[]) => {
    for (const item of items) {
      const finding = getFinding(db, job.scanId, item.key, item.versionId);
      const decision = finding ? planObject(subjectOf(finding), context, requested).decision : null;
      if (decision?.kind === "fix")
        setFixItemStrategy(db, job.id, item, { strategy: decision.strategy, thenStrategy: decision.then });
    }
  });
  let after: { key: string; versionId: string } | null = null;
  for (;;) {
    const items = unplannedFailures(db, job.id, after, 1_000);
    if (items.length === 0) return;
    replanPage(items);
    after = items.at(-1)!;
  }
}

/** Pause, resume, cancel, or retry the failures of a fix job. */
export function controlFix(db: Db, id: number, action: "pause" | "resume" | "cancel" | "retry") {
  const job = requireJob(db, id);
  const active = job.status === "running" || job.status === "paused";
  if (action === "pause" || action === "cancel") {
    if (!active) throw new AppError("conflict", `Fix job ${id} is already ${job.status}.`);
    pauseOrCancelFix(db, id, action);
    // A paused job, or one whose runner is gone, has no runner to notice the flag: cancel it here.
    if (action === "cancel" && !fixJobIsLive(job)) {
      finishFixJob(db, id, "cancelled", null);
    }
  } else if (action === "resume") {
    if (job.status !== "paused" && job.status !== "failed")
      throw new AppError("conflict", `Fix job ${id} is ${job.status}; only a paused or failed job resumes.`);
    actAsConfiguredNow(db, job);
    runFixInBackground(db, id);
  } else {
    if (job.status === "running") throw new AppError("conflict", `Fix job ${id} is still running.`);
    const context = actAsConfiguredNow(db, job);
    if (context && job.scanId !== null) replanUnplanned(db, { ...job, scanId: job.scanId }, context);
    const reset = resetFailedItems(db, id);
    if (reset === 0) throw new AppError("conflict", `Fix job ${id} has no failures that can be retried.`);
    runFixInBackground(db, id);
  }
  return fixJobById(db, id);
}
