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
 * changes, which are as many as fixes). Runs in the database reader thread: with a text filter it reads every finding.
 */
export async function countMatchesOffThread(
  db: Db,
  scanId: number,
  filter: FindingFilter,
  bucketOwnerId: string | null,
): Promise<{ total: number; fixable: number }> {
  const { where, params } = filterSql(filter, bucketOwnerId);
  const [counts] = await readOffThread<{ n: number; foreign_count: number }>(
    db,
    `SELECT count(*) AS n, coalesce(sum(coalesce(owner_id <> @owner, 0)), 0) AS foreign_count
     FROM ${sourceFor(filter)} WHERE ${where}`,
    { ...params, scanId, owner: bucketOwnerId },
  );
  let moved = 0;
  if (hasChanges(db, scanId)) {
    // CROSS JOIN keeps the changes as the outer loop; the filter's columns are the finding's (as scanned).
    const [row] = await readOffThread<{ n: number }>(
      db,
      `SELECT coalesce(sum(coalesce(now_owner_id <> @owner, 0) - coalesce(owner_id <> @owner, 0)), 0) AS n
       FROM finding_changes CROSS JOIN findings USING (scan_id, key, version_id) WHERE ${where}`,
      { ...params, scanId, owner: bucketOwnerId },
    );
    moved = row?.n ?? 0;
  }
  return { total: counts?.n ?? 0, fixable: (counts?.foreign_count ?? 0) + moved };
}

/**
 * How many findings of a view hold each status (as scanned), its status filter left out: the chips that filter by
 * status count what the rest of the view shows. In the database reader thread, for the same reason as the count.
 */
export async function countByStatusOffThread(
  db: Db,
  scanId: number,
  filter: FindingFilter,
  bucketOwnerId: string | null,
): Promise<Partial<Record<ObjectStatus, number>>> {
  const { where, params } = filterSql({ ...filter, status: undefined }, bucketOwnerId);
  const rows = await readOffThread<{ status: ObjectStatus | null; n: number }>(
    db,
    `SELECT status, count(*) AS n FROM ${sourceFor(filter)} WHERE ${where} GROUP BY status`,
    { ...params, scanId },
  );
  return Object.fromEntries(rows.filter((r) => r.status !== null).map((r) => [r.status, r.n]));
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
