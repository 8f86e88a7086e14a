import "server-only";
import { analyzePosture } from "@/lib/audit/posture";
import { readBucketAcl, readOwnership, readPolicyText } from "@/lib/aws/bucket-settings";
import { s3For } from "@/lib/aws/clients";
import { readPostureFacts } from "@/lib/aws/scan-io";
import type { Db } from "@/lib/db";
import { aclFactsOfScan } from "@/lib/db/acl-grants";
import {
  createMigration,
  latestEvidence,
  latestMigration,
  rollbackPreview,
  type AclMigration,
} from "@/lib/db/acl-migrations";
import type { ScanRecord } from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import { accountsOf, auditMigration, type MigrationContext } from "@/lib/jobs/acl-context";
import { sameGrants } from "@/lib/migrate/compare";
import { assessReadiness, markKept } from "@/lib/migrate/readiness";
import { mergeRequesters } from "@/lib/migrate/requesters";
import { changedAndNotRolledBack, nextStep } from "@/lib/migrate/steps";
import { translateAcls } from "@/lib/migrate/translate";
import type { MigrationPlanDto, MigrationView } from "@/lib/schemas/migration";

// Disabling ACLs, what a request asks for: the readiness report and translated policy from a scan and the bucket
// read now, a migration as it stands, and the snapshot the cutover (lib/jobs/acl-cutover.ts) acts on.

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
  // One requester however the logs named it, by the accounts as they are now (a principal given after the reading
  // counts).
  const evidence = stored && mergeRequesters(stored.evidence, accountsOf(ctx));
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
    groupsOverflow: acl.groupsOverflow,
    foreign: acl.foreign,
    evidence: evidence ?? null,
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
    policyText: policy.readable ? policy.document : null,
    bucketGrants: facts.aclGrants,
    scan: { id: scan.id, mode: scan.mode, versions: scan.versions, finishedAt: scan.finishedAt },
    objectOwnership: posture.objectOwnership,
    readiness: markKept(readiness, translation?.notTranslated ?? null),
    translation,
    translationError,
    includePublic: options.includePublic,
    evidence: stored ? { ...stored, evidence: evidence! } : null,
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

/**
 * Stores the snapshot the cutover and rollback act on, from a plan whose policy can be written and keeps every
 * bucket grant (resetting the bucket ACL must take no access away). The bucket is read again after planning: a
 * policy or bucket ACL that changed meanwhile refuses the snapshot. A cutover that changed the bucket and was not
 * rolled back refuses a new one: its snapshot alone knows the bucket as it was.
 */
export async function takeSnapshot(
  ctx: MigrationContext,
  scan: ScanRecord,
  options: { includePublic: boolean },
) {
  const earlier = latestMigration(ctx.db, ctx.connectionId, ctx.bucket);
  if (earlier && changedAndNotRolledBack(earlier.steps))
    throw new AppError(
      "conflict",
      `Snapshot ${earlier.id}'s cutover has changed the bucket: continue it, or roll it back before a new snapshot.`,
    );
  const plan = await planMigration(ctx, scan, options);
  const t = plan.translation;
  if (!t) throw new AppError("conflict", `No snapshot: ${plan.translationError ?? "no policy"}.`);
  if (!t.fits) throw new AppError("conflict", `No snapshot: ${t.notes[0]}`);
  if (t.bucketGrantsLeftOut.length > 0)
    throw new AppError(
      "conflict",
      `No snapshot: the bucket ACL grants ${t.bucketGrantsLeftOut.join(", ")}, which the policy would not keep ` +
        "(name the account's principal, or choose to keep public grants): resetting the ACL would take that away.",
    );
  const client = s3For(ctx.read);
  const [policyBefore, bucketAcl, ownership] = await Promise.all([
    readPolicyText(client, ctx.bucket),
    readBucketAcl(client, ctx.bucket),
    readOwnership(client, ctx.bucket),
  ]);
  if (policyBefore !== plan.policyText || !sameGrants(bucketAcl.grants, plan.bucketGrants))
    throw new AppError("conflict", "The bucket policy or ACL changed while the plan was made: plan again.");
  if (ownership.kind === "unreadable")
    throw new AppError("conflict", `No snapshot: Object Ownership could not be read (${ownership.reason}).`);
  const migration = createMigration(ctx.db, {
    connectionId: ctx.connectionId,
    bucket: ctx.bucket,
    scanId: scan.id,
    ownerId: bucketAcl.ownerId,
    policyBefore,
    bucketAcl,
    ownershipBefore:
      ownership.kind === "rule" ? ownership.value : ownership.kind === "none" ? "none" : "ObjectWriter",
    policyPlanned: JSON.stringify(JSON.parse(t.after)),
    createdBy: ctx.actor,
  });
  auditMigration(ctx, "acl-migration:snapshot", "done", `snapshot ${migration.id} of scan ${scan.id}`);
  return migration;
}
