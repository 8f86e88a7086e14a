import "server-only";
import type { Grant } from "@/lib/audit/types";
import type { Db } from "@/lib/db";
import { objectAclsSql } from "@/lib/db/acl-grants";
import { hasChanges } from "@/lib/db/findings";
import type { Evidence } from "@/lib/migrate/evidence";
import type { StepName, StepState } from "@/lib/migrate/steps";
import {
  bucketAclSchema,
  evidenceRequestSchema,
  evidenceSchema,
  grantsSchema,
  migrationStepsSchema,
  parseStored,
} from "@/lib/schemas/stored";

// A migration to BucketOwnerEnforced as stored: the snapshot taken before the switch (what rollback restores, byte
// for byte) and where each step stands. The objects' owners and grants are copied from the scan at the snapshot, so
// a later fix or rescan does not change what a rollback is said to bring back.

export type AclMigration = {
  id: number;
  connectionId: string | null;
  bucket: string;
  scanId: number | null;
  ownerId: string;
  /** The bucket as the snapshot read it: what each step expects to find, and what a rollback restores. */
  policyBefore: string | null;
  bucketAcl: { ownerId: string; grants: Grant[] };
  ownershipBefore: string;
  policyPlanned: string;
  steps: Partial<Record<StepName, StepState>>;
  createdBy: string;
  createdAt: string;
};

type Row = {
  id: number;
  connection_id: string | null;
  bucket: string;
  scan_id: number | null;
  owner_id: string;
  policy_before: string | null;
  bucket_acl_json: string;
  ownership_before: string;
  policy_planned: string;
  steps_json: string;
  created_by: string;
  created_at: string;
};

