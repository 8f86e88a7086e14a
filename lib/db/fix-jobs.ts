import "server-only";
import type { FixTargets } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import type { FixItemState, FixJobStatus } from "@/lib/schemas/fix";
import { fixTargetsSchema, parseStored } from "@/lib/schemas/stored";

// Fix jobs: who acts, their lifecycle (claimed, heartbeat, pause and cancel asked, finished) and their items'
// counts. The items are lib/db/fix-items.ts; what each step did is the audit log (lib/db/audit-log.ts).

export type FixJobRecord = {
  id: number;
  connectionId: string | null;
  scanId: number | null;
  bucket: string;
  /** Who the job acts as: the read identity, the bucket owner's writer, each fixer. */
  targets: FixTargets;
  requestedStrategy: string | null;
  concurrency: number;
  actor: string;
  /** Public grants (AllUsers, AuthenticatedUsers) are restated by the copies; else they are dropped, as planned. */
  keepPublicGrants: boolean;
  status: FixJobStatus;
  pauseRequested: boolean;
  cancelRequested: boolean;
  error: string | null;
  runnerPid: number | null;
  heartbeatAt: number | null;
  runs: number;
  createdAt: string;
  finishedAt: string | null;
  counts: Record<FixItemState, number>;
  bytesToFix: number;
};

type Row = Record<string, unknown>;

const noCounts = (): Record<FixItemState, number> => ({
  pending: 0,
  copying: 0,
  fixed: 0,
  skipped: 0,
  failed: 0,
  "changed-since-scan": 0,
});

/** Each job's items counted by state, and the bytes it plans to copy: one grouped query for any number of jobs. */
function countsOf(db: Db, jobIds: number[]) {
  const counts = new Map(jobIds.map((id) => [id, { counts: noCounts(), bytesToFix: 0 }]));
  if (jobIds.length === 0) return counts;
  const rows = db
    .prepare(
      `SELECT job_id, state, count(*) AS n, coalesce(sum(CASE WHEN strategy IS NOT NULL THEN size END), 0) AS bytes
       FROM fix_items WHERE job_id IN (SELECT value FROM json_each(?)) GROUP BY job_id, state`,
    )
    .all(JSON.stringify(jobIds)) as { job_id: number; state: FixItemState; n: number; bytes: number }[];
  for (const r of rows) {
    const c = counts.get(r.job_id)!;
    c.counts[r.state] = r.n;
    c.bytesToFix += r.bytes;
  }
  return counts;
}

function toJobs(db: Db, rows: Row[]): FixJobRecord[] {
  const counts = countsOf(
    db,
    rows.map((r) => r.id as number),
  );
  return rows.map((r) => ({
    id: r.id as number,
    connectionId: r.connection_id as string | null,
    scanId: r.scan_id as number | null,
    bucket: r.bucket as string,
    targets: parseStored(fixTargetsSchema, r.targets_json as string, "fix targets"),
    requestedStrategy: r.requested_strategy as string | null,
    concurrency: r.concurrency as number,
    actor: r.actor as string,
    keepPublicGrants: r.keep_public_grants === 1,
    status: r.status as FixJobStatus,
    pauseRequested: r.pause_requested === 1,
    cancelRequested: r.cancel_requested === 1,
    error: r.error as string | null,
    runnerPid: r.runner_pid as number | null,
    heartbeatAt: r.heartbeat_at as number | null,
    runs: r.runs as number,
    createdAt: r.created_at as string,
    finishedAt: r.finished_at as string | null,
    ...counts.get(r.id as number)!,
  }));
}

export type NewFixJob = Pick<
  FixJobRecord,
  "connectionId" | "scanId" | "bucket" | "targets" | "requestedStrategy" | "concurrency" | "actor"
> & { keepPublicGrants?: boolean };

