import "server-only";
import type { BucketOwnerAccess, Classification, Grant, ObjectStatus, ScanMode } from "@/lib/audit/types";
import type { ListedEntry } from "@/lib/aws/scan-io";
import { cachedStatement, type Db } from "@/lib/db";
import { readOffThread } from "@/lib/db/read-worker";

export type ScanStatus = "running" | "completed" | "failed" | "cancelled";

export type ScanRecord = {
  id: number;
  connectionId: string | null;
  targetJson: string;
  identity: string;
  bucket: string;
  prefix: string;
  mode: ScanMode;
  versions: boolean;
  concurrency: number;
  status: ScanStatus;
  cancelRequested: boolean;
  error: string | null;
  bucketOwnerId: string | null;
  postureJson: string | null;
  listAfterKey: string | null;
  listAfterVersion: string | null;
  listingDone: boolean;
  listed: number;
  classified: number;
  listedBytes: number;
  byStatus: Record<ObjectStatus, number>;
  requests: number;
  retries: number;
  throttled: number;
  runs: number;
  activeMs: number;
  runnerPid: number | null;
  heartbeatAt: number | null;
  createdAt: string;
  finishedAt: string | null;
  /** "inventory" when the findings were read from an S3 Inventory report, dated reportDate. */
  source: "live" | "inventory";
  reportDate: string | null;
};

const countColumn: Record<ObjectStatus, string> = {
  owned: "count_owned",
  "foreign-full-control": "count_foreign_full_control",
  "foreign-readable": "count_foreign_readable",
  "foreign-locked": "count_foreign_locked",
  unknown: "count_unknown",
};

type ScanRow = Record<string, unknown>;

function toScan(r: ScanRow): ScanRecord {
  return {
    id: r.id as number,
    connectionId: r.connection_id as string | null,
    targetJson: r.target_json as string,
    identity: r.identity as string,
    bucket: r.bucket as string,
    prefix: r.prefix as string,
    mode: r.mode as ScanMode,
    versions: r.versions === 1,
    concurrency: r.concurrency as number,
    status: r.status as ScanStatus,
    cancelRequested: r.cancel_requested === 1,
    error: r.error as string | null,
    bucketOwnerId: r.bucket_owner_id as string | null,
    postureJson: r.posture_json as string | null,
    listAfterKey: r.list_after_key as string | null,
    listAfterVersion: r.list_after_version as string | null,
    listingDone: r.listing_done === 1,
    listed: r.listed as number,
    classified: r.classified as number,
    listedBytes: r.listed_bytes as number,
    byStatus: {
      owned: r.count_owned as number,
      "foreign-full-control": r.count_foreign_full_control as number,
      "foreign-readable": r.count_foreign_readable as number,
      "foreign-locked": r.count_foreign_locked as number,
      unknown: r.count_unknown as number,
    },
    requests: r.requests as number,
    retries: r.retries as number,
    throttled: r.throttled as number,
    runs: r.runs as number,
    activeMs: r.active_ms as number,
    runnerPid: r.runner_pid as number | null,
    heartbeatAt: r.heartbeat_at as number | null,
    createdAt: r.created_at as string,
    finishedAt: r.finished_at as string | null,
    source: r.source === "inventory" ? "inventory" : "live",
    reportDate: r.report_date as string | null,
  };
}

export type NewScan = {
  connectionId: string | null;
  targetJson: string;
  identity: string;
  bucket: string;
  prefix: string;
  mode: ScanMode;
  versions: boolean;
  concurrency: number;
};

export function createScan(db: Db, s: NewScan): number {
  const result = db
    .prepare(
      `INSERT INTO scans (connection_id, target_json, identity, bucket, prefix, mode, versions, concurrency, status)
       VALUES (@connectionId, @targetJson, @identity, @bucket, @prefix, @mode, @versions, @concurrency, 'running')`,
    )
    .run({ ...s, versions: s.versions ? 1 : 0 });
  return Number(result.lastInsertRowid);
}

