import "server-only";
import type { AwsTarget } from "@/lib/aws/clients";
import { ownerTargetOf, readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { appendAudit } from "@/lib/db/audit-log";
import { listAccounts } from "@/lib/db/connections";
import type { Connection } from "@/lib/schemas/connection";

/** Who plans and acts: reads as the connection, writes as the bucket owner; names and principals of accounts. */
export type MigrationContext = {
  db: Db;
  connectionId: string | null;
  bucket: string;
  read: AwsTarget;
  owner: AwsTarget;
  /** Reads the log files (often another bucket, or another account's). */
  logs: AwsTarget;
  names: Record<string, string>;
  principals: Record<string, string>;
  actor: string;
};

/** A connection's context for one bucket: reads through its read identity; writes and logs through the owner's. */
export function migrationContextOf(db: Db, c: Connection, bucket: string, actor: string): MigrationContext {
  const accounts = listAccounts(db, c.id);
  const read = readTargetOf(c);
  const owner = ownerTargetOf(c) ?? read;
  return {
    db,
    connectionId: c.id,
    bucket,
    read,
    owner,
    logs: owner,
    names: Object.fromEntries(accounts.map((a) => [a.canonicalId, a.name])),
    principals: Object.fromEntries(
      accounts.flatMap((a) => (a.principal ? [[a.canonicalId, a.principal]] : [])),
    ),
    actor,
  };
}

/** One audit entry for a bucket-level step (no key). */
export function auditMigration(ctx: MigrationContext, action: string, result: string, reason: string | null) {
  appendAudit(ctx.db, {
    actor: ctx.actor,
    jobId: null,
    connectionId: ctx.connectionId,
    bucket: ctx.bucket,
    key: null,
    versionId: null,
    action,
    ownerBefore: null,
    accessBefore: null,
    ownerAfter: null,
    accessAfter: null,
    result,
    reason,
  });
}

/** The connection's accounts as the logs' requesters are matched to them: canonical ID and policy principal. */
export const accountsOf = (ctx: Pick<MigrationContext, "names" | "principals">) =>
  Object.keys(ctx.names).map((canonicalId) => ({
    canonicalId,
    principal: ctx.principals[canonicalId] ?? null,
  }));
