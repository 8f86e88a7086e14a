import "server-only";
import type { Db } from "@/lib/db";
import type { Cause } from "@/lib/fleet/causes";

// A fleet scan's run: which accounts it takes up, which have had their buckets listed, and each bucket's state. A
// run killed at any point goes on where it stopped: accounts already listed are not listed again, buckets already
// scanned are not scanned again, and a bucket's half-done scan resumes from its own checkpoint.

export type FleetRun = {
  id: number;
  kind: "all" | "failed";
  status: "running" | "completed" | "partial" | "cancelled";
  runnerPid: number | null;
  heartbeatAt: number | null;
  createdAt: string;
  finishedAt: string | null;
};

const toRun = (r: Record<string, unknown>): FleetRun => ({
  id: r.id as number,
  kind: r.kind as FleetRun["kind"],
  status: r.status as FleetRun["status"],
  runnerPid: r.runner_pid as number | null,
  heartbeatAt: r.heartbeat_at as number | null,
  createdAt: r.created_at as string,
  finishedAt: r.finished_at as string | null,
});

export function latestFleetRun(db: Db): FleetRun | undefined {
  const row = db.prepare("SELECT * FROM fleet_runs ORDER BY id DESC LIMIT 1").get() as Record<
    string,
    unknown
  >;
  return row && toRun(row);
}

export function getFleetRun(db: Db, id: number): FleetRun | undefined {
  const row = db.prepare("SELECT * FROM fleet_runs WHERE id = ?").get(id) as
    Record<string, unknown> | undefined;
  return row && toRun(row);
}

/**
 * A new run over every active account, or ("failed") over what failed last time only: the accounts whose check
 * failed are checked and listed again; the failed buckets of healthy accounts are scanned again without listing.
 */
export function createFleetRun(db: Db, kind: FleetRun["kind"]): number {
  return db.transaction(() => {
    const id = Number(
      db.prepare("INSERT INTO fleet_runs (kind, status) VALUES (?, 'running')").run(kind).lastInsertRowid,
    );
    if (kind === "all") {
      db.prepare(
        "INSERT INTO fleet_run_accounts (run_id, account_id) SELECT ?, id FROM fleet_accounts WHERE state = 'active'",
      ).run(id);
      return id;
    }
    db.prepare(
      `INSERT INTO fleet_run_accounts (run_id, account_id)
       SELECT ?, id FROM fleet_accounts WHERE state = 'active' AND (health IS NULL OR health <> 'ok')`,
    ).run(id);
    db.prepare(
      `INSERT INTO fleet_run_accounts (run_id, account_id, listed)
       SELECT DISTINCT ?, b.account_id, 1 FROM fleet_buckets b JOIN fleet_accounts a ON a.id = b.account_id
       WHERE b.state IN ('failed', 'pending') AND a.state = 'active' AND a.health = 'ok'`,
    ).run(id);
    db.prepare(
      `UPDATE fleet_buckets SET state = 'pending', run_id = ? WHERE state IN ('failed', 'pending')
         AND account_id IN (SELECT account_id FROM fleet_run_accounts WHERE run_id = ? AND listed = 1)`,
    ).run(id, id);
    return id;
  })();
}

export function claimFleetRun(db: Db, id: number, pid: number): void {
  db.prepare("UPDATE fleet_runs SET runner_pid = ?, heartbeat_at = ?, status = 'running' WHERE id = ?").run(
    pid,
    Date.now(),
    id,
  );
}

/** Says the runner is alive; answers whether someone asked the run to stop. */
export function beatFleetRun(db: Db, id: number): boolean {
  db.prepare("UPDATE fleet_runs SET heartbeat_at = ? WHERE id = ?").run(Date.now(), id);
  return fleetCancelRequested(db, id);
}

/** Was the run asked to stop? A read alone: asked as each account and bucket is taken up. */
export function fleetCancelRequested(db: Db, id: number): boolean {
  const row = db.prepare("SELECT cancel_requested FROM fleet_runs WHERE id = ?").get(id) as
    { cancel_requested: number } | undefined;
  return row?.cancel_requested === 1;
}

/** A run chosen to go on again is no longer asked to stop. */
export const clearFleetCancel = (db: Db, id: number) =>
  db.prepare("UPDATE fleet_runs SET cancel_requested = 0 WHERE id = ?").run(id);

/** Asks a running run to stop; false when it is not running. */
export function requestFleetCancel(db: Db, id: number): boolean {
  return (
    db.prepare("UPDATE fleet_runs SET cancel_requested = 1 WHERE id = ? AND status = 'running'").run(id)
      .changes === 1
  );
}

/** The run's accounts whose buckets are not listed yet. */
export function accountsToList(db: Db, runId: number): string[] {
  return (
    db
      .prepare(
        "SELECT account_id FROM fleet_run_accounts WHERE run_id = ? AND listed = 0 ORDER BY account_id",
      )
      .all(runId) as { account_id: string }[]
  ).map((r) => r.account_id);
}

export type FoundBucket = { name: string; region: string | null };

/**
 * An account's buckets as listed now, all pending for this run; buckets it no longer has are marked gone. The
 * account is marked listed in the same transaction, so a resumed run neither loses nor lists it twice.
 */
