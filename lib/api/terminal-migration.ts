import "server-only";
import { migrationView, planMigration, takeSnapshot } from "@/lib/api/migration-plan";
import { targetOfFlags } from "@/lib/api/targets";
import { s3For } from "@/lib/aws/clients";
import type { PartialTarget } from "@/lib/aws/resolve-target";
import { readPostureFacts } from "@/lib/aws/scan-io";
import type { Db } from "@/lib/db";
import { getMigration, latestMigration, snapshotJsonl, type AclMigration } from "@/lib/db/acl-migrations";
import { newestWholeBucketScan, type ScanRecord } from "@/lib/db/scans";
import type { MigrationContext } from "@/lib/jobs/acl-context";
import { runCutoverStep, runRollback } from "@/lib/jobs/acl-cutover";
import { gatherEvidence, type EvidenceRequest } from "@/lib/jobs/acl-migration";
import { runScan } from "@/lib/jobs/scan-runner";
import { prepareScan } from "@/lib/jobs/scans";
import { changedAndNotRolledBack, cutoverSteps, enforceHold, nextStep } from "@/lib/migrate/steps";

// Disabling ACLs from a terminal (`ownerscope migrate`): no stored connection, the identities named by flags, the
// whole cutover run in this process step by step. The browser's way, one step per request, is lib/api/acl-migration.ts.

/** Who plans and acts: the read identity of the flags; the owner's and the log reader's profiles when named. */
export async function terminalContext(
  db: Db,
  q: {
    bucket: string;
    read: PartialTarget;
    ownerProfile?: string;
    logsProfile?: string;
    principals: Record<string, string>;
    actor: string;
  },
): Promise<MigrationContext> {
  const read = await targetOfFlags(q.read);
  const as = (profile: string | undefined) =>
    profile ? targetOfFlags({ ...read, profile, roleArn: null, externalId: null, sessionName: null }) : null;
  const owner = (await as(q.ownerProfile)) ?? read;
  const logs = (await as(q.logsProfile)) ?? owner;
  return {
    db,
    connectionId: null,
    bucket: q.bucket,
    read,
    owner,
    logs,
    names: {},
    principals: q.principals,
    actor: q.actor,
  };
}

/** The newest whole-bucket scan, or a full one run now (versions too when the bucket keeps them). */
export async function wholeBucketScan(
  ctx: MigrationContext,
  onScanning: (scanId: number) => Promise<void>,
): Promise<ScanRecord> {
  const existing = newestWholeBucketScan(ctx.db, null, ctx.bucket);
  if (existing) return existing;
  const facts = await readPostureFacts(s3For(ctx.read), ctx.bucket);
  const { scanId } = prepareScan(ctx.db, {
    connectionId: null,
    target: ctx.read,
    bucket: ctx.bucket,
    prefix: "",
    mode: "full",
    versions: facts.versioning === "Enabled" || facts.versioning === "Suspended",
    concurrency: 16,
  });
  await onScanning(scanId);
  const scan = await runScan(ctx.db, scanId);
  if (scan.status !== "completed")
    throw new Error(`scan ${scanId} did not complete: ${scan.error ?? scan.status}`);
  return scan;
}

/** Reads the logs named into the bucket's evidence now, in this process. */
export const readEvidenceHere = (ctx: MigrationContext, request: EvidenceRequest) =>
  gatherEvidence(ctx, request);

/** The plan of the newest whole-bucket scan. */
export const planHere = (ctx: MigrationContext, scan: ScanRecord, includePublic: boolean) =>
  planMigration(ctx, scan, { includePublic });

/** Puts back the newest snapshot's policy, bucket ACL and Object Ownership; null when there is no snapshot. */
export async function rollbackHere(ctx: MigrationContext) {
  const m = latestMigration(ctx.db, null, ctx.bucket);
  if (!m) return null;
  const steps = await runRollback(ctx, m);
  return { snapshot: m.id, steps, rollback: migrationView(ctx.db, getMigration(ctx.db, m.id)!).rollback };
}

type Ran = { step: (typeof cutoverSteps)[number]; state: string; message: string };

/**
 * Runs the cutover's steps in turn from a snapshot: a cutover that changed the bucket goes on from where it stopped
 * (its snapshot alone knows the bucket as it was); otherwise a new snapshot is taken. Stops at a step that did not
 * finish, and before enforcing while readers or writers would break, unless the breakers are accepted.
 */
export async function applyHere(
  ctx: MigrationContext,
  scan: ScanRecord,
  plan: Awaited<ReturnType<typeof planMigration>>,
  o: { includePublic: boolean; acceptBreakers: boolean; onSnapshot: (m: AclMigration) => Promise<void> },
) {
  const { db } = ctx;
  let m = latestMigration(db, null, ctx.bucket);
  if (!m || !changedAndNotRolledBack(m.steps)) m = await takeSnapshot(ctx, scan, o);
  await o.onSnapshot(m);
  const ran: Ran[] = [];
  for (let step = nextStep(m.steps); step; step = nextStep(m.steps)) {
    const hold =
      step === "enforce" ? enforceHold(plan.readiness.items, plan.objectOwnership, o.acceptBreakers) : null;
    if (hold) {
      ran.push({ step, state: "stopped", message: hold });
      break;
    }
    const state = await runCutoverStep(ctx, m, step, () => rescanFast(ctx));
    ran.push({ step, ...state });
    m = getMigration(db, m.id)!;
    if (state.state !== "done") break;
  }
  const complete = cutoverSteps.every((s) => m!.steps[s]?.state === "done");
  return { snapshot: m.id, ran, complete, rollback: migrationView(db, m).rollback };
}

/** The cutover's last step: a fast scan of the bucket, said in one line. */
async function rescanFast(ctx: MigrationContext): Promise<string> {
  const { scanId } = prepareScan(
    ctx.db,
    {
      connectionId: null,
      target: ctx.read,
      bucket: ctx.bucket,
      prefix: "",
      mode: "fast",
      versions: false,
      concurrency: 16,
    },
    false,
  );
  const rescanned = await runScan(ctx.db, scanId);
  return `scan ${scanId} ${rescanned.status}: ${rescanned.classified} objects, ${rescanned.classified - rescanned.byStatus.owned} not the bucket owner's`;
}

/** A snapshot as JSONL lines, read a row at a time. */
export const snapshotLinesOf = (db: Db, m: AclMigration) => snapshotJsonl(db, m);
