import "server-only";
import { requireConnection } from "@/lib/api/browse";
import { bucketPosture } from "@/lib/api/connections";
import { decodeCursor, encodeCursor } from "@/lib/api/cursor";
import { viewFilter } from "@/lib/api/findings";
import { foreignCount } from "@/lib/audit/report";
import { fixTargetsOf, planContextFor } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { listAudit } from "@/lib/db/audit-log";
import { listAccounts } from "@/lib/db/connections";
import { getFinding, listFindings, type FindingPosition } from "@/lib/db/findings";
import {
  listFixItems,
  resetFailedItems,
  setFixItemStrategy,
  unplannedFailures,
  type FixItemRecord,
} from "@/lib/db/fix-items";
import { getFixJob, listFixJobs, setFixJobTargets, type FixJobRecord } from "@/lib/db/fix-jobs";
import { getScan } from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import { auditCsvHeader, auditCsvLine } from "@/lib/fix/audit-csv";
import { ENFORCE_REQUEST, planEnforce } from "@/lib/fix/enforce";
import { planObject, type PlanContext } from "@/lib/fix/plan";
import type { Strategy } from "@/lib/fix/strategy";
import { enforceBucket } from "@/lib/jobs/enforce";
import { assertBucketFree, fixJobIsLive } from "@/lib/jobs/fix-lock";
import {
  pauseOrCancelFix,
  planFixInTurns,
  runFixInBackground,
  startPlannedJob,
  subjectOf,
} from "@/lib/jobs/fixes";
import { accountNameMap } from "@/lib/ownership/owners";
import type { Connection } from "@/lib/schemas/connection";
import type { FixItemState } from "@/lib/schemas/fix";
import type { EnforceInput, EnforcePlanDto, EnforceResultDto, FixSelection } from "@/lib/schemas/fix";
import type { FindingRecord } from "@/lib/schemas/scan";

/** Who reads, who writes as the bucket owner, and each foreign account's fixer, from the connection's settings. */
function contextFor(db: Db, connection: Connection, scanId: number, keepPublicGrants = false) {
  const scan = getScan(db, scanId);
  if (!scan || scan.connectionId !== connection.id)
    throw new AppError("not_found", `No scan ${scanId} for this connection.`);
  if (scan.status !== "completed")
    throw new AppError("conflict", `Scan ${scanId} is ${scan.status}: fix from a completed scan.`);
  const posture = scan.posture;
  const accounts = listAccounts(db, connection.id);
  const names = accountNameMap(accounts);
  const targets = fixTargetsOf(connection, accounts, scan.bucketOwnerId!);
  const context = planContextFor(targets, {
    accountName: (id) => names.get(id) ?? id,
    versioning: posture?.versioning ?? "unknown",
    keepPublicGrants,
  });
  return { scan, targets, context };
}

/** The findings a selection names: explicit keys, or every finding matching a filter (foreign ones only). */
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
      { ...viewFilter(selection.filter ?? {}), foreignOnly: true },
      { after, limit: 1_000 },
      bucketOwnerId,
    );
    yield* page.findings;
    after = page.last;
  } while (after);
}

