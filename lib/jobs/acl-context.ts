import "server-only";
import type { AwsTarget } from "@/lib/aws/clients";
import type { Db } from "@/lib/db";
import { appendAudit } from "@/lib/db/audit-log";

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
