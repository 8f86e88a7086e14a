import "server-only";
import type { Db } from "@/lib/db";
import { activeFixJobOn, type FixJobRecord } from "@/lib/db/fixes";
import { AppError } from "@/lib/errors";
import type { FixTargets } from "@/lib/jobs/fix-runner";
import { runnerGone } from "@/lib/jobs/scans";

const endpointOf = (targets: Pick<FixTargets, "read">) => targets.read.endpointUrl ?? null;

/**
 * Refuses (409) a job on a bucket another job is running on: two jobs copying the same keys at once could each
 * pass their guards (a copy in place keeps the ETag) and drop what the other restated.
 */
export function assertBucketFree(db: Db, where: { bucket: string; targets: FixTargets }, exceptId?: number) {
  const live = (j: FixJobRecord) => !runnerGone(j.runnerPid, j.heartbeatAt);
  const active = activeFixJobOn(
    db,
    { bucket: where.bucket, endpoint: endpointOf(where.targets) },
    live,
    exceptId,
  );
  if (active)
    throw new AppError(
      "conflict",
      `Fix job ${active.id} (started ${active.createdAt} by ${active.actor}) is running on bucket ${where.bucket}: ` +
        "wait for it to end, or pause or cancel it, then try again.",
    );
}
