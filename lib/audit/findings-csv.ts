import { csvField } from "@/lib/fix/audit-csv";
import type { FindingDto } from "@/lib/schemas/scan";

export const findingCsvColumns = [
  "key",
  "versionId",
  "isLatest",
  "deleteMarker",
  "status",
  "ownerId",
  "ownerName",
  "foreign",
  "bucketOwnerAccess",
  "publicGrant",
  "size",
  "lastModified",
  "storageClass",
  "etag",
  "reason",
] as const;

/** One finding as a CSV line (RFC 4180, formula-safe), in the order of findingCsvColumns. */
export function findingCsvLine(f: FindingDto): string {
  const values: Record<(typeof findingCsvColumns)[number], unknown> = {
    key: f.key,
    versionId: f.versionId,
    isLatest: f.isLatest,
    deleteMarker: f.deleteMarker,
    status: f.status ?? "pending",
    ownerId: f.owner.id,
    ownerName: f.owner.name,
    foreign: f.foreign,
    bucketOwnerAccess: f.bucketOwnerAccess,
    publicGrant: f.publicGrant,
    size: f.size,
    lastModified: f.lastModified,
    storageClass: f.storageClass,
    etag: f.etag,
    reason: f.reason,
  };
  return findingCsvColumns.map((c) => csvField(values[c])).join(",");
}
