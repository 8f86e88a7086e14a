import "server-only";
import type { BucketPosture } from "@/lib/audit/posture";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { enforceBucketOwner } from "@/lib/aws/fix-writes";
import type { Db } from "@/lib/db";
import { appendAudit } from "@/lib/db/audit-log";
import { planEnforce } from "@/lib/fix/enforce";
import type { EnforceResult } from "@/lib/schemas/fix";

/**
 * Sets BucketOwnerEnforced on a bucket when nothing blocks it, and records the attempt in the audit log. The posture
 * must have been read just now: the blockers are checked on it. Refusals of our own (already enforced, blocked)
 * send no request and are not audit entries.
 */
export async function enforceBucket(
  db: Db,
  input: {
    connectionId: string | null;
    bucket: string;
    posture: BucketPosture;
    actor: AwsTarget;
    actorName: string;
  },
): Promise<EnforceResult> {
  const decision = planEnforce(input.posture);
  const ended = (result: EnforceResult["result"], reason: string | null): EnforceResult => ({
    result,
    reason,
    ownerAfter: result === "fixed" ? input.posture.ownerId : null,
    bucketOwnerAccessAfter: result === "fixed" ? "full-control" : null,
  });
  if (decision.kind === "skip") return ended("skipped", decision.reason);
  if (decision.kind === "blocked") return ended("failed", decision.reason);

  const outcome = await enforceBucketOwner(s3For(input.actor), input.bucket);
  const result =
    outcome.kind === "enforced"
      ? ended("fixed", null)
      : ended(
          "failed",
          outcome.kind === "denied"
            ? "PutBucketOwnershipControls was denied: the identity that acts needs s3:PutBucketOwnershipControls on the bucket"
            : outcome.reason,
        );
  appendAudit(db, {
    actor: input.actorName,
    jobId: null,
    connectionId: input.connectionId,
    bucket: input.bucket,
    key: null,
    versionId: null,
    action: "enforce",
    ownerBefore: null,
    accessBefore: null,
    ownerAfter: result.ownerAfter,
    accessAfter: result.bucketOwnerAccessAfter,
    result: result.result,
    reason: result.reason,
  });
  return result;
}
