import { csvField } from "@/lib/export/audit-csv";
import type { FindingDto } from "@/lib/schemas/scan";

/** Which scan a file's rows come from: every row says it, so a row cut out of the file still says where it was. */
export type CsvScan = { bucket: string; scanId: number; scannedAt: string | null; finished: boolean };

export const findingCsvColumns = [
  "bucket",
  "scanId",
  "scannedAt",
  "key",
  "versionId",
  "isLatest",
  "deleteMarker",
  "status",
  "statusNow",
  "changedAt",
  "changedBy",
  "ownerId",
  "ownerName",
  "foreign",
  "foreignNow",
  "bucketOwnerAccess",
  "publicGrant",
  "size",
  "lastModified",
  "storageClass",
  "etag",
  "reason",
] as const;

/** An ETag as S3 names the content, without the quotes its header wears (`"abc"` → abc). */
export const bareEtag = (etag: string | null) => (etag === null ? null : etag.replace(/^"(.*)"$/, "$1"));

/**
 * One finding as a CSV line (RFC 4180, formula-safe), in the order of findingCsvColumns: its status as scanned, and
 * as last known (a fix since the scan changes the second, never the first).
 */
export function findingCsvLine(f: FindingDto, scan: CsvScan): string {
  const changedBy = !f.now
    ? null
    : f.now.fixJobId !== null
      ? `fix job ${f.now.fixJobId}`
      : f.now.batchJobId !== null
        ? `Batch Operations job ${f.now.batchJobId}`
        : "fix";
  const values: Record<(typeof findingCsvColumns)[number], unknown> = {
    bucket: scan.bucket,
    scanId: scan.scanId,
    scannedAt: scan.scannedAt,
    key: f.key,
    versionId: f.versionId,
    isLatest: f.isLatest,
    deleteMarker: f.deleteMarker,
    status: f.status ?? "pending",
    statusNow: f.now?.status ?? f.status ?? "pending",
    changedAt: f.now?.at ?? null,
    changedBy,
    ownerId: f.owner.id,
    ownerName: f.owner.name,
    foreign: f.foreign,
    foreignNow: f.foreignNow,
    bucketOwnerAccess: f.bucketOwnerAccess,
    publicGrant: f.publicGrant,
    size: f.size,
    lastModified: f.lastModified,
    storageClass: f.storageClass,
    etag: bareEtag(f.etag),
    reason: f.reason,
  };
  return findingCsvColumns.map((c) => csvField(values[c])).join(",");
}

/**
 * A file name that says what it holds: the bucket, the scan and the day it ended, or "unfinished" for a scan still
 * running (bucket names are DNS-safe; anything else is replaced all the same).
 */
export const exportFileName = (scan: CsvScan, format: "csv" | "json") =>
  `ownerscope-${scan.bucket.replace(/[^a-z0-9.-]/gi, "_")}-scan-${scan.scanId}-${
    scan.finished && scan.scannedAt ? scan.scannedAt.slice(0, 10) : "unfinished"
  }.${format}`;