const subjectsOf = (db: Db, scan: { id: number; bucketOwnerId: string | null }, selection: FixSelection) =>
  (function* () {
    for (const f of selected(db, scan.id, scan.bucketOwnerId!, selection)) yield subjectOf(f);
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

/**
 * Enforce acts on the bucket of a completed scan, as the bucket owner's write identity when one is configured (else
 * the connection's own); its blockers are checked on the bucket's settings read now, not on the scan's.
 */
async function enforceSetup(db: Db, input: EnforceInput) {
  const connection = requireConnection(db, input.connectionId);
  const { scan, targets } = contextFor(db, connection, input.scanId);
  const posture = await bucketPosture(db, connection.id, scan.bucket);
  return { connection, scan, posture, owner: targets.owner };
}

export async function planEnforceForScan(db: Db, input: EnforceInput): Promise<EnforcePlanDto> {
  const { scan, posture, owner } = await enforceSetup(db, input);
  return {
    bucket: scan.bucket,
    actor: owner
      ? "the bucket owner's write identity"
      : "the connection's own identity (no bucket-owner write identity is configured)",
    request: ENFORCE_REQUEST,
    objectOwnership: posture.objectOwnership,
    foreignObjects: foreignCount(scan.byStatus),
    decision: planEnforce(posture),
  };
}

export async function enforceForScan(
  db: Db,
  input: EnforceInput,
  actorName: string,
): Promise<EnforceResultDto> {
  const { connection, scan, posture, owner } = await enforceSetup(db, input);
  const ended = await enforceBucket(db, {
    connectionId: connection.id,
    bucket: scan.bucket,
    posture,
    actor: owner ?? connection,
    actorName,
  });
  return { bucket: scan.bucket, ...ended };
}

function toFixJobDto(j: FixJobRecord) {
  const total = Object.values(j.counts).reduce((a, b) => a + b, 0);
  return {
    id: j.id,
    connectionId: j.connectionId,
    scanId: j.scanId,
    bucket: j.bucket,
    requestedStrategy: j.requestedStrategy,
    status: j.status,
    pauseRequested: j.pauseRequested,
    cancelRequested: j.cancelRequested,
    error: j.error,
    actor: j.actor,
    counts: j.counts,
    total,
    done: total - j.counts.pending - j.counts.copying,
    createdAt: j.createdAt,
    finishedAt: j.finishedAt,
  };
}

function requireJob(db: Db, id: number): FixJobRecord {
  const job = getFixJob(db, id);
  if (!job || job.connectionId === null) throw new AppError("not_found", `No fix job ${id}.`);
  return job;
}

export const fixJobById = (db: Db, id: number) => toFixJobDto(requireJob(db, id));

export const fixJobs = (db: Db, filter: { connectionId?: string; bucket?: string; limit: number }) =>
  listFixJobs(db, filter)
    .filter((j) => j.connectionId !== null)
    .map(toFixJobDto);

export function fixJobItems(db: Db, id: number, q: { state?: FixItemState; after?: string; limit: number }) {
  requireJob(db, id);
  const after = decodeCursor(q.after);
  const items = listFixItems(db, id, { state: q.state }, { after, limit: q.limit });
  const last = items.length === q.limit ? items[items.length - 1]! : null;
  return {
    // The snapshot is internal (what a copy restates); the list shows results.
    items: items.map((i) => ({ ...i, snapshot: undefined })),
    nextCursor: last ? encodeCursor(last) : null,
  };
}

/**
 * A resume or retry usually follows a change of settings (a fixer configured, a role given a permission): the job
 * then acts as the connection is configured now, not as it was when the job was planned. Answers that configuration.
 */
function actAsConfiguredNow(db: Db, job: FixJobRecord): PlanContext | null {
  if (job.connectionId === null || job.scanId === null) return null;
  const connection = requireConnection(db, job.connectionId);
  const { targets, context } = contextFor(db, connection, job.scanId, job.keepPublicGrants);
  assertBucketFree(db, { bucket: job.bucket, targets }, job.id);
  setFixJobTargets(db, job.id, targets);
  return context;
}

/** Objects no strategy could be planned for ("configure a fixer for account X") are planned again, a page at a time. */
function replanUnplanned(db: Db, job: FixJobRecord & { scanId: number }, context: PlanContext) {
  const requested = job.requestedStrategy as Exclude<Strategy, "enforce"> | null;
  const replanPage = db.transaction((items: FixItemRecord[]) => {
    for (const item of items) {
      const finding = getFinding(db, job.scanId, item.key, item.versionId);
      const decision = finding ? planObject(subjectOf(finding), context, requested).decision : null;
      if (decision?.kind === "fix")
        setFixItemStrategy(db, job.id, item, { strategy: decision.strategy, thenStrategy: decision.then });
    }
  });
  let after: { key: string; versionId: string } | null = null;
  for (;;) {
    const items = unplannedFailures(db, job.id, after, 1_000);
    if (items.length === 0) return;
    replanPage(items);
    after = items.at(-1)!;
  }
}

/** Pause, resume, cancel, or retry the failures of a fix job. */
export function controlFix(db: Db, id: number, action: "pause" | "resume" | "cancel" | "retry") {
  const job = requireJob(db, id);
  const active = job.status === "running" || job.status === "paused";
  if (action === "pause" || action === "cancel") {
    if (!active) throw new AppError("conflict", `Fix job ${id} is already ${job.status}.`);
    pauseOrCancelFix(db, id, action);
    // A paused job, or one whose runner is gone, has no runner to notice the flag: cancel it here.
    if (action === "cancel" && !fixJobIsLive(job)) {
      db.prepare(
        "UPDATE fix_jobs SET status = 'cancelled', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
      ).run(id);
    }
  } else if (action === "resume") {
    if (job.status !== "paused" && job.status !== "failed")
      throw new AppError("conflict", `Fix job ${id} is ${job.status}; only a paused or failed job resumes.`);
    actAsConfiguredNow(db, job);
    runFixInBackground(db, id);
  } else {
    if (job.status === "running") throw new AppError("conflict", `Fix job ${id} is still running.`);
    const context = actAsConfiguredNow(db, job);
    if (context && job.scanId !== null) replanUnplanned(db, { ...job, scanId: job.scanId }, context);
    const reset = resetFailedItems(db, id);
    if (reset === 0) throw new AppError("conflict", `Fix job ${id} has no failures that can be retried.`);
    runFixInBackground(db, id);
  }
  return fixJobById(db, id);
}

type AuditFilter = { connectionId?: string; bucket?: string; jobId?: number; beforeId?: number };

/** Audit entries newest first, a page at a time, with the owners' account names where the connection names them. */
export function auditLog(db: Db, filter: AuditFilter & { limit: number }) {
  const names = accountNameMap(filter.connectionId ? listAccounts(db, filter.connectionId) : []);
  const entries = listAudit(db, filter).map((e) => ({
    ...e,
    ownerBeforeName: e.ownerBefore ? (names.get(e.ownerBefore) ?? null) : null,
    ownerAfterName: e.ownerAfter ? (names.get(e.ownerAfter) ?? null) : null,
  }));
  return { entries, nextBefore: entries.length === filter.limit ? entries.at(-1)!.id : null };
}

/** Every matching audit entry as CSV (or the newest `limit`), streamed page by page: a bulk job logs millions. */
export function exportAudit(db: Db, filter: AuditFilter, limit = Number.POSITIVE_INFINITY): ReadableStream {
  const encoder = new TextEncoder();
  let beforeId = filter.beforeId;
  let left = limit;
  let first = true;
  return new ReadableStream({
    pull(controller) {
      const page = listAudit(db, { ...filter, beforeId, limit: Math.min(2_000, left) });
      const text = (first ? auditCsvHeader : "") + page.map(auditCsvLine).join("");
      first = false;
      left -= page.length;
      if (text) controller.enqueue(encoder.encode(text));
      if (page.length < 2_000 || left <= 0) controller.close();
      else beforeId = page.at(-1)!.id;
    },
  });
}
