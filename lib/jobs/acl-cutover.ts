import "server-only";
import type { Grant } from "@/lib/audit/types";
import {
  readBucketAcl,
  readOwnership,
  readPolicyText,
  writeBucketAcl,
  writeOwnership,
  writePolicy,
  type BucketAcl,
} from "@/lib/aws/bucket-settings";
import { s3For } from "@/lib/aws/clients";
import { saveStep, type AclMigration } from "@/lib/db/acl-migrations";
import { AppError } from "@/lib/errors";
import { auditMigration, type MigrationContext } from "@/lib/jobs/acl-context";
import {
  OWNERSHIP_UNSUPPORTED,
  nextStep,
  rollbackSteps,
  type CutoverStep,
  type RollbackStep,
  type StepState,
} from "@/lib/migrate/steps";

// The cutover to BucketOwnerEnforced and its rollback, one step at a time: each re-reads what it changes, acts only
// on the state the snapshot saw (anything else is reported and left alone), writes, reads back, and is audited.

const sameGrants = (a: Grant[], b: Grant[]) => {
  const names = (gs: Grant[]) =>
    gs
      .map((g) => `${g.granteeType} ${g.grantee} ${g.permission}`)
      .sort()
      .join("\n");
  return names(a) === names(b);
};
const samePolicy = (a: string | null, b: string | null) => {
  if (a === null || b === null) return a === b;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
};
const isPrivate = (acl: BucketAcl) =>
  acl.grants.every((g) => g.granteeType === "CanonicalUser" && g.grantee === acl.ownerId);

function record(
  ctx: MigrationContext,
  m: AclMigration,
  step: CutoverStep | RollbackStep,
  s: Omit<StepState, "at" | "by">,
) {
  const state: StepState = { ...s, at: new Date().toISOString(), by: ctx.actor };
  saveStep(ctx.db, m.id, step, state);
  auditMigration(ctx, `acl-migration:${step}`, s.state, s.message);
  return state;
}

/**
 * Runs one cutover step of a snapshot, the next one only: re-reads what the step changes, refuses when it is no
 * longer what the snapshot saw, writes, and reads back. `rescan` starts a scan through the caller (the server runs it
 * in the background, the CLI in place) and returns what it said.
 */
export async function runCutoverStep(
  ctx: MigrationContext,
  m: AclMigration,
  step: CutoverStep,
  rescan: () => Promise<string>,
): Promise<StepState> {
  try {
    return await cutoverStep(ctx, m, step, rescan);
  } catch (error) {
    // S3 refused a read or a write (denied, unreachable): the step failed, and says why; it can be run again.
    if (!(error instanceof AppError) || error.code === "conflict") throw error;
    return record(ctx, m, step, { state: "failed", message: error.message });
  }
}

async function cutoverStep(
  ctx: MigrationContext,
  m: AclMigration,
  step: CutoverStep,
  rescan: () => Promise<string>,
): Promise<StepState> {
  const next = nextStep(m.steps);
  if (next !== step)
    throw new AppError(
      "conflict",
      next
        ? `The next step of snapshot ${m.id} is "${next}", not "${step}".`
        : `Snapshot ${m.id}'s cutover has ended.`,
    );
  const read = s3For(ctx.read);
  const write = s3For(ctx.owner);
  switch (step) {
    case "policy": {
      const now = await readPolicyText(read, ctx.bucket);
      if (samePolicy(now, m.policyPlanned))
        return record(ctx, m, step, { state: "done", message: "the policy already is the planned one" });
      if (now !== m.policyAtSnapshot)
        return record(ctx, m, step, {
          state: "stopped",
          message:
            "the bucket policy changed since the snapshot: nothing was written; plan and snapshot again",
        });
      await writePolicy(write, ctx.bucket, m.policyPlanned);
      const back = await readPolicyText(read, ctx.bucket);
      return samePolicy(back, m.policyPlanned)
        ? record(ctx, m, step, { state: "done", message: "policy written and read back" })
        : record(ctx, m, step, { state: "failed", message: "the policy read back is not the one written" });
    }
    case "bucket-acl": {
      const now = await readBucketAcl(read, ctx.bucket);
      if (isPrivate(now))
        return record(ctx, m, step, { state: "done", message: "the bucket ACL already is private" });
      if (!sameGrants(now.grants, m.bucketAclAtSnapshot.grants))
        return record(ctx, m, step, {
          state: "stopped",
          message: "the bucket ACL changed since the snapshot: nothing was written; plan and snapshot again",
        });
      await writeBucketAcl(write, ctx.bucket, "private");
      return isPrivate(await readBucketAcl(read, ctx.bucket))
        ? record(ctx, m, step, { state: "done", message: "bucket ACL reset to private and read back" })
        : record(ctx, m, step, { state: "failed", message: "the bucket ACL read back still grants others" });
    }
    case "enforce": {
      const ownership = await readOwnership(read, ctx.bucket);
      if (ownership.kind === "empty")
        return record(ctx, m, step, { state: "stopped", message: OWNERSHIP_UNSUPPORTED });
      if (ownership.kind === "rule" && ownership.value === "BucketOwnerEnforced")
        return record(ctx, m, step, { state: "done", message: "the bucket already has BucketOwnerEnforced" });
      const acl = await readBucketAcl(read, ctx.bucket);
      if (!isPrivate(acl))
        return record(ctx, m, step, {
          state: "stopped",
          message:
            "the bucket ACL grants others again: S3 would refuse BucketOwnerEnforced; nothing was written",
        });
      await writeOwnership(write, ctx.bucket, "BucketOwnerEnforced");
      const back = await readOwnership(read, ctx.bucket);
      return back.kind === "rule" && back.value === "BucketOwnerEnforced"
        ? record(ctx, m, step, { state: "done", message: "BucketOwnerEnforced set and read back" })
        : record(ctx, m, step, {
            state: "failed",
            message: "Object Ownership read back is not BucketOwnerEnforced",
          });
    }
    case "rescan":
      return record(ctx, m, step, { state: "done", message: await rescan() });
  }
}

