import "server-only";
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
import { sameGrants, samePolicy } from "@/lib/migrate/compare";
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
  const stop = (message: string) => record(ctx, m, step, { state: "stopped", message });
  const changed = (what: string) =>
    stop(`${what} changed since the snapshot: nothing was written; roll back or plan and snapshot again`);
  switch (step) {
    case "policy": {
      const now = await readPolicyText(read, ctx.bucket);
      if (samePolicy(now, m.policyPlanned))
        return record(ctx, m, step, { state: "done", message: "the policy already is the planned one" });
      if (now !== m.policyBefore) return changed("the bucket policy");
      await writePolicy(write, ctx.bucket, m.policyPlanned);
      const back = await readPolicyText(read, ctx.bucket);
      return samePolicy(back, m.policyPlanned)
        ? record(ctx, m, step, { state: "done", message: "policy written and read back" })
        : record(ctx, m, step, { state: "failed", message: "the policy read back is not the one written" });
    }
    case "bucket-acl": {
      // The grants move to the policy: it must still be the planned one when they leave the ACL.
      if (!samePolicy(await readPolicyText(read, ctx.bucket), m.policyPlanned))
        return changed("the bucket policy");
      const now = await readBucketAcl(read, ctx.bucket);
      if (isPrivate(now))
        return record(ctx, m, step, { state: "done", message: "the bucket ACL already is private" });
      if (!sameGrants(now.grants, m.bucketAcl.grants)) return changed("the bucket ACL");
      await writeBucketAcl(write, ctx.bucket, "private");
      return isPrivate(await readBucketAcl(read, ctx.bucket))
        ? record(ctx, m, step, { state: "done", message: "bucket ACL reset to private and read back" })
        : record(ctx, m, step, { state: "failed", message: "the bucket ACL read back still grants others" });
    }
    case "enforce": {
      const ownership = await readOwnership(read, ctx.bucket);
      if (ownership.kind === "empty") return stop(OWNERSHIP_UNSUPPORTED);
      if (ownership.kind === "unreadable")
        return stop(`Object Ownership could not be read (${ownership.reason}): nothing was written`);
      if (ownership.kind === "rule" && ownership.value === "BucketOwnerEnforced")
        return record(ctx, m, step, { state: "done", message: "the bucket already has BucketOwnerEnforced" });
      if (!samePolicy(await readPolicyText(read, ctx.bucket), m.policyPlanned))
        return changed("the bucket policy");
      if (!isPrivate(await readBucketAcl(read, ctx.bucket)))
        return stop(
          "the bucket ACL grants others again: S3 would refuse BucketOwnerEnforced; nothing was written",
        );
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
 * Undoes the cutover in reverse: Object Ownership first (while it is BucketOwnerEnforced S3 refuses ACL writes),
 * then the bucket ACL's grants, then the policy byte for byte. Each is put back only when it is what the cutover left;
 * a setting someone else changed since is left alone and said so. A step S3 refuses is recorded as failed, and the
 * next still runs.
 */
export async function runRollback(ctx: MigrationContext, m: AclMigration) {
  const read = s3For(ctx.read);
  const write = s3For(ctx.owner);
  const undo: Record<RollbackStep, () => Promise<Omit<StepState, "at" | "by">>> = {
    "restore-ownership": async () => {
      const now = await readOwnership(read, ctx.bucket);
      if (now.kind === "empty")
        return {
          state: "skipped",
          message: "the endpoint does not implement Object Ownership: nothing to set back",
        };
      if (now.kind === "unreadable")
        return { state: "stopped", message: `Object Ownership could not be read (${now.reason})` };
      const current = now.kind === "rule" ? now.value : "none";
      if (current !== "BucketOwnerEnforced" || m.ownershipBefore === "BucketOwnerEnforced")
        return {
          state: "skipped",
          message: `Object Ownership is ${current}, as the cutover did not change it`,
        };
      const value = m.ownershipBefore === "BucketOwnerPreferred" ? "BucketOwnerPreferred" : "ObjectWriter";
      await writeOwnership(write, ctx.bucket, value);
      const back = await readOwnership(read, ctx.bucket);
      return back.kind === "rule" && back.value === value
        ? {
            state: "done",
            message: `Object Ownership set back to ${value}: the old owners and object ACLs apply again`,
          }
        : { state: "failed", message: `Object Ownership read back is not ${value}` };
    },
    "restore-bucket-acl": async () => {
      const now = await readBucketAcl(read, ctx.bucket);
      if (sameGrants(now.grants, m.bucketAcl.grants))
        return { state: "skipped", message: "the bucket ACL is as the snapshot saw it" };
      if (!isPrivate(now))
        return {
          state: "stopped",
          message: "the bucket ACL is neither the snapshot's nor private: someone changed it; left alone",
        };
      await writeBucketAcl(write, ctx.bucket, m.bucketAcl);
      return sameGrants((await readBucketAcl(read, ctx.bucket)).grants, m.bucketAcl.grants)
        ? { state: "done", message: "bucket ACL restored and read back" }
        : { state: "failed", message: "the bucket ACL read back is not the snapshot's" };
    },
    "restore-policy": async () => {
      const now = await readPolicyText(read, ctx.bucket);
      if (now === m.policyBefore)
        return { state: "skipped", message: "the policy is as the snapshot saw it" };
      if (!samePolicy(now, m.policyPlanned))
        return {
          state: "stopped",
          message:
            "the policy is neither the snapshot's nor the one the cutover wrote: someone changed it; left alone",
        };
      await writePolicy(write, ctx.bucket, m.policyBefore);
      return (await readPolicyText(read, ctx.bucket)) === m.policyBefore
        ? { state: "done", message: "policy restored and read back" }
        : { state: "failed", message: "the policy read back is not the snapshot's" };
    },
  };
  const results = [];
  for (const step of rollbackSteps) {
    let outcome: Omit<StepState, "at" | "by">;
    try {
      outcome = await undo[step]();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcome = { state: "failed", message: error.message };
    }
    results.push({ step, ...record(ctx, m, step, outcome) });
  }
  return results;
}
