import "server-only";
import type { Db } from "@/lib/db";
import { parseStored } from "@/lib/schemas/stored";
import { writerRecordsSchema, type WriterRecord } from "@/lib/schemas/writers";

// A bucket's writers, one snapshot per reading of its logs; the newest is what the writers view shows.

export type WritersSnapshot = {
  id: number;
  from: string | null;
  to: string | null;
  partial: string | null;
  writers: WriterRecord[];
  otherWrites: number;
  at: string;
};

export function saveWriters(
  db: Db,
  connectionId: string | null,
  bucket: string,
  s: Omit<WritersSnapshot, "id" | "at">,
): void {
  db.prepare(
    `INSERT INTO bucket_writers (connection_id, bucket, from_at, to_at, partial, writers_json, other_writes)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(connectionId, bucket, s.from, s.to, s.partial, JSON.stringify(s.writers), s.otherWrites);
}

export function latestWriters(db: Db, connectionId: string | null, bucket: string): WritersSnapshot | null {
  const r = db
    .prepare("SELECT * FROM bucket_writers WHERE connection_id IS ? AND bucket = ? ORDER BY id DESC LIMIT 1")
    .get(connectionId, bucket) as Record<string, unknown> | undefined;
  if (!r) return null;
  return {
    id: r.id as number,
    from: r.from_at as string | null,
    to: r.to_at as string | null,
    partial: r.partial as string | null,
    writers: parseStored(writerRecordsSchema, r.writers_json as string, "bucket writers"),
    otherWrites: r.other_writes as number,
    at: r.created_at as string,
  };
}

/** The status and owner the scan gave each of these keys (their newest version), for the keys it holds. */
export function objectsOfKeys(
  db: Db,
  scanId: number,
  keys: string[],
): Map<string, { status: string; ownerId: string | null }> {
  const out = new Map<string, { status: string; ownerId: string | null }>();
  const statement = db.prepare(
    `SELECT status, owner_id FROM findings WHERE scan_id = ? AND key = ? AND status IS NOT NULL
     ORDER BY is_latest DESC LIMIT 1`,
  );
  for (const key of new Set(keys)) {
    const row = statement.get(scanId, key) as { status: string; owner_id: string | null } | undefined;
    if (row) out.set(key, { status: row.status, ownerId: row.owner_id });
  }
  return out;
}
