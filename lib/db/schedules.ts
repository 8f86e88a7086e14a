import "server-only";
import type { ScanMode } from "@/lib/audit/types";
import type { Db } from "@/lib/db";
import type { Schedule, ScheduledRun } from "@/lib/schemas/watch";

export type { Schedule, ScheduledRun };

type Row = Record<string, unknown>;

const toSchedule = (r: Row): Schedule => ({
  connectionId: r.connection_id as string,
  bucket: r.bucket as string,
  everyHours: r.every_hours as number,
  mode: r.mode as ScanMode,
  nextRunAt: r.next_run_at as string,
  lastScanId: (r.last_scan_id as number | null) ?? null,
  createdAt: r.created_at as string,
});

/** Adds or changes a bucket's schedule; its first run is one period from `now`. */
export function saveSchedule(
  db: Db,
  s: { connectionId: string; bucket: string; everyHours: number; mode: ScanMode },
  now: Date,
): Schedule {
  const next = new Date(now.getTime() + s.everyHours * 3_600_000).toISOString();
  db.prepare(
    `INSERT INTO scan_schedules (connection_id, bucket, every_hours, mode, next_run_at, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, bucket) DO UPDATE SET every_hours = excluded.every_hours, mode = excluded.mode,
       next_run_at = excluded.next_run_at`,
  ).run(s.connectionId, s.bucket, s.everyHours, s.mode, next, now.toISOString());
  return listSchedules(db, { connectionId: s.connectionId, bucket: s.bucket })[0]!;
}

export function listSchedules(db: Db, q: { connectionId?: string; bucket?: string } = {}): Schedule[] {
  return (
    db
      .prepare(
        `SELECT * FROM scan_schedules WHERE (@connectionId IS NULL OR connection_id = @connectionId)
           AND (@bucket IS NULL OR bucket = @bucket) ORDER BY connection_id, bucket`,
      )
      .all({ connectionId: null, bucket: null, ...q }) as Row[]
  ).map(toSchedule);
}

export function removeSchedule(db: Db, connectionId: string, bucket: string): boolean {
  return (
    db.prepare("DELETE FROM scan_schedules WHERE connection_id = ? AND bucket = ?").run(connectionId, bucket)
      .changes > 0
  );
}

export function dueSchedules(db: Db, now: Date): Schedule[] {
  return (
    db
      .prepare("SELECT * FROM scan_schedules WHERE next_run_at <= ? ORDER BY next_run_at")
      .all(now.toISOString()) as Row[]
  ).map(toSchedule);
}

/**
 * Records a run (its scan, or why none started) and moves the schedule one period past `now`: however many periods
 * were missed while the server was down, one run makes up for them.
 */
export function recordScheduledRun(
  db: Db,
  s: Schedule,
  now: Date,
  outcome: { scanId: number } | { error: string },
): void {
  const next = new Date(now.getTime() + s.everyHours * 3_600_000).toISOString();
  const scanId = "scanId" in outcome ? outcome.scanId : null;
  db.transaction(() => {
    db.prepare(
      "INSERT INTO schedule_runs (connection_id, bucket, scan_id, due_at, started_at, error) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(
      s.connectionId,
      s.bucket,
      scanId,
      s.nextRunAt,
      now.toISOString(),
      "error" in outcome ? outcome.error : null,
    );
    db.prepare(
      "UPDATE scan_schedules SET next_run_at = ?, last_scan_id = coalesce(?, last_scan_id) WHERE connection_id = ? AND bucket = ?",
    ).run(next, scanId, s.connectionId, s.bucket);
  })();
}

export function scheduledRuns(db: Db, connectionId: string, bucket: string, limit: number): ScheduledRun[] {
  return (
    db
      .prepare("SELECT * FROM schedule_runs WHERE connection_id = ? AND bucket = ? ORDER BY id DESC LIMIT ?")
      .all(connectionId, bucket, limit) as Row[]
  ).map((r) => ({
    id: r.id as number,
    scanId: (r.scan_id as number | null) ?? null,
    dueAt: r.due_at as string,
    startedAt: r.started_at as string,
    error: (r.error as string | null) ?? null,
  }));
}

/** Scheduled runs whose scan has not yet been compared with the one before (oldest first). */
export function unabsorbedRuns(db: Db): { id: number; connectionId: string; bucket: string }[] {
  const rows = db
    .prepare(
      "SELECT id, connection_id, bucket FROM schedule_runs WHERE absorbed = 0 AND scan_id IS NOT NULL ORDER BY id",
    )
    .all() as { id: number; connection_id: string; bucket: string }[];
  return rows.map((r) => ({ id: r.id, connectionId: r.connection_id, bucket: r.bucket }));
}

export function markRunAbsorbed(db: Db, id: number): void {
  db.prepare("UPDATE schedule_runs SET absorbed = 1 WHERE id = ?").run(id);
}

/** The scans of a bucket's scheduled runs up to `uptoRunId`, newest first. */
export function runScanIds(
  db: Db,
  connectionId: string,
  bucket: string,
  uptoRunId: number,
  limit: number,
): number[] {
  const rows = db
    .prepare(
      `SELECT scan_id FROM schedule_runs WHERE connection_id = ? AND bucket = ? AND id <= ? AND scan_id IS NOT NULL
       ORDER BY id DESC LIMIT ?`,
    )
    .all(connectionId, bucket, uptoRunId, limit) as { scan_id: number }[];
  return rows.map((r) => r.scan_id);
}
