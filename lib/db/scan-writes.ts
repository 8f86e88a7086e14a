import "server-only";
import type { Classification, ObjectStatus } from "@/lib/audit/types";
import type { ListedEntry } from "@/lib/aws/scan-io";
import { cachedStatement, type Db } from "@/lib/db";
import type { Piece } from "@/lib/listing/key-space";

// What a running scan (and a verified fix) writes into its findings, with the scan's counters moving in the same
// transaction.

const countColumn: Record<ObjectStatus, string> = {
  owned: "count_owned",
  "foreign-full-control": "count_foreign_full_control",
  "foreign-readable": "count_foreign_readable",
  "foreign-locked": "count_foreign_locked",
  unknown: "count_unknown",
};

export type PageWrite = {
  entries: ListedEntry[];
  /** Classifications known without a request (fast mode's owned keys, delete markers), by entry index. */
  classifiedNow: (Classification | null)[];
  after: { key: string; version: string | null } | null;
  /** A listing in pieces: every piece's range and position after this page. */
  listing?: Piece[];
  done: boolean;
};

/**
 * Stores one listed page and moves the checkpoint past it, in one transaction: after a crash the page is either
 * wholly stored with its checkpoint or not at all, and re-listing it inserts nothing twice.
 */
export function writeListedPage(db: Db, scanId: number, page: PageWrite): { inserted: boolean[] } {
  // Positional parameters: a listed page is fast mode's main write, and binding by name costs a fifth more per row.
  const insert = cachedStatement(
    db,
    `INSERT OR IGNORE INTO findings (scan_id, key, version_id, is_latest, delete_marker, owner_id, owner_display_name,
       status, bucket_owner_access, public_grant, grants_json, size, last_modified, storage_class, etag, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const run = db.transaction(() => {
    const inserted: boolean[] = [];
    const counts = new Map<ObjectStatus, number>();
    let listed = 0;
    let bytes = 0;
    page.entries.forEach((e, i) => {
      const c = page.classifiedNow[i] ?? null;
      const changes = insert.run(
        scanId,
        e.key,
        e.versionId,
        e.isLatest === null ? null : e.isLatest ? 1 : 0,
        e.deleteMarker ? 1 : 0,
        c?.ownerId ?? e.ownerId,
        e.ownerDisplayName,
        c?.status ?? null,
        c?.bucketOwnerAccess ?? null,
        c?.publicGrant === null || c === null ? null : c.publicGrant ? 1 : 0,
        c?.grants ? JSON.stringify(c.grants) : null,
        e.size,
        e.lastModified,
        e.storageClass,
        e.etag,
        c?.reason ?? null,
      ).changes;
      inserted.push(changes === 1);
      if (changes === 1) {
        listed++;
        bytes += e.size;
        if (c) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
      }
    });
    addCounts(db, scanId, counts);
    db.prepare(
      `UPDATE scans SET listed = listed + ?, listed_bytes = listed_bytes + ?, list_after_key = ?, list_after_version = ?,
         listing_json = ?, listing_done = ?, heartbeat_at = ? WHERE id = ?`,
    ).run(
      listed,
      bytes,
      page.after?.key ?? null,
      page.after?.version ?? null,
      page.listing ? JSON.stringify(page.listing) : null,
      page.done ? 1 : 0,
      Date.now(),
      scanId,
    );
    return { inserted };
  });
  return run();
}

function addCounts(db: Db, scanId: number, counts: Map<ObjectStatus, number>) {
  let classified = 0;
  for (const [status, n] of counts) {
    db.prepare(`UPDATE scans SET ${countColumn[status]} = ${countColumn[status]} + ? WHERE id = ?`).run(
      n,
      scanId,
    );
    classified += n;
  }
  if (classified > 0)
    db.prepare("UPDATE scans SET classified = classified + ? WHERE id = ?").run(classified, scanId);
}

/** A classification as the findings' columns (and their changes') hold it, named for SQL parameters. */
export const classificationColumns = (c: Classification) => ({
  ownerId: c.ownerId,
  status: c.status,
  bucketOwnerAccess: c.bucketOwnerAccess,
  publicGrant: c.publicGrant === null ? null : c.publicGrant ? 1 : 0,
  grantsJson: c.grants ? JSON.stringify(c.grants) : null,
  reason: c.reason,
});

export type ClassifiedEntry = { key: string; versionId: string; classification: Classification };

/** Records a batch of classifications (only for rows still pending, so a replay after a crash counts nothing twice). */
export function writeClassifications(
  db: Db,
  scanId: number,
  batch: ClassifiedEntry[],
  progress: { requests: number; retries: number; throttled: number; activeMs: number },
): void {
  const update = db.prepare(
    `UPDATE findings SET owner_id = @ownerId, status = @status, bucket_owner_access = @bucketOwnerAccess,
       public_grant = @publicGrant, grants_json = @grantsJson, reason = @reason
     WHERE scan_id = @scanId AND key = @key AND version_id = @versionId AND status IS NULL`,
  );
  db.transaction(() => {
    const counts = new Map<ObjectStatus, number>();
    for (const { key, versionId, classification: c } of batch) {
      const changes = update.run({ scanId, key, versionId, ...classificationColumns(c) }).changes;
      if (changes === 1) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
    }
    addCounts(db, scanId, counts);
    db.prepare(
      `UPDATE scans SET requests = requests + ?, retries = retries + ?, throttled = throttled + ?,
         active_ms = active_ms + ?, heartbeat_at = ? WHERE id = ?`,
    ).run(progress.requests, progress.retries, progress.throttled, progress.activeMs, Date.now(), scanId);
  })();
}

export type PendingEntry = { key: string; versionId: string; ownerId: string | null; deleteMarker: boolean };

/** Rows listed but not classified (in flight when a run stopped), in key order after the given position. */
export function pendingEntries(
  db: Db,
  scanId: number,
  after: { key: string; versionId: string } | null,
  limit: number,
): PendingEntry[] {
  const rows = db
    .prepare(
      `SELECT key, version_id, owner_id, delete_marker FROM findings
       WHERE scan_id = @scanId AND status IS NULL AND (key, version_id) > (@key, @versionId)
       ORDER BY key, version_id LIMIT @limit`,
    )
    .all({ scanId, key: after?.key ?? "", versionId: after?.versionId ?? "", limit }) as {
    key: string;
    version_id: string;
    owner_id: string | null;
    delete_marker: number;
  }[];
  return rows.map((r) => ({
    key: r.key,
    versionId: r.version_id,
    ownerId: r.owner_id,
    deleteMarker: r.delete_marker === 1,
  }));
}
