import "server-only";
import { requireConnection } from "@/lib/api/browse";
import { requireKnownBucket } from "@/lib/api/bucket-access";
import { startScan } from "@/lib/api/scans";
import { ownerTargetOf, readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { getMigration, snapshotJsonl } from "@/lib/db/acl-migrations";
import { listAccounts } from "@/lib/db/connections";
import { getScan, newestWholeBucketScan } from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import { parseS3Url } from "@/lib/inventory/manifest";
import type { MigrationContext } from "@/lib/jobs/acl-context";
import { runCutoverStep, runRollback } from "@/lib/jobs/acl-cutover";
import {
  gatherEvidence,
  migrationView,
  planMigration,
  takeSnapshot,
  type EvidenceRequest,
} from "@/lib/jobs/acl-migration";
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
  const accounts = listAccounts(db, c.id);
  const read = readTargetOf(c);
  const owner = ownerTargetOf(c) ?? read;
  return {
    db,
    connectionId: c.id,
    bucket,
    read,
    owner,
    logs: owner,
    names: Object.fromEntries(accounts.map((a) => [a.canonicalId, a.name])),
    principals: Object.fromEntries(
      accounts.flatMap((a) => (a.principal ? [[a.canonicalId, a.principal]] : [])),
    ),
    actor,
  };
}

function scanFor(db: Db, ctx: MigrationContext) {
  const scan = newestWholeBucketScan(db, ctx.connectionId, ctx.bucket);
  if (!scan)
    throw new AppError(
      "conflict",
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

export async function readEvidence(db: Db, connectionId: string, bucket: string, request: EvidenceRequest) {
  if (!request.accessLogs && !request.cloudTrail)
    throw new AppError("bad_request", "Name an access-log location, a CloudTrail location, or both.");
  const ctx = await contextFor(db, connectionId, bucket, "viewer");
  // The logs are read as the bucket owner's writer: only from buckets the connection itself knows.
  const connection = requireConnection(db, connectionId);
  for (const url of [request.accessLogs, request.cloudTrail]) {
    const at = url ? parseS3Url(url) : null;
    if (at) await requireKnownBucket(db, connection, at.bucket);
  }
  return gatherEvidence(ctx, request);
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
