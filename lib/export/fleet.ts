// The fleet as files: one CSV line or JSON object per bucket, and OCSF Detection Findings (class 2004) for the
// buckets holding foreign objects, for a SIEM or Security Hub. Pure: the rows and the directory are passed in.
import { csvField } from "@/lib/export/audit-csv";
import type { FleetBucketRow } from "@/lib/fleet/bucket-row";
import { isOutside, memberOf, writerName, type Directory } from "@/lib/fleet/directory";

const columns = [
  "account_id",
  "account_name",
  "ou_path",
  "bucket",
  "region",
  "state",
  "cause",
  "failing_since",
  "scanned_at",
  "inventory_report",
  "objects",
  "foreign_objects",
  "locked_objects",
  "foreign_bytes",
  "writers",
] as const;

export const fleetCsvHeader = `${columns.join(",")}\r\n`;

export function fleetCsvLine(row: FleetBucketRow, directory: Directory): string {
  const values = [
    row.accountId,
    row.accountName,
    row.ouPath.join(" / "),
    row.bucket,
    row.region,
    row.state,
    row.cause,
    row.failingSince,
    row.scannedAt,
    row.reportDate,
    row.classified,
    row.foreignObjects,
    row.lockedObjects,
    row.foreignBytes,
    row.writers.map((w) => writerName(directory, w)).join("; "),
  ];
  return `${values.map(csvField).join(",")}\r\n`;
}

export const fleetJsonRow = (row: FleetBucketRow, directory: Directory) => ({
  ...row,
  writers: row.writers.map((w) => ({
    canonicalId: w,
    name: writerName(directory, w),
    inOrganization: memberOf(directory, w) !== undefined,
    outside: isOutside(directory, w),
  })),
});

/** One OCSF 1.3 Detection Finding for a bucket with foreign objects; null for a bucket without. */
export function ocsfFinding(row: FleetBucketRow, directory: Directory, now: Date) {
  if (row.foreignObjects === 0 || row.scanId === null) return null;
  const outside = row.writers.some((w) => isOutside(directory, w));
  // High when the owner cannot read some of them or a writer is outside the organization; medium otherwise.
  const severity = row.lockedObjects > 0 || outside ? { id: 4, name: "High" } : { id: 3, name: "Medium" };
  const arn = `arn:aws:s3:::${row.bucket}`;
  return {
    class_uid: 2004,
    class_name: "Detection Finding",
    category_uid: 2,
    category_name: "Findings",
    activity_id: 1,
    activity_name: "Create",
    type_uid: 200401,
    severity_id: severity.id,
    severity: severity.name,
    status_id: 1,
    status: "New",
    time: now.getTime(),
    metadata: { version: "1.3.0", product: { name: "Ownerscope", vendor_name: "Ownerscope" } },
    finding_info: {
      uid: `ownerscope:${row.accountId}:${row.bucket}:${row.scanId}`,
      title: `${row.foreignObjects} objects in ${row.bucket} are owned by another account`,
      desc:
        `${row.lockedObjects} of them the bucket owner cannot read. Written by ` +
        `${row.writers.map((w) => writerName(directory, w)).join(", ")}.`,
      types: ["S3 object ownership"],
    },
    cloud: {
      provider: "AWS",
      region: row.region ?? undefined,
      account: { uid: row.accountId, name: row.accountName },
    },
    resources: [
      {
        type: "AWS::S3::Bucket",
        uid: arn,
        name: row.bucket,
        region: row.region ?? undefined,
        owner: { account: { uid: row.accountId, name: row.accountName } },
        data: {
          foreign_objects: row.foreignObjects,
          locked_objects: row.lockedObjects,
          foreign_bytes: row.foreignBytes,
        },
      },
    ],
  };
}