export function getScan(db: Db, id: number): ScanRecord | undefined {
  const row = db.prepare("SELECT * FROM scans WHERE id = ?").get(id) as ScanRow | undefined;
  return row && toScan(row);
}

export function listScans(
  db: Db,
  filter: { connectionId?: string; bucket?: string; limit: number },
): ScanRecord[] {
  const rows = db
    .prepare(
      `SELECT * FROM scans WHERE (@connectionId IS NULL OR connection_id = @connectionId)
         AND (@bucket IS NULL OR bucket = @bucket) ORDER BY id DESC LIMIT @limit`,
    )
    .all({
      connectionId: filter.connectionId ?? null,
      bucket: filter.bucket ?? null,
      limit: filter.limit,
    }) as ScanRow[];
  return rows.map(toScan);
}

/** Marks a scan as read from an inventory report of that date. */
export function markInventoryScan(db: Db, id: number, reportDate: string): void {
  db.prepare("UPDATE scans SET source = 'inventory', report_date = ? WHERE id = ?").run(reportDate, id);
}

/** The listing is complete (an inventory report has been read whole); only pending rows are left to check. */
export function markListingDone(db: Db, id: number): void {
  db.prepare(
    "UPDATE scans SET listing_done = 1, list_after_key = NULL, list_after_version = NULL WHERE id = ?",
  ).run(id);
}

/** The newest completed scan of each bucket of a connection. */
export function latestCompletedScans(db: Db, connectionId: string): ScanRecord[] {
  const rows = db
    .prepare(
      `SELECT * FROM scans WHERE id IN (SELECT max(id) FROM scans WHERE connection_id = ? AND status = 'completed'
         GROUP BY bucket)`,
    )
    .all(connectionId) as ScanRow[];
  return rows.map(toScan);
}

/** An unfinished scan of the same target and parameters (interrupted or failed), to continue from its checkpoint. */
export function findUnfinishedScan(
  db: Db,
  s: Pick<NewScan, "identity" | "bucket" | "prefix" | "mode" | "versions">,
): ScanRecord | undefined {
  const row = db
    .prepare(
      `SELECT * FROM scans WHERE identity = @identity AND bucket = @bucket AND prefix = @prefix AND mode = @mode
         AND versions = @versions AND status IN ('running', 'failed') AND cancel_requested = 0
       ORDER BY id DESC LIMIT 1`,
    )
    .get({ ...s, versions: s.versions ? 1 : 0 }) as ScanRow | undefined;
  return row && toScan(row);
}

export function scansMarkedRunning(db: Db): ScanRecord[] {
  return (db.prepare("SELECT * FROM scans WHERE status = 'running'").all() as ScanRow[]).map(toScan);
}

/** Takes a scan for this process: a heartbeat and our pid tell other processes it is alive. */
export function claimScan(db: Db, id: number, pid: number): void {
  db.prepare(
    `UPDATE scans SET status = 'running', error = NULL, runner_pid = ?, heartbeat_at = ?, runs = runs + 1,
       finished_at = NULL WHERE id = ?`,
  ).run(pid, Date.now(), id);
}

/** Marks a scan as this process's before its runner starts (in a thread): until then it still counts as running. */
export function holdScan(db: Db, id: number, pid: number): void {
  db.prepare("UPDATE scans SET runner_pid = ?, heartbeat_at = ? WHERE id = ?").run(pid, Date.now(), id);
}

export function savePosture(db: Db, id: number, bucketOwnerId: string, postureJson: string): void {
  db.prepare("UPDATE scans SET bucket_owner_id = ?, posture_json = ? WHERE id = ?").run(
    bucketOwnerId,
    postureJson,
    id,
  );
}

export type PageWrite = {
  entries: ListedEntry[];
  /** Classifications known without a request (fast mode's owned keys, delete markers), by entry index. */
  classifiedNow: (Classification | null)[];
  after: { key: string; version: string | null } | null;
  done: boolean;
};

/**
 * Stores one listed page and moves the checkpoint past it, in one transaction: after a crash the page is either
 * wholly stored with its checkpoint or not at all, and re-listing it inserts nothing twice.
 */
