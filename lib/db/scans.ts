import "server-only";
import type { BucketPosture } from "@/lib/audit/posture";
import type { ObjectStatus, ScanMode } from "@/lib/audit/types";
import type { AwsTarget } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import type { Piece } from "@/lib/listing/key-space";
import type { ScanStatus } from "@/lib/schemas/scan";
import { awsTargetSchema, bucketPostureSchema, listingSchema, parseStored } from "@/lib/schemas/stored";

// A scan's lifecycle: created, claimed by a runner, checkpointed, finished or cancelled. Its findings are written by
// lib/db/scan-writes.ts and read by lib/db/findings.ts.

export type ScanRecord = {
  id: number;
  connectionId: string | null;
  /** Who scans and where (stored with the scan, so that a resumed run acts as the first did). */
  target: AwsTarget;
  identity: string;
  bucket: string;
  prefix: string;
  mode: ScanMode;
  versions: boolean;
  concurrency: number;
  status: ScanStatus;
  cancelRequested: boolean;
  error: string | null;
  bucketOwnerId: string | null;
  posture: BucketPosture | null;
  listAfterKey: string | null;
  listAfterVersion: string | null;
  /** A listing in pieces: each piece's range and position (null: listed in one stream, from listAfterKey). */
  listing: Piece[] | null;
  listingDone: boolean;
  /** The fleet run that made it, which takes it up again after a restart. */
  fleetRunId: number | null;
  listed: number;
  classified: number;
  listedBytes: number;
  byStatus: Record<ObjectStatus, number>;
  requests: number;
  retries: number;
  throttled: number;
  runs: number;
  activeMs: number;
  runnerPid: number | null;
  heartbeatAt: number | null;
  createdAt: string;
  finishedAt: string | null;
  /** "inventory" when the findings were read from an S3 Inventory report, dated reportDate. */
  source: "live" | "inventory";
  reportDate: string | null;
};

type ScanRow = Record<string, unknown>;

function toScan(r: ScanRow): ScanRecord {
  return {
    id: r.id as number,
    connectionId: r.connection_id as string | null,
    target: parseStored(awsTargetSchema, r.target_json as string, "scan target"),
    identity: r.identity as string,
    bucket: r.bucket as string,
    prefix: r.prefix as string,
    mode: r.mode as ScanMode,
    versions: r.versions === 1,
    concurrency: r.concurrency as number,
    status: r.status as ScanStatus,
    cancelRequested: r.cancel_requested === 1,
    error: r.error as string | null,
    bucketOwnerId: r.bucket_owner_id as string | null,
    posture: r.posture_json
      ? parseStored(bucketPostureSchema, r.posture_json as string, "bucket posture")
      : null,
    listAfterKey: r.list_after_key as string | null,
    listAfterVersion: r.list_after_version as string | null,
    listing: r.listing_json ? parseStored(listingSchema, r.listing_json as string, "listing pieces") : null,
    listingDone: r.listing_done === 1,
    fleetRunId: (r.fleet_run_id as number | null) ?? null,
    listed: r.listed as number,
    classified: r.classified as number,
    listedBytes: r.listed_bytes as number,
    byStatus: {
      owned: r.count_owned as number,
      "foreign-full-control": r.count_foreign_full_control as number,
      "foreign-readable": r.count_foreign_readable as number,
      "foreign-locked": r.count_foreign_locked as number,
      unknown: r.count_unknown as number,
    },
    requests: r.requests as number,
    retries: r.retries as number,
    throttled: r.throttled as number,
    runs: r.runs as number,
    activeMs: r.active_ms as number,
    runnerPid: r.runner_pid as number | null,
    heartbeatAt: r.heartbeat_at as number | null,
    createdAt: r.created_at as string,
    finishedAt: r.finished_at as string | null,
    source: r.source === "inventory" ? "inventory" : "live",
    reportDate: r.report_date as string | null,
  };
}

