import "server-only";
import type { BucketOwnerAccess, ObjectStatus } from "@/lib/audit/types";
import { cachedStatement, type Db } from "@/lib/db";
import { readOffThread } from "@/lib/db/read-worker";
import type { FindingRecord } from "@/lib/schemas/scan";
import { grantsSchema, parseStored } from "@/lib/schemas/stored";

// A scan's findings as records: pages under a filter and a sort, one key, all of them in order (counts and folders:
// lib/db/finding-counts.ts).

export type FindingRow = {
  key: string;
  version_id: string;
  is_latest: number | null;
  delete_marker: number;
  owner_id: string | null;
  owner_display_name: string | null;
  status: ObjectStatus | null;
  bucket_owner_access: BucketOwnerAccess | null;
  public_grant: number | null;
  grants_json: string | null;
  size: number;
  last_modified: string | null;
  storage_class: string | null;
  etag: string | null;
  reason: string | null;
} & Partial<ChangeColumns>;

/** The columns a finding's change adds when it is joined (FROM ${withChanges}). */
type ChangeColumns = {
  now_owner_id: string | null;
  now_status: ObjectStatus | null;
  now_bucket_owner_access: BucketOwnerAccess | null;
  now_public_grant: number | null;
  now_grants_json: string | null;
  now_reason: string | null;
  fix_job_id: number | null;
  batch_job_id: string | null;
  changed_at: string | null;
};

/** Findings with what changed since the scan beside each (the change table's columns never clash with theirs). */
export const withChanges = "findings LEFT JOIN finding_changes USING (scan_id, key, version_id)";

export function toFinding(r: FindingRow): FindingRecord {
  return {
    key: r.key,
    versionId: r.version_id === "" ? null : r.version_id,
    isLatest: r.is_latest === null ? null : r.is_latest === 1,
    deleteMarker: r.delete_marker === 1,
    owner: { id: r.owner_id, displayName: r.owner_display_name },
    status: r.status,
    bucketOwnerAccess: r.bucket_owner_access,
    publicGrant: r.public_grant === null ? null : r.public_grant === 1,
    grants: r.grants_json ? parseStored(grantsSchema, r.grants_json, "grants") : null,
    size: r.size,
    lastModified: r.last_modified,
    storageClass: r.storage_class,
    etag: r.etag,
    reason: r.reason,
    now: r.now_status
      ? {
          ownerId: r.now_owner_id ?? null,
          status: r.now_status,
          bucketOwnerAccess: r.now_bucket_owner_access ?? null,
          publicGrant:
            r.now_public_grant === null || r.now_public_grant === undefined ? null : r.now_public_grant === 1,
          grants: r.now_grants_json ? parseStored(grantsSchema, r.now_grants_json, "grants") : null,
          reason: r.now_reason ?? null,
          fixJobId: r.fix_job_id ?? null,
          batchJobId: r.batch_job_id ?? null,
          at: r.changed_at ?? "",
        }
      : null,
  };
}

export type FindingFilter = {
  status?: ObjectStatus[];
  /** Foreign-owned as the scan saw it. */
  foreignOnly?: boolean;
  /** Foreign-owned as far as Ownerscope knows now (a change since the scan counts): what a fix still has to do. */
  foreignNow?: boolean;
  /** Owned by this account now (a change since the scan counts). */
  nowOwnerId?: string;
  publicOnly?: boolean;
  ownerId?: string;
  prefix?: string;
  text?: string;
  minSize?: number;
  maxSize?: number;
  /** ISO timestamps: modifiedFrom inclusive, modifiedBefore exclusive. */
  modifiedFrom?: string;
  modifiedBefore?: string;
};

export type FindingSort = { by: "risk" | "key" | "size" | "modified"; dir: "asc" | "desc" };
/** Where a page ends: the sort column's value, then the key and version that break ties. */
export type FindingPosition = { value: string | number | null; key: string; versionId: string };

