import "server-only";
import type { FixTargets } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { activeFixJobOn, type FixJobRecord } from "@/lib/db/fix-jobs";
import { AppError } from "@/lib/errors";
import { runnerGone } from "@/lib/jobs/scans";

const globalForLock = globalThis as unknown as { ownerscopeFixJobsHere?: Set<number> };

/**
 * The fix jobs this process runs, or has planned and is about to run. A job marked with this process's pid but not
 * here is not running (a restarted server, in a container, often gets the pid of the one before it).
 */
export const fixJobsHere = (globalForLock.ownerscopeFixJobsHere ??= new Set<number>());

/** Whether a job marked running has a runner: this process (and it is here), or another that is alive. */
export const fixJobIsLive = (job: Pick<FixJobRecord, "id" | "status" | "runnerPid" | "heartbeatAt">) =>
  job.status === "running" &&
  (job.runnerPid === process.pid ? fixJobsHere.has(job.id) : !runnerGone(job.runnerPid, job.heartbeatAt));

const endpointOf = (targets: Pick<FixTargets, "read">) => targets.read.endpointUrl ?? null;

/**
 * Refuses (409) a job on a bucket another job is running on: two jobs copying the same keys at once could each
 * pass their guards (a copy in place keeps the ETag) and drop what the other restated.
 */
export function assertBucketFree(db: Db, where: { bucket: string; targets: FixTargets }, exceptId?: number) {
  const active = activeFixJobOn(
    db,
    { bucket: where.bucket, endpoint: endpointOf(where.targets) },
    fixJobIsLive,
    exceptId,
  );
  if (active)
    throw new AppError(
      "conflict",
      `Fix job ${active.id} (started ${active.createdAt} by ${active.actor}) is running on bucket ${where.bucket}: ` +
        "wait for it to end, or pause or cancel it, then try again.",
    );
}

/** Whether no job runs on the bucket now (a caller that would rather wait than be refused). */
export const bucketIsFree = (db: Db, where: { bucket: string; targets: FixTargets }) =>
  !activeFixJobOn(db, { bucket: where.bucket, endpoint: endpointOf(where.targets) }, fixJobIsLive);
