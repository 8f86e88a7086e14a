import "server-only";
import type { Db } from "@/lib/db";
import type { EvidenceJob } from "@/lib/schemas/migration";
import { evidenceRequestSchema, parseStored } from "@/lib/schemas/stored";

export type { EvidenceJob };

type Row = Record<string, unknown>;

const toJob = (r: Row): EvidenceJob => ({
  id: r.id as number,
  connectionId: r.connection_id as string,
  bucket: r.bucket as string,
  request: parseStored(evidenceRequestSchema, r.request_json as string, "evidence request"),
  actor: r.actor as string,
  state: r.state as EvidenceJob["state"],
  files: r.files as number,
  bytes: r.bytes as number,
  requesters: r.requesters as number,
  runnerPid: (r.runner_pid as number | null) ?? null,
  heartbeatAt: (r.heartbeat_at as number | null) ?? null,
  cancelRequested: r.cancel_requested === 1,
  partial: (r.partial as string | null) ?? null,
  error: (r.error as string | null) ?? null,
  createdAt: r.created_at as string,
  finishedAt: (r.finished_at as string | null) ?? null,
});

export function createEvidenceJob(
  db: Db,
  j: { connectionId: string; bucket: string; request: EvidenceJob["request"]; actor: string },
): number {
  return Number(
    db
      .prepare(
        "INSERT INTO evidence_jobs (connection_id, bucket, request_json, actor, runner_pid, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(j.connectionId, j.bucket, JSON.stringify(j.request), j.actor, process.pid, Date.now())
      .lastInsertRowid,
  );
}

export function getEvidenceJob(db: Db, id: number): EvidenceJob | undefined {
  const row = db.prepare("SELECT * FROM evidence_jobs WHERE id = ?").get(id) as Row | undefined;
  return row && toJob(row);
}

export function latestEvidenceJob(db: Db, connectionId: string, bucket: string): EvidenceJob | undefined {
  const row = db
    .prepare("SELECT * FROM evidence_jobs WHERE connection_id = ? AND bucket = ? ORDER BY id DESC LIMIT 1")
    .get(connectionId, bucket) as Row | undefined;
  return row && toJob(row);
}

export function runningEvidenceJobs(db: Db): EvidenceJob[] {
  return (db.prepare("SELECT * FROM evidence_jobs WHERE state = 'running'").all() as Row[]).map(toJob);
}

/** How far a job has read (and that its runner lives); answers whether a cancel was asked for. */
export function recordEvidenceProgress(
  db: Db,
  id: number,
  p: { files: number; bytes: number; requesters: number },
): boolean {
  db.prepare(
    "UPDATE evidence_jobs SET files = ?, bytes = ?, requesters = ?, heartbeat_at = ?, runner_pid = ? WHERE id = ?",
  ).run(p.files, p.bytes, p.requesters, Date.now(), process.pid, id);
  const row = db.prepare("SELECT cancel_requested FROM evidence_jobs WHERE id = ?").get(id) as
    Row | undefined;
  return row?.cancel_requested === 1;
}

export function requestEvidenceCancel(db: Db, id: number): boolean {
  return (
    db.prepare("UPDATE evidence_jobs SET cancel_requested = 1 WHERE id = ? AND state = 'running'").run(id)
      .changes > 0
  );
}

export function finishEvidenceJob(
  db: Db,
  id: number,
  end: { state: Exclude<EvidenceJob["state"], "running">; partial: string | null; error: string | null },
): void {
  db.prepare(
    `UPDATE evidence_jobs SET state = ?, partial = ?, error = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE id = ? AND state = 'running'`,
  ).run(end.state, end.partial?.slice(0, 1000) ?? null, end.error?.slice(0, 1000) ?? null, id);
}