// The sort columns. "risk" and "modified" are computed columns (migration 24): the most severe status first (the
// owner locked out, then readable, full control, unknown, not yet classified, owned), the largest first within it;
// and the date, '' when unknown. Columns, so that a page's keyset condition is a range on their indexes.
const sortColumn: Record<FindingSort["by"], string | null> = {
  risk: "risk",
  key: null,
  size: "size",
  modified: "modified",
};

/** A finding's owner as last known: its change's, else the scan's (only over ${withChanges}). */
const ownerNow = "CASE WHEN now_status IS NULL THEN owner_id ELSE now_owner_id END";

/** Counts join the changes only for a filter on them: SQLite keeps a LEFT JOIN even when no column of it is read. */
export const sourceFor = (f: FindingFilter) => (f.foreignNow || f.nowOwnerId ? withChanges : "findings");

/** Whether anything changed since the scan (most scans: nothing). */
export const hasChanges = (db: Db, scanId: number) =>
  cachedStatement(db, "SELECT 1 FROM finding_changes WHERE scan_id = ? LIMIT 1").get(scanId) !== undefined;

/**
 * Where a page reads from: with the changes beside each finding, or, when the scan has none, the findings alone (a
 * join costs a lookup per row read, and a million rows read for one page with a rare filter). Without changes, "now"
 * is "as scanned".
 */
function pageSource(db: Db, scanId: number, f: FindingFilter): { source: string; filter: FindingFilter } {
  if (hasChanges(db, scanId)) return { source: withChanges, filter: f };
  const { foreignNow, nowOwnerId, ...rest } = f;
  return {
    source: "findings",
    filter: {
      ...rest,
      ...(foreignNow ? { foreignOnly: true } : {}),
      ...(nowOwnerId ? { ownerId: nowOwnerId } : {}),
    },
  };
}

export function filterSql(
  f: FindingFilter,
  bucketOwnerId: string | null,
): { where: string; params: Record<string, unknown> } {
  const clauses = ["scan_id = @scanId"];
  const params: Record<string, unknown> = {};
  if (f.status?.length) {
    clauses.push(`status IN (${f.status.map((_, i) => `@status${i}`).join(", ")})`);
    f.status.forEach((s, i) => (params[`status${i}`] = s));
  }
  if (f.foreignOnly) {
    clauses.push("owner_id <> @bucketOwnerId");
    params.bucketOwnerId = bucketOwnerId;
  }
  if (f.foreignNow) {
    clauses.push(`${ownerNow} <> @bucketOwnerId`);
    params.bucketOwnerId = bucketOwnerId;
  }
  if (f.nowOwnerId) {
    clauses.push(`${ownerNow} = @nowOwnerId`);
    params.nowOwnerId = f.nowOwnerId;
  }
  if (f.publicOnly) clauses.push("public_grant = 1");
  if (f.ownerId) {
    clauses.push("owner_id = @ownerId");
    params.ownerId = f.ownerId;
  }
  if (f.prefix) {
    // A range on the primary key, not LIKE: keys may hold % and _.
    clauses.push("key >= @prefix AND key < @prefixEnd");
    params.prefix = f.prefix;
    params.prefixEnd = f.prefix + "\u{10FFFF}";
  }
  if (f.text) {
    clauses.push("instr(lower(key), lower(@text)) > 0");
    params.text = f.text;
  }
  if (f.minSize !== undefined) {
    clauses.push("size >= @minSize");
    params.minSize = f.minSize;
  }
  if (f.maxSize !== undefined) {
    clauses.push("size <= @maxSize");
    params.maxSize = f.maxSize;
  }
  if (f.modifiedFrom) {
    clauses.push("last_modified >= @modifiedFrom");
    params.modifiedFrom = f.modifiedFrom;
  }
  if (f.modifiedBefore) {
    clauses.push("last_modified < @modifiedBefore");
    params.modifiedBefore = f.modifiedBefore;
  }
  return { where: clauses.join(" AND "), params };
}