export function recordAccountBuckets(db: Db, runId: number, accountId: string, buckets: FoundBucket[]): void {
  const upsert = db.prepare(
    `INSERT INTO fleet_buckets (account_id, bucket, region, state, run_id) VALUES (?, ?, ?, 'pending', ?)
     ON CONFLICT(account_id, bucket) DO UPDATE SET region = excluded.region, state = 'pending',
       run_id = excluded.run_id, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  );
  db.transaction(() => {
    db.prepare("CREATE TEMP TABLE IF NOT EXISTS fleet_listed (bucket TEXT PRIMARY KEY)").run();
    db.prepare("DELETE FROM fleet_listed").run();
    const listed = db.prepare("INSERT OR IGNORE INTO fleet_listed (bucket) VALUES (?)");
    for (const b of buckets) {
      upsert.run(accountId, b.name, b.region, runId);
      listed.run(b.name);
    }
    db.prepare(
      `UPDATE fleet_buckets SET state = 'gone', run_id = ? WHERE account_id = ?
         AND bucket NOT IN (SELECT bucket FROM fleet_listed)`,
    ).run(runId, accountId);
    markAccountListed(db, runId, accountId);
  })();
}

/** An account taken up by the run whose check failed: nothing to list, and nothing listed again on resume. */
export const markAccountListed = (db: Db, runId: number, accountId: string) =>
  db
    .prepare("UPDATE fleet_run_accounts SET listed = 1 WHERE run_id = ? AND account_id = ?")
    .run(runId, accountId);

export type PendingBucket = { accountId: string; bucket: string; region: string | null };

export function pendingBuckets(db: Db, runId: number): PendingBucket[] {
  return db
    .prepare(
      `SELECT account_id AS accountId, bucket, region FROM fleet_buckets WHERE run_id = ? AND state = 'pending'
       ORDER BY account_id, bucket`,
    )
    .all(runId) as PendingBucket[];
}

const FOREIGN = "('foreign-full-control', 'foreign-readable', 'foreign-locked')";

/** Each foreign owner of a scan with what it owns (the most objects first, at most 50), as a JSON array. */
const WRITER_COUNTS = `(SELECT json_group_array(json_object('id', owner_id, 'objects', n, 'locked', locked, 'bytes', bytes,
         'newest', newest)) FROM (SELECT owner_id, count(*) AS n, sum(status = 'foreign-locked') AS locked,
         coalesce(sum(size), 0) AS bytes, max(last_modified) AS newest FROM findings
         WHERE scan_id = @scanId AND status IN ('foreign-full-control', 'foreign-readable', 'foreign-locked')
           AND owner_id IS NOT NULL GROUP BY owner_id ORDER BY n DESC, owner_id LIMIT 50))`;

/** A bucket scanned: its scan, and what it found summed once (the fleet view reads these, not the findings). */
export function recordBucketScanned(
  db: Db,
  accountId: string,
  bucket: string,
  scanId: number,
  sourceNote: string | null = null,
): void {
  db.prepare(
    `UPDATE fleet_buckets SET state = 'scanned', scan_id = @scanId, cause = NULL, detail = NULL, failing_since = NULL,
       source_note = @sourceNote,
       objects = s.classified,
       foreign_objects = s.count_foreign_full_control + s.count_foreign_readable + s.count_foreign_locked,
       locked_objects = s.count_foreign_locked,
       foreign_bytes = (SELECT coalesce(sum(size), 0) FROM findings WHERE scan_id = @scanId AND status IN ${FOREIGN}),
       public_objects = (SELECT count(*) FROM findings WHERE scan_id = @scanId AND public_grant = 1),
       newest_foreign_at = (SELECT max(last_modified) FROM findings WHERE scan_id = @scanId AND status IN ${FOREIGN}),
       writers_json = (SELECT json_group_array(DISTINCT owner_id) FROM findings
         WHERE scan_id = @scanId AND status IN ${FOREIGN} AND owner_id IS NOT NULL),
       writer_counts_json = ${WRITER_COUNTS},
       scanned_at = s.finished_at, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     FROM (SELECT * FROM scans WHERE id = @scanId) AS s
     WHERE fleet_buckets.account_id = @accountId AND fleet_buckets.bucket = @bucket`,
  ).run({ scanId, accountId, bucket, sourceNote });
}

/**
 * A bucket that could not be scanned, with its cause since when it first failed. Its counts and scan stay those of
 * its last good scan (the view marks the row failing), so the numbers shown are always those a scan found.
 */
export function recordBucketFailed(
  db: Db,
  accountId: string,
  bucket: string,
  failure: { cause: Cause; detail: string },
): void {
  db.prepare(
    `UPDATE fleet_buckets SET state = 'failed', cause = ?, detail = ?,
       failing_since = coalesce(failing_since, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE account_id = ? AND bucket = ?`,
  ).run(failure.cause, failure.detail, accountId, bucket);
}

/** Completed when every account it took up is healthy and none of its buckets failed; partial otherwise. */
export function finishFleetRun(db: Db, runId: number, cancelled = false): FleetRun["status"] {
  const failedAccounts = db
    .prepare(
      `SELECT count(*) AS n FROM fleet_run_accounts r JOIN fleet_accounts a ON a.id = r.account_id
       WHERE r.run_id = ? AND (a.health IS NULL OR a.health <> 'ok')`,
    )
    .get(runId) as { n: number };
  const failedBuckets = db
    .prepare("SELECT count(*) AS n FROM fleet_buckets WHERE run_id = ? AND state IN ('failed', 'pending')")
    .get(runId) as { n: number };
  const status = cancelled ? "cancelled" : failedAccounts.n + failedBuckets.n > 0 ? "partial" : "completed";
  db.prepare(
    "UPDATE fleet_runs SET status = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
  ).run(status, runId);
  return status;
}

/** The scan a bucket's last fleet run made, if any. */
export function lastScanOf(db: Db, accountId: string, bucket: string): number | null {
  const row = db
    .prepare("SELECT scan_id FROM fleet_buckets WHERE account_id = ? AND bucket = ?")
    .get(accountId, bucket) as { scan_id: number | null } | undefined;
  return row?.scan_id ?? null;
}