export function writeListedPage(db: Db, scanId: number, page: PageWrite): { inserted: boolean[] } {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO findings (scan_id, key, version_id, is_latest, delete_marker, owner_id, owner_display_name,
       status, bucket_owner_access, public_grant, grants_json, size, last_modified, storage_class, etag, reason)
     VALUES (@scanId, @key, @versionId, @isLatest, @deleteMarker, @ownerId, @ownerDisplayName, @status,
       @bucketOwnerAccess, @publicGrant, @grantsJson, @size, @lastModified, @storageClass, @etag, @reason)`,
  );
  const run = db.transaction(() => {
    const inserted: boolean[] = [];
    const counts = new Map<ObjectStatus, number>();
    let listed = 0;
    let bytes = 0;
    page.entries.forEach((e, i) => {
      const c = page.classifiedNow[i] ?? null;
      const changes = insert.run({
        scanId,
        key: e.key,
        versionId: e.versionId,
        isLatest: e.isLatest === null ? null : e.isLatest ? 1 : 0,
        deleteMarker: e.deleteMarker ? 1 : 0,
        ownerId: c?.ownerId ?? e.ownerId,
        ownerDisplayName: e.ownerDisplayName,
        status: c?.status ?? null,
        bucketOwnerAccess: c?.bucketOwnerAccess ?? null,
        publicGrant: c?.publicGrant === null || c === null ? null : c.publicGrant ? 1 : 0,
        grantsJson: c?.grants ? JSON.stringify(c.grants) : null,
        size: e.size,
        lastModified: e.lastModified,
        storageClass: e.storageClass,
        etag: e.etag,
        reason: c?.reason ?? null,
      }).changes;
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
         listing_done = ?, heartbeat_at = ? WHERE id = ?`,
    ).run(
      listed,
      bytes,
      page.after?.key ?? null,
      page.after?.version ?? null,
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
      const changes = update.run({
        scanId,
        key,
        versionId,
        ownerId: c.ownerId,
        status: c.status,
        bucketOwnerAccess: c.bucketOwnerAccess,
        publicGrant: c.publicGrant === null ? null : c.publicGrant ? 1 : 0,
        grantsJson: c.grants ? JSON.stringify(c.grants) : null,
        reason: c.reason,
      }).changes;
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

export function finishScan(
  db: Db,
  id: number,
  status: Exclude<ScanStatus, "running">,
  error: string | null,
): void {
  db.prepare(
    `UPDATE scans SET status = ?, error = ?, runner_pid = NULL, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE id = ?`,
  ).run(status, error, id);
}

export function requestCancel(db: Db, id: number): boolean {
  return (
    db.prepare("UPDATE scans SET cancel_requested = 1 WHERE id = ? AND status = 'running'").run(id)
      .changes === 1
  );
}

export function isCancelRequested(db: Db, id: number): boolean {
  const row = db.prepare("SELECT cancel_requested FROM scans WHERE id = ?").get(id) as
    { cancel_requested: number } | undefined;
  return row?.cancel_requested === 1;
}

export type FindingRecord = {
  key: string;
  versionId: string | null;
  isLatest: boolean | null;
  deleteMarker: boolean;
  owner: { id: string | null; displayName: string | null };
  status: ObjectStatus | null;
  bucketOwnerAccess: BucketOwnerAccess | null;
  publicGrant: boolean | null;
  grants: Grant[] | null;
  size: number;
  lastModified: string | null;
  storageClass: string | null;
  etag: string | null;
  reason: string | null;
};

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
};

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
    grants: r.grants_json ? (JSON.parse(r.grants_json) as Grant[]) : null,
    size: r.size,
    lastModified: r.last_modified,
    storageClass: r.storage_class,
    etag: r.etag,
    reason: r.reason,
  };
}

