import { analyzePosture } from "@/lib/audit/posture";
import type { Classification } from "@/lib/audit/types";
import { readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { createScan, savePosture } from "@/lib/db/scans";
import { connectionSchema } from "@/lib/schemas/connection";

/**
 * For the database's tests: a full scan of "bucket" (or `at.bucket`) by no connection (or `at.connectionId`), with the
 * posture of a bucket that `ownerId` owns (no ACL grants, no ownership rule, no policy). Its findings are the caller's
 * to write.
 */
export function createTestScan(
  db: Db,
  ownerId: string,
  at: { connectionId?: string | null; bucket?: string } = {},
): number {
  const bucket = at.bucket ?? "bucket";
  const id = createScan(db, {
    connectionId: at.connectionId ?? null,
    target: readTargetOf(connectionSchema.parse({ id: "synthetic", name: "synthetic" })),
    identity: "test",
    bucket,
    prefix: "",
    mode: "full",
    versions: false,
    concurrency: 1,
  });
  savePosture(
    db,
    id,
    analyzePosture({
      bucket,
      ownerId,
      aclGrants: [],
      ownership: { kind: "none" },
      policy: { kind: "ok", document: null },
      versioning: "Disabled",
      encryption: { kind: "ok", algorithm: null, kmsKeyId: null },
    }),
  );
  return id;
}

/** What a verified fix reads back: the bucket owner owns the object, with full control and no other grant. */
export const ownedBy = (ownerId: string): Classification => ({
  ownerId,
  status: "owned",
  bucketOwnerAccess: "full-control",
  publicGrant: false,
  grants: [],
  reason: null,
});

/** What a scan reads of a key another account owns and the bucket owner cannot read. */
export const lockedBy = (ownerId: string): Classification => ({
  ownerId,
  status: "foreign-locked",
  bucketOwnerAccess: "none",
  publicGrant: null,
  grants: null,
  reason: "AccessDenied on GetObjectAcl",
});