const toMigration = (r: Row): AclMigration => ({
  id: r.id,
  connectionId: r.connection_id,
  bucket: r.bucket,
  scanId: r.scan_id,
  ownerId: r.owner_id,
  policyBefore: r.policy_before,
  bucketAcl: parseStored(bucketAclSchema, r.bucket_acl_json, "snapshot bucket ACL"),
  ownershipBefore: r.ownership_before,
  policyPlanned: r.policy_planned,
  steps: parseStored(migrationStepsSchema, r.steps_json, "migration steps"),
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export type NewMigration = Omit<AclMigration, "id" | "steps" | "createdAt">;

/** Stores the snapshot: the bucket's settings as read now, and every object's owner and grants from the scan. */
export function createMigration(db: Db, m: NewMigration): AclMigration {
  const id = db.transaction(() => {
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO acl_migrations (connection_id, bucket, scan_id, owner_id, policy_before, bucket_acl_json,
           ownership_before, policy_planned, steps_json, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', ?)`,
      )
      .run(
        m.connectionId,
        m.bucket,
        m.scanId,
        m.ownerId,
        m.policyBefore,
        JSON.stringify(m.bucketAcl),
        m.ownershipBefore,
        m.policyPlanned,
        m.createdBy,
      );
    const migrationId = Number(lastInsertRowid);
    if (m.scanId !== null)
      db.prepare(
        `INSERT INTO acl_snapshot_objects (migration_id, key, version_id, owner_id, grants_json)
         SELECT ?, key, version_id, owner_id, grants_json FROM (${objectAclsSql(hasChanges(db, m.scanId))})`,
      ).run(migrationId, m.scanId);
    return migrationId;
  })();
  return getMigration(db, id)!;
}

export function getMigration(db: Db, id: number): AclMigration | undefined {
  const row = db.prepare("SELECT * FROM acl_migrations WHERE id = ?").get(id) as Row | undefined;
  return row ? toMigration(row) : undefined;
}

export function latestMigration(
  db: Db,
  connectionId: string | null,
  bucket: string,
): AclMigration | undefined {
  const row = db
    .prepare("SELECT * FROM acl_migrations WHERE connection_id IS ? AND bucket = ? ORDER BY id DESC LIMIT 1")
    .get(connectionId, bucket) as Row | undefined;
  return row ? toMigration(row) : undefined;
}

export function saveStep(db: Db, id: number, step: StepName, state: StepState): void {
  db.prepare(
    "UPDATE acl_migrations SET steps_json = json_set(steps_json, '$.' || ?, json(?)) WHERE id = ?",
  ).run(step, JSON.stringify(state), id);
}

export type SnapshotObject = {
  key: string;
  versionId: string | null;
  ownerId: string | null;
  grants: Grant[] | null;
};

function* snapshotObjects(db: Db, id: number): Generator<SnapshotObject> {
  const rows = db
    .prepare(
      "SELECT key, version_id, owner_id, grants_json FROM acl_snapshot_objects WHERE migration_id = ? ORDER BY key, version_id",
    )
    .iterate(id);
  for (const r of rows as Iterable<{
    key: string;
    version_id: string;
    owner_id: string | null;
    grants_json: string | null;
  }>)
    yield {
      key: r.key,
      versionId: r.version_id || null,
      ownerId: r.owner_id,
      grants: r.grants_json ? parseStored(grantsSchema, r.grants_json, "grants") : null,
    };
}

/** The snapshot as JSONL: a first line with the bucket's settings, then one line per object and version. */
export function* snapshotJsonl(db: Db, m: AclMigration): Generator<string> {
  const { id, bucket, ownerId, policyBefore, bucketAcl, ownershipBefore, createdAt } = m;
  yield `${JSON.stringify({ snapshot: id, bucket, ownerId, policy: policyBefore, bucketAcl, objectOwnership: ownershipBefore, takenAt: createdAt })}\n`;
  for (const o of snapshotObjects(db, id)) yield `${JSON.stringify(o)}\n`;
}

/** What re-enabling ACLs brings back, by the snapshot: objects returned to their writers, and grants by grantee. */
export function rollbackPreview(db: Db, m: AclMigration) {
  const writers = db
    .prepare(
      `SELECT owner_id AS ownerId, count(*) AS objects FROM acl_snapshot_objects
       WHERE migration_id = ? AND owner_id IS NOT NULL AND owner_id <> ? GROUP BY owner_id ORDER BY objects DESC LIMIT 50`,
    )
    .all(m.id, m.ownerId) as { ownerId: string; objects: number }[];
  const grants = db
    .prepare(
      `SELECT json_extract(g.value, '$.grantee') AS grantee, json_extract(g.value, '$.permission') AS permission,
         count(*) AS objects
       FROM acl_snapshot_objects o, json_each(o.grants_json) g
       WHERE o.migration_id = ? AND o.grants_json IS NOT NULL AND json_extract(g.value, '$.grantee') <> ?
       GROUP BY 1, 2 ORDER BY objects DESC LIMIT 50`,
    )
    .all(m.id, m.ownerId) as { grantee: string; permission: string; objects: number }[];
  const objects = writers.reduce((n, w) => n + w.objects, 0);
  return { objectsReturned: objects, writers, grants };
}

export function saveEvidence(
  db: Db,
  connectionId: string | null,
  bucket: string,
  request: object,
  evidence: Evidence,
): void {
  db.prepare(
    "INSERT INTO acl_evidence (connection_id, bucket, request_json, evidence_json) VALUES (?, ?, ?, ?)",
  ).run(connectionId, bucket, JSON.stringify(request), JSON.stringify(evidence));
}

export function latestEvidence(
  db: Db,
  connectionId: string | null,
  bucket: string,
): { request: object; evidence: Evidence; at: string } | undefined {
  const row = db
    .prepare("SELECT * FROM acl_evidence WHERE connection_id IS ? AND bucket = ? ORDER BY id DESC LIMIT 1")
    .get(connectionId, bucket) as
    { request_json: string; evidence_json: string; created_at: string } | undefined;
  return row
    ? {
        request: parseStored(evidenceRequestSchema, row.request_json, "evidence request"),
        evidence: parseStored(evidenceSchema, row.evidence_json, "evidence"),
        at: row.created_at,
      }
    : undefined;
}
