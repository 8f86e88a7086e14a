import "server-only";
import { objectStatuses, type Classification, type ObjectStatus } from "@/lib/audit/types";
import { cachedStatement, type Db } from "@/lib/db";
import { classificationColumns } from "@/lib/db/scan-writes";

// What happened to a scan's findings after the scan: a scan is a record of what it saw and is never rewritten, so a
// fix (verified by reading the object back) or an applied Batch Operations report is kept beside the finding.

/** Who changed a finding: a fix job of ours, or a Batch Operations job whose report was applied. */
export type ChangedBy = { fixJobId: number } | { batchJobId: string };

/**
 * Records what a finding is now. Only a finding the scan saw is recorded (a key it never listed has nothing to stand
 * beside); a later change of the same finding replaces the earlier one.
 */
export function recordFindingChange(
  db: Db,
  scanId: number,
  key: string,
  versionId: string,
  now: Classification,
  by: ChangedBy,
): void {
  cachedStatement(
    db,
    `INSERT INTO finding_changes (scan_id, key, version_id, now_owner_id, now_status, now_bucket_owner_access,
       now_public_grant, now_grants_json, now_reason, fix_job_id, batch_job_id, changed_at)
     SELECT scan_id, key, version_id, @ownerId, @status, @bucketOwnerAccess, @publicGrant, @grantsJson, @reason,
       @fixJobId, @batchJobId, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     FROM findings WHERE scan_id = @scanId AND key = @key AND version_id = @versionId
     ON CONFLICT (scan_id, key, version_id) DO UPDATE SET now_owner_id = excluded.now_owner_id,
       now_status = excluded.now_status, now_bucket_owner_access = excluded.now_bucket_owner_access,
       now_public_grant = excluded.now_public_grant, now_grants_json = excluded.now_grants_json,
       now_reason = excluded.now_reason, fix_job_id = excluded.fix_job_id, batch_job_id = excluded.batch_job_id,
       changed_at = excluded.changed_at`,
  ).run({
    scanId,
    key,
    versionId,
    ...classificationColumns(now),
    fixJobId: "fixJobId" in by ? by.fixJobId : null,
    batchJobId: "batchJobId" in by ? by.batchJobId : null,
  });
}

export type ChangesSinceScan = {
  /** Findings changed since the scan. */
  changed: number;
  /** The scan's counts by status with every change applied: the bucket as far as Ownerscope knows it now. */
  byStatus: Record<ObjectStatus, number>;
};

/**
 * How many findings of a scan moved from each status to each other, by the changes since. CROSS JOIN keeps the
 * changes as the outer loop: left to itself SQLite walks every finding of the scan (a million, on each poll of the
 * scan's page) to look each up among the changes, which are as many as fixes, often none.
 */
export const statusMovesSql = `SELECT f.status AS was, c.now_status AS now, count(*) AS n
  FROM finding_changes c CROSS JOIN findings f USING (scan_id, key, version_id)
  WHERE c.scan_id = ? GROUP BY f.status, c.now_status`;

/** The scan's counts moved by its changes: one grouped query over the changes, which are as many as fixes. */
export function changesSinceScan(db: Db, scanId: number): ChangesSinceScan {
  const counts = cachedStatement(
    db,
    `SELECT count_owned AS owned, count_foreign_full_control AS "foreign-full-control",
       count_foreign_readable AS "foreign-readable", count_foreign_locked AS "foreign-locked", count_unknown AS unknown
     FROM scans WHERE id = ?`,
  ).get(scanId) as Record<ObjectStatus, number> | undefined;
  const byStatus = Object.fromEntries(objectStatuses.map((s) => [s, counts?.[s] ?? 0])) as Record<
    ObjectStatus,
    number
  >;
  const moves = cachedStatement(db, statusMovesSql).all(scanId) as {
    was: ObjectStatus | null;
    now: ObjectStatus;
    n: number;
  }[];
  let changed = 0;
  for (const { was, now, n } of moves) {
    changed += n;
    if (was) byStatus[was] -= n;
    byStatus[now] += n;
  }
  return { changed, byStatus };
}
