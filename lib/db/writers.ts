import "server-only";
import type { Db } from "@/lib/db";
import { parseStored } from "@/lib/schemas/stored";
import { writerRecordsSchema, type WriterRecord } from "@/lib/schemas/writers";
import type { EventWriter, OwnerObjects } from "@/lib/writers/unlogged";

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

/**
 * When each writer's team changed its setting, as operators recorded it: by writer ID, and by "account\n" + the
 * canonical ID of its account (where known), for a writer whose ID changed since (another source names it now).
 */
export function writerChanges(db: Db, connectionId: string, bucket: string): Map<string, string> {
  const rows = db
    .prepare(
      "SELECT writer_id, canonical_id, changed_at FROM writer_changes WHERE connection_id = ? AND bucket = ?",
    )
    .all(connectionId, bucket) as { writer_id: string; canonical_id: string | null; changed_at: string }[];
  const out = new Map<string, string>();
  for (const r of rows) {
    out.set(r.writer_id, r.changed_at);
    if (r.canonical_id) out.set(`account\n${r.canonical_id}`, r.changed_at);
  }
  return out;
}

/** Records (or, with null, forgets) when a writer's team changed its setting. */
export function noteWriterChange(
  db: Db,
  c: {
    connectionId: string;
    bucket: string;
    writerId: string;
    canonicalId: string | null;
    changedAt: string | null;
    by: string;
  },
): void {
  if (c.changedAt === null) {
    db.prepare("DELETE FROM writer_changes WHERE connection_id = ? AND bucket = ? AND writer_id = ?").run(
      c.connectionId,
      c.bucket,
      c.writerId,
    );
    return;
  }
  db.prepare(
    `INSERT INTO writer_changes (connection_id, bucket, writer_id, canonical_id, changed_at, noted_by)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, bucket, writer_id) DO UPDATE SET changed_at = excluded.changed_at,
       canonical_id = excluded.canonical_id, noted_by = excluded.noted_by,
       noted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  ).run(c.connectionId, c.bucket, c.writerId, c.canonicalId, c.changedAt, c.by);
}

type Since = { locked: number; lastLocked: string | null; readable: number; unjudged: number };

/**
 * An owner's objects written after a date, as the bucket's whole scans finished since saw them, every version (a
 * locked version under a readable one was still written without the ACL). Locked: in any of those scans (an object
 * fixed since is the owner's in the newest, but an earlier scan saw how it came); readable: in the newest.
 */
export function scanWritesSince(
  db: Db,
  at: { connectionId: string | null; bucket: string; newestScanId: number },
  ownerId: string,
  since: string,
): Since {
  const locked = db
    .prepare(
      `SELECT count(DISTINCT f.key || char(0) || f.version_id) AS locked, max(f.last_modified) AS lastLocked
       FROM scans s JOIN findings f ON f.scan_id = s.id
       WHERE s.connection_id IS ? AND s.bucket = ? AND s.prefix = '' AND s.status = 'completed' AND s.finished_at > ?
         AND f.owner_id = ? AND f.status = 'foreign-locked' AND f.last_modified > ? AND f.delete_marker = 0`,
    )
    .get(at.connectionId, at.bucket, since, ownerId, since) as { locked: number; lastLocked: string | null };
  const readable = db
    .prepare(
      `SELECT count(*) AS n FROM findings WHERE scan_id = ? AND owner_id = ? AND last_modified > ?
         AND status IN ('foreign-full-control', 'foreign-readable') AND delete_marker = 0`,
    )
    .get(at.newestScanId, ownerId, since) as { n: number };
  return { ...locked, readable: readable.n, unjudged: 0 };
}

/**
 * An owner's objects that arrived in the live record after a date: locked, readable, and unjudged: an arrival fixed
 * since (by a rule or by hand) is the owner's now, and the record keeps who it arrived from, not how it arrived.
 */
export function liveWritesSince(
  db: Db,
  connectionId: string,
  bucket: string,
  ownerId: string,
  since: string,
): Since {
  return db
    .prepare(
      `SELECT coalesce(sum(status = 'foreign-locked'), 0) AS locked,
         max(CASE WHEN status = 'foreign-locked' THEN first_seen END) AS lastLocked,
         coalesce(sum(status IN ('foreign-full-control', 'foreign-readable')), 0) AS readable,
         coalesce(sum(status NOT IN ('foreign-locked', 'foreign-full-control', 'foreign-readable')), 0) AS unjudged
       FROM live_findings WHERE connection_id = ? AND bucket = ? AND owner_id = ? AND first_seen > ?`,
    )
    .get(connectionId, bucket, ownerId, since) as Since;
}

const dayCounts = (rows: unknown[]) =>
  Object.fromEntries((rows as { day: string; n: number }[]).map((r) => [r.day, r.n]));

// The first two levels of a key ("a/b/" of "a/b/c"), as lib/migrate/evidence.ts's prefixOf cuts them, in SQL.
const rest = "substr(key, instr(key, '/') + 1)";
const PREFIX_SQL = `CASE WHEN instr(key, '/') = 0 THEN ''
  WHEN instr(${rest}, '/') = 0 THEN substr(key, 1, instr(key, '/'))
  ELSE substr(key, 1, instr(key, '/') + instr(${rest}, '/')) END`;

/**
 * The foreign accounts of a scan (every owner but the bucket's), the most objects first, at most `limit`: what the
 * writers view says of writers no log names. Each count covers all the account's newest versions.
 */
export function scanOwners(db: Db, scanId: number, bucketOwnerId: string, limit: number): OwnerObjects[] {
  const live = "scan_id = ? AND owner_id = ? AND status IS NOT NULL AND coalesce(is_latest, 1) = 1";
  const owners = db
    .prepare(
      `SELECT owner_id, count(*) AS objects, coalesce(sum(status = 'foreign-locked'), 0) AS locked,
         coalesce(sum(size), 0) AS bytes, min(last_modified) AS first, max(last_modified) AS last
       FROM findings WHERE scan_id = ? AND owner_id IS NOT NULL AND owner_id <> ? AND status IS NOT NULL
         AND coalesce(is_latest, 1) = 1
       GROUP BY owner_id ORDER BY objects DESC, owner_id LIMIT ?`,
    )
    .all(scanId, bucketOwnerId, limit) as Record<string, unknown>[];
  const prefixes = db.prepare(
    `SELECT ${PREFIX_SQL} AS prefix, count(*) AS n FROM findings WHERE ${live}
     GROUP BY prefix ORDER BY n DESC, prefix LIMIT 10`,
  );
  const newest = db.prepare(
    `SELECT key FROM findings WHERE ${live} ORDER BY last_modified DESC, key LIMIT 20`,
  );
  const days = db.prepare(
    `SELECT substr(last_modified, 1, 10) AS day, count(*) AS n FROM findings WHERE ${live} AND last_modified IS NOT NULL
     GROUP BY day ORDER BY day DESC LIMIT 60`,
  );
  return owners.map((o) => ({
    ownerId: o.owner_id as string,
    objects: o.objects as number,
    locked: o.locked as number,
    bytes: o.bytes as number,
    first: o.first as string | null,
    last: o.last as string | null,
    prefixes: Object.fromEntries(
      (prefixes.all(scanId, o.owner_id) as { prefix: string; n: number }[]).map((p) => [p.prefix, p.n]),
    ),
    newestKeys: (newest.all(scanId, o.owner_id) as { key: string }[]).map((k) => k.key),
    days: dayCounts(days.all(scanId, o.owner_id)),
  }));
}

/** The writers the watched bucket's events named (grouped by principal and owning account), most arrivals first. */
export function eventWriters(db: Db, connectionId: string, bucket: string, limit: number): EventWriter[] {
  const rows = db
    .prepare(
      `SELECT writer, owner_id, count(*) AS arrivals, coalesce(sum(status = 'foreign-locked'), 0) AS locked,
         coalesce(sum(size), 0) AS bytes, min(first_seen) AS first, max(first_seen) AS last
       FROM live_findings WHERE connection_id = ? AND bucket = ? AND writer IS NOT NULL AND owner_id IS NOT NULL
       GROUP BY writer, owner_id ORDER BY arrivals DESC, writer LIMIT ?`,
    )
    .all(connectionId, bucket, limit) as Record<string, unknown>[];
  const mine = "connection_id = ? AND bucket = ? AND writer = ? AND owner_id = ?";
  const newest = db.prepare(`SELECT key FROM live_findings WHERE ${mine} ORDER BY seq DESC LIMIT 20`);
  const days = db.prepare(
    `SELECT substr(first_seen, 1, 10) AS day, count(*) AS n FROM live_findings WHERE ${mine}
     GROUP BY day ORDER BY day DESC LIMIT 60`,
  );
  return rows.map((r) => ({
    principal: r.writer as string,
    ownerId: r.owner_id as string,
    arrivals: r.arrivals as number,
    locked: r.locked as number,
    bytes: r.bytes as number,
    first: r.first as string,
    last: r.last as string,
    newestKeys: (newest.all(connectionId, bucket, r.writer, r.owner_id) as { key: string }[]).map(
      (k) => k.key,
    ),
    days: dayCounts(days.all(connectionId, bucket, r.writer, r.owner_id)),
  }));
}
