import "server-only";
import type { Db } from "@/lib/db";
import type { FleetBucketRow } from "@/lib/fleet/bucket-row";
import { parseStored, tagsSchema, textListSchema } from "@/lib/schemas/stored";

// Every bucket of the fleet with where it stands: its account and OU, its state or the cause it failed, and what
// its last scan found (foreign objects and bytes, how many the owner cannot read, who wrote them).

export type { FleetBucketRow };

const FOREIGN = "('foreign-full-control', 'foreign-readable', 'foreign-locked')";

export function fleetBucketRows(db: Db): FleetBucketRow[] {
  const rows = db
    .prepare(
      `SELECT b.account_id, a.name, a.ou_path_json, a.tags_json, b.bucket, b.region, b.state, b.cause, b.detail,
         b.failing_since, b.scan_id, s.finished_at, s.bucket_owner_id, coalesce(s.classified, 0) AS classified,
         coalesce(s.count_foreign_full_control + s.count_foreign_readable + s.count_foreign_locked, 0) AS foreign_objects,
         coalesce(s.count_foreign_locked, 0) AS locked,
         (SELECT coalesce(sum(f.size), 0) FROM findings f WHERE f.scan_id = b.scan_id AND f.status IN ${FOREIGN})
           AS foreign_bytes,
         (SELECT json_group_array(DISTINCT f.owner_id) FROM findings f
           WHERE f.scan_id = b.scan_id AND f.status IN ${FOREIGN} AND f.owner_id IS NOT NULL) AS writers
       FROM fleet_buckets b JOIN fleet_accounts a ON a.id = b.account_id LEFT JOIN scans s ON s.id = b.scan_id
       WHERE b.state <> 'gone' AND a.state = 'active'
       ORDER BY a.name, b.account_id, b.bucket`,
    )
    .all() as Record<string, unknown>[];
  return rows.map((r) => ({
    accountId: r.account_id as string,
    accountName: r.name as string,
    ouPath: parseStored(textListSchema, r.ou_path_json as string, "fleet OU path"),
    tags: parseStored(tagsSchema, r.tags_json as string, "fleet account tags"),
    bucket: r.bucket as string,
    region: r.region as string | null,
    state: r.state as FleetBucketRow["state"],
    cause: r.cause as string | null,
    detail: r.detail as string | null,
    failingSince: r.failing_since as string | null,
    scanId: r.scan_id as number | null,
    scannedAt: r.finished_at as string | null,
    bucketOwnerId: r.bucket_owner_id as string | null,
    classified: r.classified as number,
    foreignObjects: r.foreign_objects as number,
    lockedObjects: r.locked as number,
    foreignBytes: r.foreign_bytes as number,
    writers: parseStored(textListSchema, (r.writers as string | null) ?? "[]", "fleet bucket writers"),
  }));
}