/**
 * A page of findings in the chosen order, after the position where the previous page ended (keyset paging, so page
 * 500 of a million rows costs what page 1 does).
 */
export function listFindings(
  db: Db,
  scanId: number,
  filter: FindingFilter,
  page: FindingPage,
  bucketOwnerId: string | null = null,
): { findings: FindingRecord[]; last: FindingPosition | null } {
  const q = pageQuery(scanId, pageSource(db, scanId, filter), page, bucketOwnerId);
  return q.finish(db.prepare(q.sql).all(q.params) as FindingRow[]);
}

/**
 * listFindings in the database reader thread: with a text filter that few keys match, filling a page reads the
 * whole scan.
 */
export async function listFindingsOffThread(
  db: Db,
  scanId: number,
  filter: FindingFilter,
  page: FindingPage,
  bucketOwnerId: string | null = null,
) {
  const q = pageQuery(scanId, pageSource(db, scanId, filter), page, bucketOwnerId);
  return q.finish(await readOffThread<FindingRow>(db, q.sql, q.params));
}

type FindingPage = { after: FindingPosition | null; limit: number; sort?: FindingSort };

function pageQuery(
  scanId: number,
  { source, filter }: { source: string; filter: FindingFilter },
  page: FindingPage,
  bucketOwnerId: string | null,
) {
  const sort = page.sort ?? { by: "key", dir: "asc" };
  const { where, params } = filterSql(filter, bucketOwnerId);
  const column = sortColumn[sort.by];
  const op = sort.dir === "asc" ? ">" : "<";
  const tuple = column ? `(${column}, key, version_id)` : "(key, version_id)";
  const afterTuple = column ? "(@afterValue, @afterKey, @afterVersion)" : "(@afterKey, @afterVersion)";
  const order = [column, "key", "version_id"]
    .filter(Boolean)
    .map((c) => `${c} ${sort.dir.toUpperCase()}`)
    .join(", ");
  const sql = `SELECT *${column ? `, ${column} AS sort_value` : ""} FROM ${source}
       WHERE ${where} ${page.after ? `AND ${tuple} ${op} ${afterTuple}` : ""}
       ORDER BY ${order} LIMIT @limit`;
  const valueOf = (r: FindingRow & { sort_value?: string | number }) => r.sort_value ?? null;
  const finish = (rows: FindingRow[]) => {
    const last = rows.length === page.limit ? rows[rows.length - 1]! : null;
    return {
      findings: rows.map(toFinding),
      last: last && { value: valueOf(last), key: last.key, versionId: last.version_id },
    };
  };
  return {
    sql,
    params: {
      ...params,
      scanId,
      ...(page.after
        ? { afterValue: page.after.value, afterKey: page.after.key, afterVersion: page.after.versionId }
        : {}),
      limit: page.limit,
    },
    finish,
  };
}

/** One finding by its exact key and version ('' when the scan did not list versions). */
export function getFinding(
  db: Db,
  scanId: number,
  key: string,
  versionId: string,
): FindingRecord | undefined {
  const row = db
    .prepare(`SELECT * FROM ${withChanges} WHERE scan_id = ? AND key = ? AND version_id = ?`)
    .get(scanId, key, versionId) as FindingRow | undefined;
  return row && toFinding(row);
}

/** Every finding of a scan in key order, streamed from the database (a million rows never sit in memory). */
export function* iterateFindings(db: Db, scanId: number): Generator<FindingRecord> {
  // A CLI report reads every finding: the changes are joined only when there are some.
  const source = hasChanges(db, scanId) ? withChanges : "findings";
  const statement = db.prepare(`SELECT * FROM ${source} WHERE scan_id = ? ORDER BY key, version_id`);
  for (const row of statement.iterate(scanId)) yield toFinding(row as FindingRow);
}
