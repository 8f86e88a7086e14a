import "server-only";
import { requireConnection } from "@/lib/api/browse";
import { requireKnownBucket } from "@/lib/api/bucket-access";
import { migrationView, planMigration, takeSnapshot } from "@/lib/api/migration-plan";
import { startScan } from "@/lib/api/scans";
import type { Db } from "@/lib/db";
import { getMigration, snapshotJsonl } from "@/lib/db/acl-migrations";
import { latestEvidenceJob } from "@/lib/db/evidence-jobs";
import { getScan, newestWholeBucketScan } from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import { parseS3Url } from "@/lib/inventory/manifest";
import { migrationContextOf, type MigrationContext } from "@/lib/jobs/acl-context";
import { runCutoverStep, runRollback } from "@/lib/jobs/acl-cutover";
import type { EvidenceRequest } from "@/lib/jobs/acl-migration";
import { cancelEvidenceJob, startEvidenceJob } from "@/lib/jobs/evidence-job";
import { athenaScripts } from "@/lib/migrate/athena";
import { enforceHold, type CutoverStep } from "@/lib/migrate/steps";

// Disabling ACLs for a connection's bucket, as the browser's routes ask for it: the plan, the logs' evidence, the
// snapshot (and its JSONL), each cutover step and the rollback. Reads go through the connection's read identity;
// writes, and the logs, through the bucket owner's write identity when the connection names one.

async function contextFor(
  db: Db,
  connectionId: string,
  bucket: string,
  actor: string,
): Promise<MigrationContext> {
  const c = requireConnection(db, connectionId);
  await requireKnownBucket(db, c, bucket);
  return migrationContextOf(db, c, bucket, actor);
}

function scanFor(db: Db, ctx: MigrationContext) {
  const scan = newestWholeBucketScan(db, ctx.connectionId, ctx.bucket);
  if (!scan)
    throw new AppError(
      "needs_scan",
      `No completed scan of the whole of ${ctx.bucket}: scan it first (a full scan reads each object's ACL).`,
    );
  return scan;
}

export async function migrationPlan(db: Db, connectionId: string, bucket: string, includePublic: boolean) {
  const ctx = await contextFor(db, connectionId, bucket, "viewer");
  const plan = await planMigration(ctx, scanFor(db, ctx), { includePublic });
  const request = (plan.evidence?.request ?? {}) as Partial<EvidenceRequest>;
  return {
    ...plan,
    athena: athenaScripts({
      bucket,
      accessLogs: request.accessLogs ?? null,
      cloudTrail: request.cloudTrail ?? null,
      since: request.since ?? null,
    }),
  };
}

/**
 * Starts reading the named logs as a background job (answered at once; its progress is asked for with
 * evidenceJob). The logs are read as the bucket owner's writer: only from buckets the connection itself knows.
 */
export async function readEvidence(
  db: Db,
  connectionId: string,
  bucket: string,
  request: EvidenceRequest,
  actor: string,
) {
  if (!request.accessLogs && !request.cloudTrail && !request.metadataJournal)
    throw new AppError(
      "bad_request",
      "Name an access-log location, a CloudTrail location or an S3 Metadata journal location.",
    );
  await contextFor(db, connectionId, bucket, actor);
  const connection = requireConnection(db, connectionId);
  for (const url of [request.accessLogs, request.cloudTrail, request.metadataJournal]) {
    const at = url ? parseS3Url(url) : null;
    if (at) await requireKnownBucket(db, connection, at.bucket);
  }
  return startEvidenceJob(db, { connectionId, bucket, request, actor });
}

/** The bucket's latest reading of logs (running, or how it ended), or null. */
export async function evidenceJob(db: Db, connectionId: string, bucket: string) {
  requireConnection(db, connectionId);
  return { job: latestEvidenceJob(db, connectionId, bucket) ?? null };
}

/** Asks the bucket's running reading to stop (it keeps what it has read). */
export async function cancelEvidence(db: Db, connectionId: string, bucket: string) {
  const job = latestEvidenceJob(db, connectionId, bucket);
  if (!job || !cancelEvidenceJob(db, job.id))
    throw new AppError("conflict", `No reading of logs is running for ${bucket}.`);
  return { cancelling: job.id };
}

export async function snapshotBucket(
  db: Db,
  connectionId: string,
  bucket: string,
  includePublic: boolean,
  actor: string,
) {
  const ctx = await contextFor(db, connectionId, bucket, actor);
  return migrationView(db, await takeSnapshot(ctx, scanFor(db, ctx), { includePublic }));
}

function migrationOf(db: Db, ctx: MigrationContext, id: number) {
  const m = getMigration(db, id);
  if (!m || m.connectionId !== ctx.connectionId || m.bucket !== ctx.bucket)
    throw new AppError("not_found", `No snapshot ${id} of ${ctx.bucket}.`);
  return m;
}

export async function runStep(
  db: Db,
  connectionId: string,
  bucket: string,
  input: { snapshot: number; step: CutoverStep; acceptBreakers: boolean },
  actor: string,
) {
  const ctx = await contextFor(db, connectionId, bucket, actor);
  const m = migrationOf(db, ctx, input.snapshot);
  if (input.step === "enforce") {
    // Judged on the snapshot's scan, and with public grants counted as lost (the safe side).
    const scan = (m.scanId !== null ? getScan(db, m.scanId) : undefined) ?? scanFor(db, ctx);
    const plan = await planMigration(ctx, scan, { includePublic: false });
    const hold = enforceHold(plan.readiness.items, plan.objectOwnership, input.acceptBreakers);
    if (hold) throw new AppError("conflict", hold);
  }
  const state = await runCutoverStep(ctx, m, input.step, async () => {
    const { scanId } = await startScan(db, {
      connectionId: ctx.connectionId!,
      bucket,
      prefix: "",
      mode: "fast",
      versions: false,
      concurrency: 32,
    });
    return `scan ${scanId} started`;
  });
  return { state, migration: migrationView(db, getMigration(db, m.id)!) };
}

export async function rollbackBucket(
  db: Db,
  connectionId: string,
  bucket: string,
  snapshot: number,
  actor: string,
) {
  const ctx = await contextFor(db, connectionId, bucket, actor);
  const steps = await runRollback(ctx, migrationOf(db, ctx, snapshot));
  return { steps, migration: migrationView(db, getMigration(db, snapshot)!) };
}

/** The snapshot as JSONL lines, read a row at a time. */
export async function snapshotLines(db: Db, connectionId: string, bucket: string, snapshot: number) {
  const ctx = await contextFor(db, connectionId, bucket, "viewer");
  const m = migrationOf(db, ctx, snapshot);
  return snapshotJsonl(db, m);
}
