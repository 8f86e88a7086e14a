import "server-only";
import type { Grant } from "@/lib/audit/types";
import { cachedStatement, type Db } from "@/lib/db";
import type { ObjectSnapshot } from "@/lib/fix/snapshot";

export type FixJobStatus = "running" | "paused" | "completed" | "failed" | "cancelled";
export type FixItemState = "pending" | "copying" | "fixed" | "skipped" | "failed" | "changed-since-scan";

export type FixJobRecord = {
  id: number;
  connectionId: string | null;
  scanId: number | null;
  bucket: string;
  targetsJson: string;
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

export type FixItemRecord = {
  key: string;
  versionId: string;
  /** The key's current object (copied, re-checked by HEAD without a version) rather than one noncurrent version. */
  isCurrent: boolean;
  strategy: string | null;
  thenStrategy: string | null;
  plannedEtag: string | null;
  /** The version the plan saw as current ('' or null when unknown: the bucket is unversioned or was not scanned so). */
  plannedVersion: string | null;
  /** Every grant the plan saw; null when it could not be read. */
  plannedGrants: Grant[] | null;
  /** A retry asked for a fresh read: the runner observes the object and plans it again before acting. */
  observe: boolean;
  ownerBefore: string | null;
  accessBefore: string | null;
  size: number;
  state: FixItemState;
  step: string | null;
  snapshot: ObjectSnapshot | null;
  ownerAfter: string | null;
  accessAfter: string | null;
  reason: string | null;
  attempts: number;
};

type Row = Record<string, unknown>;

const parseGrants = (json: unknown) => (typeof json === "string" ? (JSON.parse(json) as Grant[]) : null);
const grantsJson = (grants: Grant[] | null | undefined) => (grants ? JSON.stringify(grants) : null);

function countsOf(db: Db, jobId: number) {
  const counts: Record<FixItemState, number> = {
    pending: 0,
    copying: 0,
    fixed: 0,
    skipped: 0,
    failed: 0,
    "changed-since-scan": 0,
  };
  const rows = db
    .prepare("SELECT state, count(*) AS n FROM fix_items WHERE job_id = ? GROUP BY state")
    .all(jobId) as {
    state: FixItemState;
    n: number;
  }[];
  for (const r of rows) counts[r.state] = r.n;
  const bytes = db
    .prepare("SELECT coalesce(sum(size), 0) AS b FROM fix_items WHERE job_id = ? AND strategy IS NOT NULL")
    .get(jobId) as { b: number };
  return { counts, bytesToFix: bytes.b };
}

function toJob(db: Db, r: Row): FixJobRecord {
  return {
    id: r.id as number,
    connectionId: r.connection_id as string | null,
    scanId: r.scan_id as number | null,
    bucket: r.bucket as string,
    targetsJson: r.targets_json as string,
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
    ...countsOf(db, r.id as number),
  };
}

function toItem(r: Row): FixItemRecord {
  return {
    key: r.key as string,
    versionId: r.version_id as string,
    isCurrent: r.is_current === 1,
    strategy: r.strategy as string | null,
    thenStrategy: r.then_strategy as string | null,
    plannedEtag: r.planned_etag as string | null,
    plannedVersion: r.planned_version as string | null,
    plannedGrants: parseGrants(r.planned_grants_json),
    observe: r.observe === 1,
    ownerBefore: r.owner_before as string | null,
    accessBefore: r.access_before as string | null,
    size: r.size as number,
    state: r.state as FixItemState,
    step: r.step as string | null,
    snapshot: r.snapshot_json ? (JSON.parse(r.snapshot_json as string) as ObjectSnapshot) : null,
    ownerAfter: r.owner_after as string | null,
    accessAfter: r.access_after as string | null,
    reason: r.reason as string | null,
    attempts: r.attempts as number,
  };
}

export type NewFixJob = {
  connectionId: string | null;
  scanId: number | null;
  bucket: string;
  targetsJson: string;
  requestedStrategy: string | null;
  concurrency: number;
  actor: string;
  keepPublicGrants?: boolean;
};

/** An item as planned: the record's fields up to its state, before any step has run. */
export type NewFixItem = Pick<
  FixItemRecord,
  | "key"
  | "versionId"
  | "isCurrent"
  | "strategy"
  | "thenStrategy"
  | "plannedEtag"
  | "plannedVersion"
  | "plannedGrants"
  | "observe"
  | "ownerBefore"
  | "accessBefore"
  | "size"
  | "state"
  | "reason"
>;

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
      .run({ ...job, keepPublicGrants: job.keepPublicGrants ? 1 : 0, pid: process.pid, now: Date.now() })
      .lastInsertRowid,
  );
}

