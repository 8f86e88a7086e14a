import "server-only";
import type { Grant } from "@/lib/audit/types";
import { cachedStatement, type Db } from "@/lib/db";
import type { ObjectSnapshot } from "@/lib/fix/snapshot";
import type { FixItemState } from "@/lib/schemas/fix";
import { grantsSchema, objectSnapshotSchema, parseStored } from "@/lib/schemas/stored";

// A fix job's items: one per object, planned then moved through its steps, with the snapshot a copy restates.

export type FixItemRecord = {
  key: string;
  versionId: string;
  /** The key's current object (copied, re-checked by HEAD without a version) rather than one noncurrent version. */
  isCurrent: boolean;
  strategy: string | null;
  thenStrategy: string | null;
  plannedEtag: string | null;
  /** The version the plan saw as current ('' or null when unknown: the bucket is unversioned or was not scanned so). */
  plannedVersion: string | null;
  /** Every grant the plan saw; null when it could not be read. */
  plannedGrants: Grant[] | null;
  /** A retry asked for a fresh read: the runner observes the object and plans it again before acting. */
  observe: boolean;
  ownerBefore: string | null;
  accessBefore: string | null;
  size: number;
  state: FixItemState;
  step: string | null;
  snapshot: ObjectSnapshot | null;
  ownerAfter: string | null;
  accessAfter: string | null;
  reason: string | null;
  attempts: number;
};

type Row = Record<string, unknown>;

export const parseGrants = (json: unknown) =>
  typeof json === "string" ? parseStored(grantsSchema, json, "grants") : null;
export const grantsJson = (grants: Grant[] | null | undefined) => (grants ? JSON.stringify(grants) : null);

function toItem(r: Row): FixItemRecord {
  return {
    key: r.key as string,
    versionId: r.version_id as string,
    isCurrent: r.is_current === 1,
    strategy: r.strategy as string | null,
    thenStrategy: r.then_strategy as string | null,
    plannedEtag: r.planned_etag as string | null,
    plannedVersion: r.planned_version as string | null,
    plannedGrants: parseGrants(r.planned_grants_json),
    observe: r.observe === 1,
    ownerBefore: r.owner_before as string | null,
    accessBefore: r.access_before as string | null,
    size: r.size as number,
    state: r.state as FixItemState,
    step: r.step as string | null,
    snapshot: r.snapshot_json
      ? parseStored(objectSnapshotSchema, r.snapshot_json as string, "object snapshot")
      : null,
    ownerAfter: r.owner_after as string | null,
    accessAfter: r.access_after as string | null,
    reason: r.reason as string | null,
    attempts: r.attempts as number,
  };
}

/** An item as planned: the record's fields up to its state, before any step has run. */
export type NewFixItem = Pick<
  FixItemRecord,
  | "key"
  | "versionId"
  | "isCurrent"
  | "strategy"
  | "thenStrategy"
  | "plannedEtag"
  | "plannedVersion"
  | "plannedGrants"
  | "observe"
  | "ownerBefore"
  | "accessBefore"
  | "size"
  | "state"
  | "reason"
>;

/** Adds planned items in one transaction (callers batch them, so a million-key plan never sits in memory). */
export function addFixItems(db: Db, jobId: number, items: NewFixItem[]): void {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO fix_items (job_id, key, version_id, is_current, strategy, then_strategy, planned_etag,
       planned_version, planned_grants_json, observe, owner_before, access_before, size, state, step, reason,
       updated_at)
     VALUES (@jobId, @key, @versionId, @isCurrent, @strategy, @thenStrategy, @plannedEtag, @plannedVersion,
       @plannedGrants, @observe, @ownerBefore, @accessBefore, @size, @state, @strategy, @reason,
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
  );
  db.transaction(() => {
    for (const item of items)
      insert.run({
        jobId,
        ...item,
        isCurrent: item.isCurrent ? 1 : 0,
        plannedGrants: grantsJson(item.plannedGrants),
        observe: item.observe ? 1 : 0,
      });
  })();
}

type ItemPosition = { key: string; versionId: string } | null;

/** A page of a job's items in key order after a position, of one kind. */
function itemsAfter(
  db: Db,
  jobId: number,
  kind: string,
  after: ItemPosition,
  limit: number,
): FixItemRecord[] {
  const rows = cachedStatement(
    db,
    `SELECT * FROM fix_items WHERE job_id = @jobId AND ${kind}
       AND (key, version_id) > (@key, @versionId) ORDER BY key, version_id LIMIT @limit`,
  ).all({ jobId, key: after?.key ?? "", versionId: after?.versionId ?? "", limit }) as Row[];
  return rows.map(toItem);
}

/** Items still to do (pending, or interrupted mid-copy). */
export const openFixItems = (db: Db, jobId: number, after: ItemPosition, limit: number) =>
  itemsAfter(db, jobId, "state IN ('pending', 'copying')", after, limit);

