import "server-only";
import { requireConnection } from "@/lib/api/browse";
import { viewFilter } from "@/lib/api/findings";
import { fixTargetsOf, planContextFor } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { listAccounts } from "@/lib/db/connections";
import { getFinding, listFindings, type FindingPosition } from "@/lib/db/findings";
import { getScan, isCompleted, type ConnectionScan } from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import { planFixInTurns, startPlannedJob, subjectOf } from "@/lib/jobs/fixes";
import { accountNameMap } from "@/lib/ownership/owners";
import type { Connection } from "@/lib/schemas/connection";
import type { FixSelection } from "@/lib/schemas/fix";
import type { FindingRecord } from "@/lib/schemas/scan";

// Planning a fix of a scan's findings and starting its job. Enforce is lib/api/enforce.ts, the jobs afterwards
// lib/api/fix-jobs.ts, the audit log lib/api/audit-log.ts.

/** Who reads, who writes as the bucket owner, and each foreign account's fixer, from the connection's settings. */
export function contextFor(db: Db, connection: Connection, scanId: number, keepPublicGrants = false) {
  const found = getScan(db, scanId);
  if (!found || found.connectionId !== connection.id)
    throw new AppError("not_found", `No scan ${scanId} for this connection.`);
  const scan = found as ConnectionScan;
  if (!isCompleted(scan))
    throw new AppError("conflict", `Scan ${scanId} is ${scan.status}: fix from a completed scan.`);
  const posture = scan.posture;
  const accounts = listAccounts(db, connection.id);
  const names = accountNameMap(accounts);
  const targets = fixTargetsOf(connection, accounts, scan.bucketOwnerId);
  const context = planContextFor(targets, {
    accountName: (id) => names.get(id) ?? id,
    versioning: posture?.versioning ?? "unknown",
    keepPublicGrants,
  });
  return { scan, targets, context };
}

/**
 * The findings a selection names: explicit keys, or every finding matching a filter that is still foreign-owned
 * (one a fix made the bucket owner's since the scan has nothing left to do).
 */
function* selected(
  db: Db,
  scanId: number,
  bucketOwnerId: string,
  selection: FixSelection,
): Generator<FindingRecord> {
  if (selection.keys) {
    for (const k of selection.keys) {
      const f = getFinding(db, scanId, k.key, k.versionId ?? "");
      if (f) yield f;
    }
    return;
  }
  let after: FindingPosition | null = null;
  do {
    const page = listFindings(
      db,
      scanId,
      { ...viewFilter(selection.filter ?? {}), foreignNow: true },
      { after, limit: 1_000 },
      bucketOwnerId,
    );
    yield* page.findings;
    after = page.last;
  } while (after);
}

const subjectsOf = (db: Db, scan: { id: number; bucketOwnerId: string }, selection: FixSelection) =>
  (function* () {
    for (const f of selected(db, scan.id, scan.bucketOwnerId, selection)) yield subjectOf(f);
  })();

/** The objects a plan answer lists; its totals cover every object, counted as they stream past. */
const PLAN_OBJECTS_SHOWN = 500;

export async function planForSelection(db: Db, selection: FixSelection) {
  const connection = requireConnection(db, selection.connectionId);
  const { scan, context } = contextFor(db, connection, selection.scanId, selection.keepPublicGrants);
  const plan = await planFixInTurns(
    { subjects: subjectsOf(db, scan, selection), requested: selection.strategy ?? null, context },
    PLAN_OBJECTS_SHOWN,
  );
  return { bucket: scan.bucket, ...plan };
}

export function startFix(db: Db, selection: FixSelection, actor: string): { jobId: number } {
  const connection = requireConnection(db, selection.connectionId);
  const { scan, targets, context } = contextFor(db, connection, selection.scanId, selection.keepPublicGrants);
  const jobId = startPlannedJob(db, {
    connectionId: connection.id,
    scanId: scan.id,
    bucket: scan.bucket,
    targets,
    concurrency: 16,
    actor,
    subjects: subjectsOf(db, scan, selection),
    requested: selection.strategy ?? null,
    context,
  });
  return { jobId };
}
