import "server-only";
import type { Db } from "@/lib/db";
import { rootUrl, type ReportRoot } from "@/lib/inventory/locations";

export type AllowedLocation = ReportRoot & { location: string; addedBy: string; addedAt: string };

type Row = { bucket: string; prefix: string; added_by: string; added_at: string };

export function listInventoryLocations(db: Db, connectionId: string): AllowedLocation[] {
  const rows = db
    .prepare("SELECT * FROM inventory_locations WHERE connection_id = ? ORDER BY bucket, prefix")
    .all(connectionId) as Row[];
  return rows.map((r) => ({
    bucket: r.bucket,
    prefix: r.prefix,
    location: rootUrl(r),
    addedBy: r.added_by,
    addedAt: r.added_at,
  }));
}

/** Allows a root (again: the first admin and time stay). */
export function allowInventoryLocation(
  db: Db,
  connectionId: string,
  root: ReportRoot,
  addedBy: string,
): void {
  db.prepare(
    `INSERT INTO inventory_locations (connection_id, bucket, prefix, added_by) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  ).run(connectionId, root.bucket, root.prefix, addedBy);
}

export function removeInventoryLocation(db: Db, connectionId: string, root: ReportRoot): boolean {
  return (
    db
      .prepare("DELETE FROM inventory_locations WHERE connection_id = ? AND bucket = ? AND prefix = ?")
      .run(connectionId, root.bucket, root.prefix).changes > 0
  );
}