export type FindingFilter = {
  status?: ObjectStatus[];
  foreignOnly?: boolean;
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

export type FindingSort = { by: "key" | "size" | "modified"; dir: "asc" | "desc" };
/** Where a page ends: the sort column's value, then the key and version that break ties. */
export type FindingPosition = { value: string | number | null; key: string; versionId: string };

// The sort column, spelled exactly as the migration's indexes spell it so SQLite can walk them.
const sortColumn: Record<FindingSort["by"], string | null> = {
  key: null,
  size: "size",
  modified: "coalesce(last_modified, '')",
};

function filterSql(
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
  const q = pageQuery(scanId, filter, page, bucketOwnerId);
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
  const q = pageQuery(scanId, filter, page, bucketOwnerId);
  return q.finish(await readOffThread<FindingRow>(db, q.sql, q.params));
}

type FindingPage = { after: FindingPosition | null; limit: number; sort?: FindingSort };

function pageQuery(scanId: number, filter: FindingFilter, page: FindingPage, bucketOwnerId: string | null) {
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
  const sql = `SELECT * FROM findings WHERE ${where} ${page.after ? `AND ${tuple} ${op} ${afterTuple}` : ""}
       ORDER BY ${order} LIMIT @limit`;
  const valueOf = (r: FindingRow) =>
    sort.by === "size" ? r.size : sort.by === "modified" ? (r.last_modified ?? "") : null;
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
    .prepare("SELECT * FROM findings WHERE scan_id = ? AND key = ? AND version_id = ?")
    .get(scanId, key, versionId) as FindingRow | undefined;
  return row && toFinding(row);
}

function countQuery(scanId: number, filter: FindingFilter, bucketOwnerId: string | null) {
  const { where, params } = filterSql(filter, bucketOwnerId);
  return { sql: `SELECT count(*) AS n FROM findings WHERE ${where}`, params: { ...params, scanId } };
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

export type FolderSummary = { prefix: string; objects: number; foreign: number; bytes: number };

/** The folders one level below the filter's prefix, with how many matching keys (and foreign ones) each holds. */
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
     FROM findings WHERE ${where} AND instr(substr(key, length(@folderPrefix) + 1), '/') > 0
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

/** Every finding of a scan in key order, streamed from the database (a million rows never sit in memory). */
export function* iterateFindings(db: Db, scanId: number): Generator<FindingRecord> {
  const statement = db.prepare("SELECT * FROM findings WHERE scan_id = ? ORDER BY key, version_id");
  for (const row of statement.iterate(scanId)) yield toFinding(row as FindingRow);
}

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

export type StatusSummary = { status: ObjectStatus | null; objects: number; bytes: number };

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

/**
 * After a fix, the scan's row for the object takes the verified owner and status (and the counters move with it),
 * so the findings a user looks at show the fix without a new scan.
 */
export function applyFixToFinding(
  db: Db,
  scanId: number,
  key: string,
  versionId: string,
  c: Classification,
): void {
  db.transaction(() => {
    const row = cachedStatement(
      db,
      "SELECT status FROM findings WHERE scan_id = ? AND key = ? AND version_id = ?",
    ).get(scanId, key, versionId) as { status: ObjectStatus | null } | undefined;
    if (!row) return;
    cachedStatement(
      db,
      `UPDATE findings SET owner_at_scan = coalesce(owner_at_scan, owner_id), owner_id = ?, status = ?,
         bucket_owner_access = ?, public_grant = ?, grants_json = ?, reason = ?
       WHERE scan_id = ? AND key = ? AND version_id = ?`,
    ).run(
      c.ownerId,
      c.status,
      c.bucketOwnerAccess,
      c.publicGrant === null ? null : c.publicGrant ? 1 : 0,
      c.grants ? JSON.stringify(c.grants) : null,
      c.reason,
      scanId,
      key,
      versionId,
    );
    if (row.status && row.status !== c.status) {
      cachedStatement(
        db,
        `UPDATE scans SET ${countColumn[row.status]} = ${countColumn[row.status]} - 1, ${countColumn[c.status]} = ${countColumn[c.status]} + 1 WHERE id = ?`,
      ).run(scanId);
    }
  })();
}