/** The failures no strategy could be planned for (no fixer, say): a retry plans them again. */
export const unplannedFailures = (db: Db, jobId: number, after: ItemPosition, limit: number) =>
  itemsAfter(db, jobId, "state = 'failed' AND strategy IS NULL", after, limit);

export function listFixItems(
  db: Db,
  jobId: number,
  filter: { state?: FixItemState },
  page: { after: { key: string; versionId: string } | null; limit: number },
): FixItemRecord[] {
  const rows = db
    .prepare(
      `SELECT * FROM fix_items WHERE job_id = @jobId AND (@state IS NULL OR state = @state)
         AND (key, version_id) > (@key, @versionId) ORDER BY key, version_id LIMIT @limit`,
    )
    .all({
      jobId,
      state: filter.state ?? null,
      key: page.after?.key ?? "",
      versionId: page.after?.versionId ?? "",
      limit: page.limit,
    }) as Row[];
  return rows.map(toItem);
}

export function* iterateFixItems(db: Db, jobId: number): Generator<FixItemRecord> {
  for (const r of db
    .prepare("SELECT * FROM fix_items WHERE job_id = ? ORDER BY key, version_id")
    .iterate(jobId)) {
    yield toItem(r as Row);
  }
}

export function updateFixItem(
  db: Db,
  jobId: number,
  item: Pick<FixItemRecord, "key" | "versionId">,
  patch: Partial<
    Pick<
      FixItemRecord,
      | "state"
      | "step"
      | "snapshot"
      | "ownerAfter"
      | "accessAfter"
      | "reason"
      | "plannedEtag"
      | "plannedVersion"
      | "plannedGrants"
      | "ownerBefore"
      | "accessBefore"
      | "strategy"
      | "thenStrategy"
      | "observe"
    >
  > & {
    attempt?: boolean;
  },
): void {
  const sets: string[] = ["updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"];
  const params: Record<string, unknown> = { jobId, key: item.key, versionId: item.versionId };
  const columns = {
    state: "state",
    step: "step",
    ownerAfter: "owner_after",
    accessAfter: "access_after",
    reason: "reason",
    plannedEtag: "planned_etag",
    plannedVersion: "planned_version",
    ownerBefore: "owner_before",
    accessBefore: "access_before",
    strategy: "strategy",
    thenStrategy: "then_strategy",
  } as const;
  for (const [field, column] of Object.entries(columns)) {
    if (field in patch) {
      sets.push(`${column} = @${field}`);
      params[field] = patch[field as keyof typeof columns] ?? null;
    }
  }
  if ("plannedGrants" in patch) {
    sets.push("planned_grants_json = @plannedGrants");
    params.plannedGrants = grantsJson(patch.plannedGrants);
  }
  if ("observe" in patch) {
    sets.push("observe = @observe");
    params.observe = patch.observe ? 1 : 0;
  }
  if ("snapshot" in patch) {
    sets.push("snapshot_json = @snapshot");
    params.snapshot = patch.snapshot ? JSON.stringify(patch.snapshot) : null;
  }
  if (patch.attempt) sets.push("attempts = attempts + 1");
  cachedStatement(
    db,
    `UPDATE fix_items SET ${sets.join(", ")} WHERE job_id = @jobId AND key = @key AND version_id = @versionId`,
  ).run(params);
}

/** Gives an unplanned failure the strategy planned for it now; the retry that follows runs it. */
export function setFixItemStrategy(
  db: Db,
  jobId: number,
  item: Pick<FixItemRecord, "key" | "versionId">,
  plan: { strategy: string; thenStrategy: string | null },
): void {
  cachedStatement(
    db,
    `UPDATE fix_items SET strategy = @strategy, then_strategy = @thenStrategy, step = @strategy
     WHERE job_id = @jobId AND key = @key AND version_id = @versionId AND strategy IS NULL`,
  ).run({ jobId, key: item.key, versionId: item.versionId, ...plan });
}

// A failure after the snapshot was saved: its copy may have been sent, and the snapshot holds the tags the copy
// dropped. A retry goes on from it (the runner finds whether the copy landed) instead of reading the tags afresh.
const copyMayBeSent = "state = 'failed' AND snapshot_json IS NOT NULL";

/**
 * Items to try again: failures and changed-since-scan objects go back to pending (or, where a copy may have been
 * sent, to where they stopped). A changed object is never retried against its old plan nor without a guard: the
 * runner reads it afresh, plans it again and guards the write with what it read.
 */
export function resetFailedItems(db: Db, jobId: number): number {
  return db
    .prepare(
      `UPDATE fix_items SET reason = NULL,
         state = CASE WHEN ${copyMayBeSent} THEN 'copying' ELSE 'pending' END,
         step = CASE WHEN ${copyMayBeSent} THEN step ELSE strategy END,
         snapshot_json = CASE WHEN ${copyMayBeSent} THEN snapshot_json ELSE NULL END,
         observe = CASE WHEN state = 'changed-since-scan' THEN 1 ELSE observe END
       WHERE job_id = ? AND strategy IS NOT NULL AND state IN ('failed', 'changed-since-scan')`,
    )
    .run(jobId).changes;
}