/**
 * Puts back what the snapshot saw: the policy (byte for byte, or none), the bucket ACL's grants, then the Object
 * Ownership it had (only when the cutover changed it). A setting changed since the cutover by someone else is left
 * alone and said so.
 */
export async function runRollback(ctx: MigrationContext, m: AclMigration) {
  const read = s3For(ctx.read);
  const write = s3For(ctx.owner);
  const states = {} as Record<RollbackStep, StepState>;
  const policyNow = await readPolicyText(read, ctx.bucket);
  if (policyNow === m.policyBefore)
    states["restore-policy"] = record(ctx, m, "restore-policy", {
      state: "skipped",
      message: "the policy is as the snapshot saw it",
    });
  // Ours: what this cutover writes, or what an earlier one had written when this snapshot was taken.
  else if (!samePolicy(policyNow, m.policyPlanned) && policyNow !== m.policyAtSnapshot)
    states["restore-policy"] = record(ctx, m, "restore-policy", {
      state: "stopped",
      message:
        "the policy is neither the snapshot's nor the one the cutover wrote: someone changed it; left alone",
    });
  else {
    await writePolicy(write, ctx.bucket, m.policyBefore);
    const back = await readPolicyText(read, ctx.bucket);
    states["restore-policy"] = record(
      ctx,
      m,
      "restore-policy",
      back === m.policyBefore
        ? { state: "done", message: "policy restored and read back" }
        : { state: "failed", message: "the policy read back is not the snapshot's" },
    );
  }

  const aclNow = await readBucketAcl(read, ctx.bucket);
  if (sameGrants(aclNow.grants, m.bucketAcl.grants))
    states["restore-bucket-acl"] = record(ctx, m, "restore-bucket-acl", {
      state: "skipped",
      message: "the bucket ACL is as the snapshot saw it",
    });
  else if (!isPrivate(aclNow))
    states["restore-bucket-acl"] = record(ctx, m, "restore-bucket-acl", {
      state: "stopped",
      message: "the bucket ACL is neither the snapshot's nor private: someone changed it; left alone",
    });
  else {
    await writeBucketAcl(write, ctx.bucket, m.bucketAcl);
    states["restore-bucket-acl"] = record(
      ctx,
      m,
      "restore-bucket-acl",
      sameGrants((await readBucketAcl(read, ctx.bucket)).grants, m.bucketAcl.grants)
        ? { state: "done", message: "bucket ACL restored and read back" }
        : { state: "failed", message: "the bucket ACL read back is not the snapshot's" },
    );
  }

  const enforced = m.steps.enforce?.state === "done";
  const ownership = await readOwnership(read, ctx.bucket);
  if (!enforced || ownership.kind !== "rule" || ownership.value !== "BucketOwnerEnforced")
    states["restore-ownership"] = record(ctx, m, "restore-ownership", {
      state: "skipped",
      message:
        ownership.kind === "empty"
          ? "the endpoint does not implement Object Ownership: there is nothing to set back"
          : "the cutover did not change Object Ownership",
    });
  else {
    const value = m.ownershipBefore === "BucketOwnerPreferred" ? "BucketOwnerPreferred" : "ObjectWriter";
    await writeOwnership(write, ctx.bucket, value);
    const back = await readOwnership(read, ctx.bucket);
    states["restore-ownership"] = record(
      ctx,
      m,
      "restore-ownership",
      back.kind === "rule" && back.value === value
        ? {
            state: "done",
            message: `Object Ownership set back to ${value}: the old owners and object ACLs apply again`,
          }
        : { state: "failed", message: `Object Ownership read back is not ${value}` },
    );
  }
  return rollbackSteps.map((step) => ({ step, ...states[step] }));
}
