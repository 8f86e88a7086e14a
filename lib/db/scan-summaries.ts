import "server-only";
import type { ObjectStatus } from "@/lib/audit/types";
import type { Db } from "@/lib/db";
import type { StatusSummary } from "@/lib/schemas/scan";

// Aggregates of a scan's findings by owner, status and top-level folder (the report and the overview).

export type OwnerSummary = {
  ownerId: string | null;
  objects: number;
  bytes: number;
  byStatus: Partial<Record<ObjectStatus, number>>;
};
export type PrefixSummary = { prefix: string; objects: number; foreign: number; bytes: number };

export function summarizeByOwner(db: Db, scanId: number): OwnerSummary[] {
  const rows = db
    .prepare(
      `SELECT owner_id, status, count(*) AS n, sum(size) AS bytes FROM findings WHERE scan_id = ?
       GROUP BY owner_id, status`,
    )
    .all(scanId) as { owner_id: string | null; status: ObjectStatus | null; n: number; bytes: number }[];
  const byOwner = new Map<string | null, OwnerSummary>();
  for (const r of rows) {
    const s = byOwner.get(r.owner_id) ?? { ownerId: r.owner_id, objects: 0, bytes: 0, byStatus: {} };
    s.objects += r.n;
    s.bytes += r.bytes;
    if (r.status) s.byStatus[r.status] = (s.byStatus[r.status] ?? 0) + r.n;
    byOwner.set(r.owner_id, s);
  }
  return [...byOwner.values()].sort((a, b) => b.objects - a.objects);
}

/** How many keys each owner has in a scan, most first (an index walk: cheap even at a million keys). */
export function countByOwner(db: Db, scanId: number): { ownerId: string | null; objects: number }[] {
  return db
    .prepare(
      `SELECT owner_id AS ownerId, count(*) AS objects FROM findings WHERE scan_id = ? GROUP BY owner_id
       ORDER BY objects DESC`,
    )
    .all(scanId) as { ownerId: string | null; objects: number }[];
}

export function summarizeByStatus(db: Db, scanId: number): StatusSummary[] {
  return db
    .prepare(
      `SELECT status, count(*) AS objects, coalesce(sum(size), 0) AS bytes FROM findings WHERE scan_id = ?
       GROUP BY status ORDER BY objects DESC`,
    )
    .all(scanId) as StatusSummary[];
}

export function summarizeByPrefix(
  db: Db,
  scanId: number,
  bucketOwnerId: string | null,
  limit = 50,
): PrefixSummary[] {
  const rows = db
    .prepare(
      `SELECT CASE WHEN instr(key, '/') > 0 THEN substr(key, 1, instr(key, '/')) ELSE '' END AS prefix,
         count(*) AS objects, coalesce(sum(owner_id <> @owner), 0) AS foreign_count, sum(size) AS bytes
       FROM findings WHERE scan_id = @scanId GROUP BY 1 ORDER BY foreign_count DESC, objects DESC LIMIT @limit`,
    )
    .all({ scanId, owner: bucketOwnerId, limit }) as {
    prefix: string;
    objects: number;
    foreign_count: number;
    bytes: number;
  }[];
  return rows.map((r) => ({
    prefix: r.prefix,
    objects: r.objects,
    foreign: r.foreign_count,
    bytes: r.bytes,
  }));
}
