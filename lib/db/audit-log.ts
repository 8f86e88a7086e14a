import "server-only";
import { cachedStatement, type Db } from "@/lib/db";
import { grantsJson, parseGrants } from "@/lib/db/fix-items";
import type { AuditEntry, AuditRecord } from "@/lib/schemas/fix";

type Row = Record<string, unknown>;

// The audit log: every write Ownerscope attempted, by whom, on which object, with the owner and grants before and
// after. Append-only.

export function appendAudit(db: Db, e: AuditEntry): void {
  cachedStatement(
    db,
    `INSERT INTO audit_log (actor, job_id, connection_id, bucket, key, version_id, action, owner_before, access_before,
       owner_after, access_after, result, reason, grants_before, grants_after)
     VALUES (@actor, @jobId, @connectionId, @bucket, @key, @versionId, @action, @ownerBefore, @accessBefore,
       @ownerAfter, @accessAfter, @result, @reason, @grantsBefore, @grantsAfter)`,
  ).run({ ...e, grantsBefore: grantsJson(e.grantsBefore), grantsAfter: grantsJson(e.grantsAfter) });
}

export function listAudit(
  db: Db,
  filter: {
    connectionId?: string;
    bucket?: string;
    key?: string;
    jobId?: number;
    beforeId?: number;
    limit: number;
  },
): AuditRecord[] {
  // Only the filters given, so that SQLite walks the bucket or job index instead of the whole log.
  const where = (
    [
      ["connectionId", "connection_id = @connectionId"],
      ["bucket", "bucket = @bucket"],
      ["key", "key = @key"],
      ["jobId", "job_id = @jobId"],
      ["beforeId", "id < @beforeId"],
    ] as const
  )
    .filter(([name]) => filter[name] !== undefined)
    .map(([, condition]) => condition);
  const rows = cachedStatement(
    db,
    `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT @limit`,
  ).all(filter) as Row[];
  return rows.map((r) => ({
    id: r.id as number,
    at: r.at as string,
    actor: r.actor as string,
    jobId: r.job_id as number | null,
    connectionId: r.connection_id as string | null,
    bucket: r.bucket as string,
    key: r.key as string | null,
    versionId: r.version_id as string | null,
    action: r.action as string,
    ownerBefore: r.owner_before as string | null,
    accessBefore: r.access_before as string | null,
    ownerAfter: r.owner_after as string | null,
    accessAfter: r.access_after as string | null,
    result: r.result as string,
    reason: r.reason as string | null,
    grantsBefore: parseGrants(r.grants_before),
    grantsAfter: parseGrants(r.grants_after),
  }));
}