/** Adds planned items in one transaction (callers batch them, so a million-key plan never sits in memory). */
export function addFixItems(db: Db, jobId: number, items: NewFixItem[]): void {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO fix_items (job_id, key, version_id, is_current, strategy, then_strategy, planned_etag,
       planned_version, planned_grants_json, observe, owner_before, access_before, size, state, step, reason,
       updated_at)
     VALUES (@jobId, @key, @versionId, @isCurrent, @strategy, @thenStrategy, @plannedEtag, @plannedVersion,
       @plannedGrants, @observe, @ownerBefore, @accessBefore, @size, @state, @strategy, @reason,
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
  );
  db.transaction(() => {
    for (const item of items)
      insert.run({
        jobId,
        ...item,
        isCurrent: item.isCurrent ? 1 : 0,
        plannedGrants: grantsJson(item.plannedGrants),
        observe: item.observe ? 1 : 0,
      });
  })();
}

export function getFixJob(db: Db, id: number): FixJobRecord | undefined {
  const row = db.prepare("SELECT * FROM fix_jobs WHERE id = ?").get(id) as Row | undefined;
  return row && toJob(db, row);
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
  return rows.map((r) => toJob(db, r));
}

export function fixJobsMarkedRunning(db: Db): FixJobRecord[] {
  return (db.prepare("SELECT * FROM fix_jobs WHERE status = 'running'").all() as Row[]).map((r) =>
    toJob(db, r),
  );
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

type ItemPosition = { key: string; versionId: string } | null;

/** A page of a job's items in key order after a position, of one kind. */
function itemsAfter(
  db: Db,
  jobId: number,
  kind: string,
  after: ItemPosition,
  limit: number,
): FixItemRecord[] {
  const rows = cachedStatement(
    db,
    `SELECT * FROM fix_items WHERE job_id = @jobId AND ${kind}
       AND (key, version_id) > (@key, @versionId) ORDER BY key, version_id LIMIT @limit`,
  ).all({ jobId, key: after?.key ?? "", versionId: after?.versionId ?? "", limit }) as Row[];
  return rows.map(toItem);
}

/** Items still to do (pending, or interrupted mid-copy). */
export const openFixItems = (db: Db, jobId: number, after: ItemPosition, limit: number) =>
  itemsAfter(db, jobId, "state IN ('pending', 'copying')", after, limit);

/** The failures no strategy could be planned for (no fixer, say): a retry plans them again. */
export const unplannedFailures = (db: Db, jobId: number, after: ItemPosition, limit: number) =>
  itemsAfter(db, jobId, "state = 'failed' AND strategy IS NULL", after, limit);

export function listFixItems(
  db: Db,
  jobId: number,
  filter: { state?: FixItemState },
  page: { after: { key: string; versionId: string } | null; limit: number },
): FixItemRecord[] {
  const rows = db
    .prepare(
      `SELECT * FROM fix_items WHERE job_id = @jobId AND (@state IS NULL OR state = @state)
         AND (key, version_id) > (@key, @versionId) ORDER BY key, version_id LIMIT @limit`,
    )
    .all({
      jobId,
      state: filter.state ?? null,
      key: page.after?.key ?? "",
      versionId: page.after?.versionId ?? "",
      limit: page.limit,
    }) as Row[];
  return rows.map(toItem);
}

export function* iterateFixItems(db: Db, jobId: number): Generator<FixItemRecord> {
  for (const r of db
    .prepare("SELECT * FROM fix_items WHERE job_id = ? ORDER BY key, version_id")
    .iterate(jobId)) {
    yield toItem(r as Row);
  }
}

export function updateFixItem(
  db: Db,
  jobId: number,
  item: Pick<FixItemRecord, "key" | "versionId">,
  patch: Partial<
    Pick<
      FixItemRecord,
      | "state"
      | "step"
      | "snapshot"
      | "ownerAfter"
      | "accessAfter"
      | "reason"
      | "plannedEtag"
      | "plannedVersion"
      | "plannedGrants"
      | "ownerBefore"
      | "accessBefore"
      | "strategy"
      | "thenStrategy"
      | "observe"
    >
  > & {
    attempt?: boolean;
  },
): void {
  const sets: string[] = ["updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"];
  const params: Record<string, unknown> = { jobId, key: item.key, versionId: item.versionId };
  const columns = {
    state: "state",
    step: "step",
    ownerAfter: "owner_after",
    accessAfter: "access_after",
    reason: "reason",
    plannedEtag: "planned_etag",
    plannedVersion: "planned_version",
    ownerBefore: "owner_before",
    accessBefore: "access_before",
    strategy: "strategy",
    thenStrategy: "then_strategy",
  } as const;
  for (const [field, column] of Object.entries(columns)) {
    if (field in patch) {
      sets.push(`${column} = @${field}`);
      params[field] = patch[field as keyof typeof columns] ?? null;
    }
  }
  if ("plannedGrants" in patch) {
    sets.push("planned_grants_json = @plannedGrants");
    params.plannedGrants = grantsJson(patch.plannedGrants);
  }
  if ("observe" in patch) {
    sets.push("observe = @observe");
    params.observe = patch.observe ? 1 : 0;
  }
  if ("snapshot" in patch) {
    sets.push("snapshot_json = @snapshot");
    params.snapshot = patch.snapshot ? JSON.stringify(patch.snapshot) : null;
  }
  if (patch.attempt) sets.push("attempts = attempts + 1");
  cachedStatement(
    db,
    `UPDATE fix_items SET ${sets.join(", ")} WHERE job_id = @jobId AND key = @key AND version_id = @versionId`,
  ).run(params);
}

/** Gives an unplanned failure the strategy planned for it now; the retry that follows runs it. */
export function setFixItemStrategy(
  db: Db,
  jobId: number,
  item: Pick<FixItemRecord, "key" | "versionId">,
  plan: { strategy: string; thenStrategy: string | null },
): void {
  cachedStatement(
    db,
    `UPDATE fix_items SET strategy = @strategy, then_strategy = @thenStrategy, step = @strategy
     WHERE job_id = @jobId AND key = @key AND version_id = @versionId AND strategy IS NULL`,
  ).run({ jobId, key: item.key, versionId: item.versionId, ...plan });
}

/** Who a job acts as, replaced when it is resumed or retried after its connection's settings changed. */
export function setFixJobTargets(db: Db, jobId: number, targetsJson: string): void {
  db.prepare("UPDATE fix_jobs SET targets_json = ? WHERE id = ?").run(targetsJson, jobId);
}

// A failure after the snapshot was saved: its copy may have been sent, and the snapshot holds the tags the copy
// dropped. A retry goes on from it (the runner finds whether the copy landed) instead of reading the tags afresh.
const copyMayBeSent = "state = 'failed' AND snapshot_json IS NOT NULL";

/**
 * Items to try again: failures and changed-since-scan objects go back to pending (or, where a copy may have been
 * sent, to where they stopped). A changed object is never retried against its old plan nor without a guard: the
 * runner reads it afresh, plans it again and guards the write with what it read.
 */
export function resetFailedItems(db: Db, jobId: number): number {
  return db
    .prepare(
      `UPDATE fix_items SET reason = NULL,
         state = CASE WHEN ${copyMayBeSent} THEN 'copying' ELSE 'pending' END,
         step = CASE WHEN ${copyMayBeSent} THEN step ELSE strategy END,
         snapshot_json = CASE WHEN ${copyMayBeSent} THEN snapshot_json ELSE NULL END,
         observe = CASE WHEN state = 'changed-since-scan' THEN 1 ELSE observe END
       WHERE job_id = ? AND strategy IS NOT NULL AND state IN ('failed', 'changed-since-scan')`,
    )
    .run(jobId).changes;
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
  for (const r of rows) {
    const job = toJob(db, r);
    const endpoint = (JSON.parse(job.targetsJson) as { read?: { endpointUrl?: string | null } }).read
      ?.endpointUrl;
    if ((endpoint ?? null) === where.endpoint && isLive(job)) return job;
  }
  return null;
}

export type AuditEntry = {
  actor: string;
  jobId: number | null;
  connectionId: string | null;
  bucket: string;
  key: string | null;
  versionId: string | null;
  action: string;
  ownerBefore: string | null;
  accessBefore: string | null;
  ownerAfter: string | null;
  accessAfter: string | null;
  result: string;
  reason: string | null;
  /** Every grant the object had before the step and after it (null where not read). */
  grantsBefore?: Grant[] | null;
  grantsAfter?: Grant[] | null;
};

export function appendAudit(db: Db, e: AuditEntry): void {
  cachedStatement(
    db,
    `INSERT INTO audit_log (actor, job_id, connection_id, bucket, key, version_id, action, owner_before, access_before,
       owner_after, access_after, result, reason, grants_before, grants_after)
     VALUES (@actor, @jobId, @connectionId, @bucket, @key, @versionId, @action, @ownerBefore, @accessBefore,
       @ownerAfter, @accessAfter, @result, @reason, @grantsBefore, @grantsAfter)`,
  ).run({ ...e, grantsBefore: grantsJson(e.grantsBefore), grantsAfter: grantsJson(e.grantsAfter) });
}

export type AuditRecord = AuditEntry & { id: number; at: string };

export function listAudit(
  db: Db,
  filter: {
    connectionId?: string;
    bucket?: string;
    key?: string;
    jobId?: number;
    beforeId?: number;
    limit: number;
  },
): AuditRecord[] {
  // Only the filters given, so that SQLite walks the bucket or job index instead of the whole log.
  const where = (
    [
      ["connectionId", "connection_id = @connectionId"],
      ["bucket", "bucket = @bucket"],
      ["key", "key = @key"],
      ["jobId", "job_id = @jobId"],
      ["beforeId", "id < @beforeId"],
    ] as const
  )
    .filter(([name]) => filter[name] !== undefined)
    .map(([, condition]) => condition);
  const rows = cachedStatement(
    db,
    `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT @limit`,
  ).all(filter) as Row[];
  return rows.map((r) => ({
    id: r.id as number,
    at: r.at as string,
    actor: r.actor as string,
    jobId: r.job_id as number | null,
    connectionId: r.connection_id as string | null,
    bucket: r.bucket as string,
    key: r.key as string | null,
    versionId: r.version_id as string | null,
    action: r.action as string,
    ownerBefore: r.owner_before as string | null,
    accessBefore: r.access_before as string | null,
    ownerAfter: r.owner_after as string | null,
    accessAfter: r.access_after as string | null,
    result: r.result as string,
    reason: r.reason as string | null,
    grantsBefore: parseGrants(r.grants_before),
    grantsAfter: parseGrants(r.grants_after),
  }));
}