/** A scan the web server shows: started for a connection (CLI scans carry none). */
export type ConnectionScan = ScanRecord & { connectionId: string };

/** A completed scan of a connection: its bucket owner is known (read before any key). */
export type CompletedScan = ConnectionScan & { status: "completed"; bucketOwnerId: string };

export const isCompleted = (s: ConnectionScan): s is CompletedScan =>
  s.status === "completed" && s.bucketOwnerId !== null;

export type NewScan = {
  connectionId: string | null;
  target: AwsTarget;
  identity: string;
  bucket: string;
  prefix: string;
  mode: ScanMode;
  versions: boolean;
  concurrency: number;
};

export function createScan(db: Db, s: NewScan): number {
  const result = db
    .prepare(
      `INSERT INTO scans (connection_id, target_json, identity, bucket, prefix, mode, versions, concurrency, status)
       VALUES (@connectionId, @targetJson, @identity, @bucket, @prefix, @mode, @versions, @concurrency, 'running')`,
    )
    .run({ ...s, targetJson: JSON.stringify(s.target), versions: s.versions ? 1 : 0 });
  return Number(result.lastInsertRowid);
}

export function getScan(db: Db, id: number): ScanRecord | undefined {
  const row = db.prepare("SELECT * FROM scans WHERE id = ?").get(id) as ScanRow | undefined;
  return row && toScan(row);
}

export function listScans(
  db: Db,
  filter: { connectionId?: string; bucket?: string; limit: number },
): ScanRecord[] {
  const rows = db
    .prepare(
      `SELECT * FROM scans WHERE (@connectionId IS NULL OR connection_id = @connectionId)
         AND (@bucket IS NULL OR bucket = @bucket) ORDER BY id DESC LIMIT @limit`,
    )
    .all({
      connectionId: filter.connectionId ?? null,
      bucket: filter.bucket ?? null,
      limit: filter.limit,
    }) as ScanRow[];
  return rows.map(toScan);
}

/** Marks a scan as read from an inventory report of that date. */
export function markInventoryScan(db: Db, id: number, reportDate: string): void {
  db.prepare("UPDATE scans SET source = 'inventory', report_date = ? WHERE id = ?").run(reportDate, id);
}

/** A fleet run's scan: after a restart the run goes on with it, not the server's own resume. */
export function markFleetScan(db: Db, id: number, runId: number): void {
  db.prepare("UPDATE scans SET fleet_run_id = ? WHERE id = ?").run(runId, id);
}

/** The listing is complete (an inventory report has been read whole); only pending rows are left to check. */
export function markListingDone(db: Db, id: number): void {
  db.prepare(
    "UPDATE scans SET listing_done = 1, list_after_key = NULL, list_after_version = NULL WHERE id = ?",
  ).run(id);
}

/** The newest completed scan of each bucket of a connection. */
export function latestCompletedScans(db: Db, connectionId: string): CompletedScan[] {
  const rows = db
    .prepare(
      `SELECT * FROM scans WHERE id IN (SELECT max(id) FROM scans WHERE connection_id = ? AND status = 'completed'
         GROUP BY bucket)`,
    )
    .all(connectionId) as ScanRow[];
  // Completed by the query: a completed scan has read its bucket owner.
  return rows.map(toScan) as CompletedScan[];
}

/** The newest completed scan of a whole bucket (no prefix), by a connection or by the CLI (null). */
export function newestWholeBucketScan(
  db: Db,
  connectionId: string | null,
  bucket: string,
): ScanRecord | undefined {
  const row = db
    .prepare(
      `SELECT * FROM scans WHERE connection_id IS ? AND bucket = ? AND prefix = '' AND status = 'completed'
         AND bucket_owner_id IS NOT NULL ORDER BY id DESC LIMIT 1`,
    )
    .get(connectionId, bucket) as ScanRow | undefined;
  return row ? toScan(row) : undefined;
}