export function createFixJob(db: Db, job: NewFixJob): number {
  return Number(
    db
      .prepare(
        `INSERT INTO fix_jobs (connection_id, scan_id, bucket, targets_json, requested_strategy, concurrency, actor,
           keep_public_grants, status, runner_pid, heartbeat_at)
         VALUES (@connectionId, @scanId, @bucket, @targetsJson, @requestedStrategy, @concurrency, @actor,
           @keepPublicGrants, 'running', @pid, @now)`,
      )
      // Running from the start (the creating process runs it), so a second job on the bucket sees it at once.
      .run({
        ...job,
        targetsJson: JSON.stringify(job.targets),
        keepPublicGrants: job.keepPublicGrants ? 1 : 0,
        pid: process.pid,
        now: Date.now(),
      }).lastInsertRowid,
  );
}

export function getFixJob(db: Db, id: number): FixJobRecord | undefined {
  const row = db.prepare("SELECT * FROM fix_jobs WHERE id = ?").get(id) as Row | undefined;
  return row ? toJobs(db, [row])[0] : undefined;
}

export function listFixJobs(
  db: Db,
  filter: { connectionId?: string; bucket?: string; limit: number },
): FixJobRecord[] {
  const rows = db
    .prepare(
      `SELECT * FROM fix_jobs WHERE (@connectionId IS NULL OR connection_id = @connectionId)
         AND (@bucket IS NULL OR bucket = @bucket) ORDER BY id DESC LIMIT @limit`,
    )
    .all({
      connectionId: filter.connectionId ?? null,
      bucket: filter.bucket ?? null,
      limit: filter.limit,
    }) as Row[];
  return toJobs(db, rows);
}

export function fixJobsMarkedRunning(db: Db): FixJobRecord[] {
  return toJobs(db, db.prepare("SELECT * FROM fix_jobs WHERE status = 'running'").all() as Row[]);
}

export function claimFixJob(db: Db, id: number, pid: number): void {
  db.prepare(
    `UPDATE fix_jobs SET status = 'running', pause_requested = 0, error = NULL, runner_pid = ?, heartbeat_at = ?,
       runs = runs + 1, finished_at = NULL WHERE id = ?`,
  ).run(pid, Date.now(), id);
}

export function heartbeatFixJob(db: Db, id: number): { pause: boolean; cancel: boolean } {
  db.prepare("UPDATE fix_jobs SET heartbeat_at = ? WHERE id = ?").run(Date.now(), id);
  const r = db.prepare("SELECT pause_requested, cancel_requested FROM fix_jobs WHERE id = ?").get(id) as {
    pause_requested: number;
    cancel_requested: number;
  };
  return { pause: r.pause_requested === 1, cancel: r.cancel_requested === 1 };
}

export function finishFixJob(
  db: Db,
  id: number,
  status: Exclude<FixJobStatus, "running">,
  error: string | null,
): void {
  db.prepare(
    `UPDATE fix_jobs SET status = ?, error = ?, runner_pid = NULL,
       finished_at = CASE WHEN ? = 'paused' THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END WHERE id = ?`,
  ).run(status, error, status, id);
}

export function requestFixJob(db: Db, id: number, what: "pause" | "cancel"): boolean {
  const column = what === "pause" ? "pause_requested" : "cancel_requested";
  return (
    db.prepare(`UPDATE fix_jobs SET ${column} = 1 WHERE id = ? AND status IN ('running', 'paused')`).run(id)
      .changes === 1
  );
}

/** Who a job acts as, replaced when it is resumed or retried after its connection's settings changed. */
export function setFixJobTargets(db: Db, jobId: number, targets: FixTargets): void {
  db.prepare("UPDATE fix_jobs SET targets_json = ? WHERE id = ?").run(JSON.stringify(targets), jobId);
}

/**
 * The job already acting on a bucket, if any: at most one runs per bucket of an endpoint, so two jobs never copy
 * the same keys at once (a copy in place keeps the ETag, so no guard could see the other job's copy).
 */
export function activeFixJobOn(
  db: Db,
  where: { bucket: string; endpoint: string | null },
  isLive: (job: FixJobRecord) => boolean,
  exceptId?: number,
): FixJobRecord | null {
  const rows = db
    .prepare("SELECT * FROM fix_jobs WHERE bucket = ? AND status = 'running' AND id IS NOT ?")
    .all(where.bucket, exceptId ?? null) as Row[];
  return (
    toJobs(db, rows).find((job) => job.targets.read.endpointUrl === where.endpoint && isLive(job)) ?? null
  );
}
