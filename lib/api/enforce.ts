import "server-only";
import { requireConnection } from "@/lib/api/browse";
import { bucketPosture } from "@/lib/api/connections";
import { contextFor } from "@/lib/api/fixes";
import type { Db } from "@/lib/db";
import { changesSinceScan } from "@/lib/db/finding-changes";
import { foreignCount } from "@/lib/export/report";
import { ENFORCE_REQUEST, planEnforce } from "@/lib/fix/enforce";
import { enforceBucket } from "@/lib/jobs/enforce";
import type { EnforceInput, EnforcePlanDto, EnforceResultDto } from "@/lib/schemas/fix";

/**
 * Enforce acts on the bucket of a completed scan, as the bucket owner's write identity when one is configured (else
 * the connection's own); its blockers are checked on the bucket's settings read now, not on the scan's.
 */
async function enforceSetup(db: Db, input: EnforceInput) {
  const connection = requireConnection(db, input.connectionId);
  const { scan, targets } = contextFor(db, connection, input.scanId);
  const posture = await bucketPosture(db, connection.id, scan.bucket);
  return { connection, scan, posture, owner: targets.owner };
}

export async function planEnforceForScan(db: Db, input: EnforceInput): Promise<EnforcePlanDto> {
  const { scan, posture, owner } = await enforceSetup(db, input);
  return {
    bucket: scan.bucket,
    actor: owner
      ? "the bucket owner's write identity"
      : "the connection's own identity (no bucket-owner write identity is configured)",
    request: ENFORCE_REQUEST,
    objectOwnership: posture.objectOwnership,
    // As far as Ownerscope knows now: the scan's count less what fixes since made the bucket owner's.
    foreignObjects: foreignCount(changesSinceScan(db, scan.id).byStatus),
    decision: planEnforce(posture),
  };
}

export async function enforceForScan(
  db: Db,
  input: EnforceInput,
  actorName: string,
): Promise<EnforceResultDto> {
  const { connection, scan, posture, owner } = await enforceSetup(db, input);
  const ended = await enforceBucket(db, {
    connectionId: connection.id,
    bucket: scan.bucket,
    posture,
    actor: owner ?? connection,
    actorName,
  });
  return { bucket: scan.bucket, ...ended };
}
