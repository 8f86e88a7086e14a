import "server-only";
import type { ObjectStatus } from "@/lib/audit/types";
import type { Db } from "@/lib/db";
import { filterSql, hasChanges, sourceFor, type FindingFilter } from "@/lib/db/findings";
import { readOffThread } from "@/lib/db/read-worker";
import type { FolderSummary } from "@/lib/schemas/scan";

// How many of a scan's findings match a filter, and the folders they fall in: aggregates over every match, so the
// ones a page asks for run in the database reader thread.

function countQuery(scanId: number, filter: FindingFilter, bucketOwnerId: string | null) {
  const { where, params } = filterSql(filter, bucketOwnerId);
  return {
    sql: `SELECT count(*) AS n FROM ${sourceFor(filter)} WHERE ${where}`,
    params: { ...params, scanId },
  };
}

/** How many findings match a filter (the table sizes its scrollbar with it). */
export function countFindings(
  db: Db,
  scanId: number,
  filter: FindingFilter,
  bucketOwnerId: string | null,
): number {
  const { sql, params } = countQuery(scanId, filter, bucketOwnerId);
  return (db.prepare(sql).get(params) as { n: number }).n;
}

/** countFindings in the database reader thread: a count with a text filter reads every finding of the scan. */
export async function countFindingsOffThread(
  db: Db,
  scanId: number,
  filter: FindingFilter,
  bucketOwnerId: string | null,
): Promise<number> {
  const { sql, params } = countQuery(scanId, filter, bucketOwnerId);
  return (await readOffThread<{ n: number }>(db, sql, params))[0]?.n ?? 0;
}

/**
 * How many findings match a filter, and how many of those a fix could still act on (foreign-owned as last known), in
 * one pass over the matches: the scan's foreign count among them, moved by the changes since (a walk over the
 * changes, which are as many as fixes). With `byStatus`, the same pass also counts each status the view holds with
 * its status filter left out (the chips that filter by status count what the rest of the view shows). Runs in the
 * database reader thread: with a text filter it reads every finding.
 */
export async function countMatchesOffThread(
  db: Db,
  scanId: number,
  filter: FindingFilter,
  bucketOwnerId: string | null,
  o: { byStatus?: boolean } = {},
): Promise<{ total: number; fixable: number; byStatus?: Partial<Record<ObjectStatus, number>> }> {
  const wanted = filter.status?.length ? new Set<ObjectStatus | null>(filter.status) : null;
  const { where, params } = filterSql(o.byStatus ? { ...filter, status: undefined } : filter, bucketOwnerId);
  const rows = await readOffThread<{ status: ObjectStatus | null; n: number; foreign_count: number }>(
    db,
    `SELECT ${o.byStatus ? "status" : "NULL AS status"}, count(*) AS n,
       coalesce(sum(coalesce(owner_id <> @owner, 0)), 0) AS foreign_count
     FROM ${sourceFor(filter)} WHERE ${where}${o.byStatus ? " GROUP BY status" : ""}`,
    { ...params, scanId, owner: bucketOwnerId },
  );
  const matching = o.byStatus && wanted ? rows.filter((r) => wanted.has(r.status)) : rows;
  const total = matching.reduce((sum, r) => sum + r.n, 0);
  const foreign = matching.reduce((sum, r) => sum + r.foreign_count, 0);
  const byStatus = o.byStatus
    ? { byStatus: Object.fromEntries(rows.filter((r) => r.status !== null).map((r) => [r.status, r.n])) }
    : {};
  return { total, fixable: foreign + (await movedSince(db, scanId, filter, bucketOwnerId)), ...byStatus };
}

/** How the fixes since the scan moved the foreign count of a filter's matches (0 for most scans: no changes). */
async function movedSince(db: Db, scanId: number, filter: FindingFilter, bucketOwnerId: string | null) {
  if (!hasChanges(db, scanId)) return 0;
  const { where, params } = filterSql(filter, bucketOwnerId);
  // CROSS JOIN keeps the changes as the outer loop; the filter's columns are the finding's (as scanned).
  const [row] = await readOffThread<{ n: number }>(
    db,
    `SELECT coalesce(sum(coalesce(now_owner_id <> @owner, 0) - coalesce(owner_id <> @owner, 0)), 0) AS n
     FROM finding_changes CROSS JOIN findings USING (scan_id, key, version_id) WHERE ${where}`,
    { ...params, scanId, owner: bucketOwnerId },
  );
  return row?.n ?? 0;
}

/**
 * The folders one level below the filter's prefix, with their counts: a GROUP BY over every finding under the prefix
 * (a whole scan at its top), so it runs in the database reader thread.
 */
export async function listFolders(
  db: Db,
  scanId: number,
  filter: FindingFilter,
  bucketOwnerId: string | null,
  limit = 500,
): Promise<FolderSummary[]> {
  const { where, params } = filterSql(filter, bucketOwnerId);
  const rows = await readOffThread<{ folder: string; objects: number; foreign_count: number; bytes: number }>(
    db,
    `SELECT substr(key, 1, length(@folderPrefix) + instr(substr(key, length(@folderPrefix) + 1), '/')) AS folder, count(*) AS objects,
       coalesce(sum(owner_id <> @owner), 0) AS foreign_count, sum(size) AS bytes
     FROM ${sourceFor(filter)} WHERE ${where} AND instr(substr(key, length(@folderPrefix) + 1), '/') > 0
     GROUP BY folder ORDER BY folder LIMIT @limit`,
    { ...params, scanId, folderPrefix: filter.prefix ?? "", owner: bucketOwnerId, limit },
  );
  return rows.map((r) => ({
    prefix: r.folder,
    objects: r.objects,
    foreign: r.foreign_count,
    bytes: r.bytes,
  }));
}
