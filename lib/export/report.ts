import type { BucketPosture } from "@/lib/audit/posture";
import { objectStatuses, type ObjectStatus } from "@/lib/audit/types";
import type { FindingRecord } from "@/lib/schemas/scan";

/** One object (or version) as the CLI's JSON and NDJSON print it. */
export function reportObject(f: FindingRecord, versions: boolean) {
  return {
    key: f.key,
    versionId: f.versionId,
    ...(versions ? { isLatest: f.isLatest, deleteMarker: f.deleteMarker } : {}),
    owner: { id: f.owner.id, displayName: f.owner.displayName },
    status: f.status ?? "unknown",
    bucketOwnerAccess: f.bucketOwnerAccess ?? "unknown",
    publicGrant: f.publicGrant,
    grants: f.grants,
    size: f.size,
    lastModified: f.lastModified,
    storageClass: f.storageClass,
    reason: f.status === null ? "not classified: the scan did not finish" : f.reason,
  };
}

export function reportSummary(
  byStatus: Record<ObjectStatus, number>,
  byOwner: { ownerId: string | null; objects: number }[],
) {
  const statuses = Object.fromEntries(objectStatuses.map((s) => [s, byStatus[s] ?? 0])) as Record<
    ObjectStatus,
    number
  >;
  return {
    total: Object.values(statuses).reduce((a, b) => a + b, 0),
    byStatus: statuses,
    byOwner: Object.fromEntries(byOwner.map((o) => [o.ownerId ?? "(none)", o.objects])),
  };
}

export function reportHeader(bucket: string, bucketOwnerId: string | null, posture: BucketPosture | null) {
  return {
    bucket,
    bucketOwner: { id: bucketOwnerId },
    ownership: posture
      ? { ...posture.objectOwnership, foreignOwnershipPossible: posture.foreignOwnershipPossible }
      : { value: "unknown", confirmed: false, note: "the bucket could not be read" },
  };
}

export const foreignCount = (byStatus: Record<ObjectStatus, number>) =>
  byStatus["foreign-full-control"] + byStatus["foreign-readable"] + byStatus["foreign-locked"];