/**
 * An unfinished listing of the same target and parameters (interrupted or failed), to continue from its checkpoint.
 * A scan made from an inventory report is never one: a listing continued over its rows would keep keys S3 no
 * longer has.
 */
export function findUnfinishedScan(
  db: Db,
  s: Pick<NewScan, "identity" | "bucket" | "prefix" | "mode" | "versions">,
): ScanRecord | undefined {
  const row = db
    .prepare(
      `SELECT * FROM scans WHERE identity = @identity AND bucket = @bucket AND prefix = @prefix AND mode = @mode
         AND versions = @versions AND status IN ('running', 'failed') AND cancel_requested = 0
         AND source = 'live'
       ORDER BY id DESC LIMIT 1`,
    )
    .get({ ...s, versions: s.versions ? 1 : 0 }) as ScanRow | undefined;
  return row && toScan(row);
}

/**
 * The newest completed scan of the same scope before this one, by the same connection (a CLI scan, or another
 * connection's, is not one its pages can open): how many keys it found is what the next expects.
 */
export function earlierScanOfScope(db: Db, s: ScanRecord): { id: number; listed: number } | undefined {
  return db
    .prepare(
      `SELECT id, listed FROM scans WHERE connection_id IS @connectionId AND identity = @identity AND bucket = @bucket
         AND prefix = @prefix AND versions = @versions AND status = 'completed' AND id < @id
       ORDER BY id DESC LIMIT 1`,
    )
    .get({
      connectionId: s.connectionId,
      identity: s.identity,
      bucket: s.bucket,
      prefix: s.prefix,
      versions: s.versions ? 1 : 0,
      id: s.id,
    }) as { id: number; listed: number } | undefined;
}

/** Whether a connection has scanned (or is scanning) a bucket: a scan that failed proves nothing about the name. */
export const hasScanOf = (db: Db, connectionId: string, bucket: string) =>
  db
    .prepare(
      "SELECT 1 FROM scans WHERE connection_id = ? AND bucket = ? AND status IN ('completed', 'running') LIMIT 1",
    )
    .get(connectionId, bucket) !== undefined;

export function scansMarkedRunning(db: Db): ScanRecord[] {
  return (db.prepare("SELECT * FROM scans WHERE status = 'running'").all() as ScanRow[]).map(toScan);
}

/** Takes a scan for this process: a heartbeat and our pid tell other processes it is alive. */
export function claimScan(db: Db, id: number, pid: number): void {
  db.prepare(
    `UPDATE scans SET status = 'running', error = NULL, runner_pid = ?, heartbeat_at = ?, runs = runs + 1,
       finished_at = NULL WHERE id = ?`,
  ).run(pid, Date.now(), id);
}

/** Marks a scan as this process's before its runner starts (in a thread): until then it still counts as running. */
export function holdScan(db: Db, id: number, pid: number): void {
  db.prepare("UPDATE scans SET runner_pid = ?, heartbeat_at = ? WHERE id = ?").run(pid, Date.now(), id);
}

export function savePosture(db: Db, id: number, posture: BucketPosture): void {
  db.prepare("UPDATE scans SET bucket_owner_id = ?, posture_json = ? WHERE id = ?").run(
    posture.ownerId,
    JSON.stringify(posture),
    id,
  );
}

export function finishScan(
  db: Db,
  id: number,
  status: Exclude<ScanStatus, "running">,
  error: string | null,
): void {
  db.prepare(
    `UPDATE scans SET status = ?, error = ?, runner_pid = NULL, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE id = ?`,
  ).run(status, error, id);
}

export function requestCancel(db: Db, id: number): boolean {
  return (
    db.prepare("UPDATE scans SET cancel_requested = 1 WHERE id = ? AND status = 'running'").run(id)
      .changes === 1
  );
}

export function isCancelRequested(db: Db, id: number): boolean {
  const row = db.prepare("SELECT cancel_requested FROM scans WHERE id = ?").get(id) as
    { cancel_requested: number } | undefined;
  return row?.cancel_requested === 1;
}
