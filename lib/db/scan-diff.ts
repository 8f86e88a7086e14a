import "server-only";
import type { Db } from "@/lib/db";
import { toFinding, type FindingRow } from "@/lib/db/findings";
import { readOffThread } from "@/lib/db/read-worker";
import type { FindingRecord } from "@/lib/schemas/scan";

/** What changed between an earlier and a later scan of a bucket, for foreign-owned keys. */
export type DiffKind = "new" | "fixed" | "gone";
export type ScanSide = { id: number; bucketOwnerId: string | null };

// Each kind drives from one scan and looks the key (and version) up in the other. Rows come from the later scan,
// except "gone", whose keys only the earlier one has. Both are read as they saw the bucket: a fix after a scan is
// kept beside its findings, never in them.
const drivingSql: Record<DiffKind, string> = {
  new: `FROM findings d LEFT JOIN findings o ON o.scan_id = @from AND o.key = d.key AND o.version_id = d.version_id
        WHERE d.scan_id = @to AND d.owner_id <> @toOwner
          AND (o.key IS NULL OR o.owner_id IS NULL OR o.owner_id = @fromOwner)`,
  fixed: `FROM findings d JOIN findings o ON o.scan_id = @from AND o.key = d.key AND o.version_id = d.version_id
          WHERE d.scan_id = @to AND d.owner_id = @toOwner AND o.owner_id <> @fromOwner`,
  gone: `FROM findings d LEFT JOIN findings o ON o.scan_id = @to AND o.key = d.key AND o.version_id = d.version_id
         WHERE d.scan_id = @from AND d.owner_id <> @fromOwner AND o.key IS NULL`,
};

const sides = (from: ScanSide, to: ScanSide) => ({
  from: from.id,
  to: to.id,
  fromOwner: from.bucketOwnerId,
  toOwner: to.bucketOwnerId,
});

/** How many foreign keys the later scan has that the earlier did not, counted in the database reader thread. */
export async function countNewForeignOffThread(db: Db, from: ScanSide, to: ScanSide): Promise<number> {
  const [row] = await readOffThread<{ n: number }>(
    db,
    `SELECT count(*) AS n ${drivingSql.new}`,
    sides(from, to),
  );
  return row?.n ?? 0;
}

export function diffCounts(db: Db, from: ScanSide, to: ScanSide): Record<DiffKind, number> {
  const count = (kind: DiffKind) =>
    (db.prepare(`SELECT count(*) AS n ${drivingSql[kind]}`).get(sides(from, to)) as { n: number }).n;
  return { new: count("new"), fixed: count("fixed"), gone: count("gone") };
}

/** One page of a diff in key order. */
export function diffPage(
  db: Db,
  from: ScanSide,
  to: ScanSide,
  kind: DiffKind,
  page: { after: { key: string; versionId: string } | null; limit: number },
): { findings: FindingRecord[]; last: { key: string; versionId: string } | null } {
  const rows = db
    .prepare(
      `SELECT d.* ${drivingSql[kind]} AND (d.key, d.version_id) > (@afterKey, @afterVersion)
       ORDER BY d.key, d.version_id LIMIT @limit`,
    )
    .all({
      ...sides(from, to),
      afterKey: page.after?.key ?? "",
      afterVersion: page.after?.versionId ?? "",
      limit: page.limit,
    }) as FindingRow[];
  const last = rows.length === page.limit ? rows[rows.length - 1]! : null;
  return { findings: rows.map(toFinding), last: last && { key: last.key, versionId: last.version_id } };
}

/**
 * Copies the foreign keys the later scan has and the earlier did not into the bucket's live record (a watched
 * bucket's rescan finds what no event reported), in one statement: keys already there are left as they are. Answers
 * how many were added.
 */
export function recordNewForeignAsLive(
  db: Db,
  where: { connectionId: string; bucket: string; at: string; arrivedAfter: string | null },
  from: ScanSide,
  to: ScanSide,
): number {
  return db
    .prepare(
      `INSERT OR IGNORE INTO live_findings (connection_id, bucket, key, writer, owner_id, status, bucket_owner_access,
         reason, size, etag, event_id, first_seen, checked_at, arrived_after, arrived_before)
       SELECT @connectionId, @bucket, d.key, NULL, d.owner_id, d.status, coalesce(d.bucket_owner_access, 'unknown'),
         d.reason, d.size, d.etag, NULL, @at, @at, @arrivedAfter, @at ${drivingSql.new} AND d.status IS NOT NULL`,
    )
    .run({ ...sides(from, to), ...where }).changes;
}
