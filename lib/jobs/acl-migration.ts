import "server-only";
import { analyzePosture } from "@/lib/audit/posture";
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
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { readAccessLogs, readCloudTrail } from "@/lib/aws/log-files";
import { readPostureFacts } from "@/lib/aws/scan-io";
import type { Db } from "@/lib/db";
import { aclFactsOfScan } from "@/lib/db/acl-grants";
import {
  createMigration,
  latestEvidence,
  latestMigration,
  rollbackPreview,
  saveEvidence,
  saveStep,
  type AclMigration,
} from "@/lib/db/acl-migrations";
import { appendAudit } from "@/lib/db/audit-log";
import type { ScanRecord } from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import { parseS3Url } from "@/lib/inventory/manifest";
import type { MigrationPlanDto, MigrationView } from "@/lib/migrate/dto";
import { EvidenceTally, type Evidence } from "@/lib/migrate/evidence";
import { assessReadiness } from "@/lib/migrate/readiness";
import {
  OWNERSHIP_UNSUPPORTED,
  nextStep,
  rollbackSteps,
  type CutoverStep,
  type RollbackStep,
  type StepState,
} from "@/lib/migrate/steps";
import { translateAcls } from "@/lib/migrate/translate";

/** Who plans and acts: reads as the connection, writes as the bucket owner; names and principals of accounts. */
export type MigrationContext = {
  db: Db;
  connectionId: string | null;
  bucket: string;
  read: AwsTarget;
  owner: AwsTarget;
  /** Reads the log files (often another bucket, or another account's). */
  logs: AwsTarget;
  names: Record<string, string>;
  principals: Record<string, string>;
  actor: string;
};

/** The readiness report and the translated policy, from the scan and the bucket's settings read now. */
export async function planMigration(
  ctx: MigrationContext,
  scan: ScanRecord,
  options: { includePublic: boolean },
): Promise<MigrationPlanDto> {
  const facts = await readPostureFacts(s3For(ctx.read), ctx.bucket);
  const posture = analyzePosture(facts);
  const acl = aclFactsOfScan(ctx.db, scan.id, facts.ownerId);
  const stored = latestEvidence(ctx.db, ctx.connectionId, ctx.bucket);
  const policy =
    facts.policy.kind === "ok"
      ? { readable: true as const, document: facts.policy.document }
      : { readable: false as const, reason: facts.policy.reason };
  const readiness = assessReadiness({
    bucket: ctx.bucket,
    ownerId: facts.ownerId,
    objectOwnership: posture.objectOwnership,
    bucketGrants: facts.aclGrants,
    policy,
    objectGrants: acl.groups,
    aclsUnread: acl.aclsUnread,
    foreign: acl.foreign,
    evidence: stored?.evidence ?? null,
    names: ctx.names,
  });
  let translation: ReturnType<typeof translateAcls> | null = null;
  let translationError: string | null = null;
  if (policy.readable) {
    try {
      translation = translateAcls({
        bucket: ctx.bucket,
        ownerId: facts.ownerId,
        bucketGrants: facts.aclGrants,
        objectGrants: acl.covers,
        principals: ctx.principals,
        includePublic: options.includePublic,
        policy: policy.document,
      });
    } catch {
      translationError = "the current bucket policy is not valid JSON: it cannot be merged";
    }
  } else translationError = `the bucket policy could not be read (${policy.reason})`;
  const migration = latestMigration(ctx.db, ctx.connectionId, ctx.bucket) ?? null;
  return {
    bucket: ctx.bucket,
    ownerId: facts.ownerId,
    scan: { id: scan.id, mode: scan.mode, versions: scan.versions, finishedAt: scan.finishedAt },
    objectOwnership: posture.objectOwnership,
    readiness,
    translation,
    translationError,
    includePublic: options.includePublic,
    evidence: stored ? { ...stored } : null,
    migration: migration ? migrationView(ctx.db, migration) : null,
  };
}

export function migrationView(db: Db, m: AclMigration): MigrationView {
  return {
    id: m.id,
    createdAt: m.createdAt,
    createdBy: m.createdBy,
    scanId: m.scanId,
    steps: m.steps,
    next: nextStep(m.steps),
    policyBefore: m.policyBefore,
    bucketAcl: m.bucketAcl,
    ownershipBefore: m.ownershipBefore,
    rollback: rollbackPreview(db, m),
  };
}

/** Stores the snapshot the cutover and rollback act on: only from a plan whose policy can be written. */
export async function takeSnapshot(
  ctx: MigrationContext,
  scan: ScanRecord,
  options: { includePublic: boolean },
) {
  const plan = await planMigration(ctx, scan, options);
  if (!plan.translation)
    throw new AppError("conflict", `No snapshot: ${plan.translationError ?? "no policy"}.`);
  if (!plan.translation.fits) throw new AppError("conflict", `No snapshot: ${plan.translation.notes[0]}`);
  const client = s3For(ctx.read);
  const [policyBefore, bucketAcl, ownership] = await Promise.all([
    readPolicyText(client, ctx.bucket),
    readBucketAcl(client, ctx.bucket),
    readOwnership(client, ctx.bucket),
  ]);
  const migration = createMigration(ctx.db, {
    connectionId: ctx.connectionId,
    bucket: ctx.bucket,
    scanId: scan.id,
    ownerId: bucketAcl.ownerId,
    policyBefore,
    bucketAcl,
    ownershipBefore:
      ownership.kind === "rule" ? ownership.value : ownership.kind === "none" ? "none" : "ObjectWriter",
    policyPlanned: JSON.stringify(JSON.parse(plan.translation.after)),
    createdBy: ctx.actor,
  });
  audit(ctx, "acl-migration:snapshot", "done", `snapshot ${migration.id} of scan ${scan.id}`);
  return migration;
}

function audit(ctx: MigrationContext, action: string, result: string, reason: string | null) {
  appendAudit(ctx.db, {
    actor: ctx.actor,
    jobId: null,
    connectionId: ctx.connectionId,
    bucket: ctx.bucket,
    key: null,
    versionId: null,
    action,
    ownerBefore: null,
    accessBefore: null,
    ownerAfter: null,
    accessAfter: null,
    result,
    reason,
  });
}

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
  audit(ctx, `acl-migration:${step}`, s.state, s.message);
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
      if (now !== m.policyBefore)
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
      if (!sameGrants(now.grants, m.bucketAcl.grants))
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
  else if (!samePolicy(policyNow, m.policyPlanned))
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

export type EvidenceRequest = { accessLogs: string | null; cloudTrail: string | null; since: string | null };

/** Reads the named logs through the connection and stores what they say of the bucket's requesters. */
export async function gatherEvidence(ctx: MigrationContext, request: EvidenceRequest): Promise<Evidence> {
  const tally = new EvidenceTally({ bucket: ctx.bucket, since: request.since });
  const client = s3For(ctx.logs);
  const at = (url: string) => {
    const parsed = parseS3Url(url);
    if (!parsed) throw new AppError("bad_request", `not an s3:// location: ${url.slice(0, 200)}`);
    return { bucket: parsed.bucket, prefix: parsed.key };
  };
  if (request.accessLogs) await readAccessLogs(client, at(request.accessLogs), request.since, tally);
  if (request.cloudTrail) await readCloudTrail(client, at(request.cloudTrail), request.since, tally);
  const evidence = tally.result();
  saveEvidence(ctx.db, ctx.connectionId, ctx.bucket, request, evidence);
  return evidence;
}
