// S3 Inventory reports in AWS's documented layout, written into a lab bucket: from a real bucket's listing and ACLs
// (the ground truth for tests), or synthesized at any size (benchmarks). RGW has no Inventory of its own.
import { createHash, randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { CreateBucketCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { parquetWriteBuffer } from "hyparquet-writer";
import { s3For } from "@/lib/aws/clients";
import { listObjectsAfter, listVersionsAfter, readObjectAcl, type ListedEntry } from "@/lib/aws/scan-io";
import { exists, pool } from "./generate";
import type { Lab } from "./lab-env";

export type InventoryGrant = { canonicalId?: string; uri?: string; type: string; permission: string };
export type ReportRow = {
  key: string;
  versionId?: string;
  isLatest?: boolean;
  isDeleteMarker?: boolean;
  size: number;
  lastModified: string;
  etag: string;
  storageClass: string;
  owner: string;
  grants: InventoryGrant[] | null;
};

export type ReportOptions = {
  format: "CSV" | "Parquet";
  /** Leave ObjectAccessControlList out, as a configuration without the optional field does. */
  withoutAcl?: boolean;
  rowsPerFile?: number;
  versions?: boolean;
  /** The account S3 delivers to (the destination bucket's owner); the lab's bucket owner by default. */
  deliverWith?: S3Client;
  /** The configuration's ID, a folder of the layout. */
  configId?: string;
  /** When S3 made the report; now by default. */
  createdAt?: Date;
};

const aclValue = (grants: InventoryGrant[] | null) =>
  Buffer.from(
    JSON.stringify(
      grants
        ? { version: "2022-11-10", status: "AVAILABLE", grants }
        : { version: "2022-11-10", status: "NOT_AVAILABLE" },
    ),
  ).toString("base64");

/** Form-style URL encoding, as CSV inventory writes keys (a space is "+", "+" itself is %2B). */
const encodeKey = (key: string) => encodeURIComponent(key).replace(/%20/g, "+");

function columns(o: ReportOptions): string[] {
  return [
    "Bucket",
    "Key",
    ...(o.versions ? ["VersionId", "IsLatest", "IsDeleteMarker"] : []),
    "Size",
    "LastModifiedDate",
    "ETag",
    "StorageClass",
    "ObjectOwner",
    ...(o.withoutAcl ? [] : ["ObjectAccessControlList"]),
  ];
}

function csvFile(bucket: string, rows: ReportRow[], o: ReportOptions): Buffer {
  const q = (v: unknown) => `"${String(v ?? "").replace(/"/g, '""')}"`;
  const lines = rows.map((r) =>
    [
      bucket,
      encodeKey(r.key),
      ...(o.versions
        ? [r.versionId ?? "", String(r.isLatest ?? true), String(r.isDeleteMarker ?? false)]
        : []),
      r.isDeleteMarker ? "" : r.size,
      r.lastModified,
      r.etag,
      r.storageClass,
      r.owner,
      ...(o.withoutAcl ? [] : [aclValue(r.grants)]),
    ]
      .map(q)
      .join(","),
  );
  return gzipSync(`${lines.join("\n")}\n`);
}

function parquetFile(bucket: string, rows: ReportRow[], o: ReportOptions): Buffer {
  const col = (name: string, data: unknown[], type: string) => ({ name, data, type });
  const data = [
    col(
      "bucket",
      rows.map(() => bucket),
      "STRING",
    ),
    col(
      "key",
      rows.map((r) => r.key),
      "STRING",
    ),
    ...(o.versions
      ? [
          col(
            "version_id",
            rows.map((r) => r.versionId ?? ""),
            "STRING",
          ),
          col(
            "is_latest",
            rows.map((r) => r.isLatest ?? true),
            "BOOLEAN",
          ),
          col(
            "is_delete_marker",
            rows.map((r) => r.isDeleteMarker ?? false),
            "BOOLEAN",
          ),
        ]
      : []),
    col(
      "size",
      rows.map((r) => BigInt(r.size)),
      "INT64",
    ),
    col(
      "last_modified_date",
      rows.map((r) => new Date(r.lastModified)),
      "TIMESTAMP",
    ),
    col(
      "e_tag",
      rows.map((r) => r.etag),
      "STRING",
    ),
    col(
      "storage_class",
      rows.map((r) => r.storageClass),
      "STRING",
    ),
    col(
      "object_owner",
      rows.map((r) => r.owner),
      "STRING",
    ),
    ...(o.withoutAcl
      ? []
      : [
          col(
            "object_access_control_list",
            rows.map((r) => aclValue(r.grants)),
            "STRING",
          ),
        ]),
  ];
  return Buffer.from(parquetWriteBuffer({ columnData: data as never }));
}

/**
 * Writes a report for `sourceBucket` into `destBucket` under `prefix`, as S3 would: data files under data/, then
 * manifest.json (with each file's MD5) under a folder named by the report's date. Returns the manifest's key.
 */
export async function writeReport(
  lab: Lab,
  sourceBucket: string,
  destBucket: string,
  prefix: string,
  rows: AsyncIterable<ReportRow> | ReportRow[],
  o: ReportOptions,
): Promise<string> {
  const s3 = o.deliverWith ?? lab.b;
  if (!(await exists(s3, destBucket))) await s3.send(new CreateBucketCommand({ Bucket: destBucket }));
  const base = `${prefix}${sourceBucket}/${o.configId ?? "ownerscope-test"}`;
  const files: { key: string; size: number; MD5checksum: string }[] = [];
  const perFile = o.rowsPerFile ?? 100_000;
  let batch: ReportRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const body = o.format === "CSV" ? csvFile(sourceBucket, batch, o) : parquetFile(sourceBucket, batch, o);
    const key = `${base}/data/${randomUUID()}.${o.format === "CSV" ? "csv.gz" : "parquet"}`;
    await s3.send(new PutObjectCommand({ Bucket: destBucket, Key: key, Body: body }));
    files.push({ key, size: body.length, MD5checksum: createHash("md5").update(body).digest("hex") });
    batch = [];
  };
  for await (const r of rows) {
    batch.push(r);
    if (batch.length >= perFile) await flush();
  }
  await flush();
  const created = o.createdAt ?? new Date();
  const folder = created.toISOString().slice(0, 16).replace(":", "-") + "Z";
  const manifest = {
    sourceBucket,
    destinationBucket: `arn:aws:s3:::${destBucket}`,
    version: "2016-11-30",
    creationTimestamp: String(created.getTime()),
    fileFormat: o.format,
    fileSchema:
      o.format === "CSV"
        ? columns(o).join(", ")
        : `message s3.inventory { ${columns(o)
            .map((c) => `optional binary ${c};`)
            .join(" ")} }`,
    files,
  };
  const manifestKey = `${base}/${folder}/manifest.json`;
  await s3.send(
    new PutObjectCommand({ Bucket: destBucket, Key: manifestKey, Body: JSON.stringify(manifest) }),
  );
  return manifestKey;
}

/** The rows a real inventory of a lab bucket would hold: its listing, owners and ACLs (read by the audit role). */
export async function reportRowsOf(
  lab: Lab,
  bucket: string,
  versions = false,
  /** The bucket owner's client (the lab's by default); with another, ACLs are left out (its audit role is not there). */
  owner?: S3Client,
): Promise<ReportRow[]> {
  const lister = owner ?? lab.b;
  const entries: ListedEntry[] = [];
  if (versions) {
    let next: { keyMarker: string; versionIdMarker: string | null } | null = null;
    do {
      const page = await listVersionsAfter(lister, {
        bucket,
        prefix: "",
        keyMarker: next?.keyMarker ?? null,
        versionIdMarker: next?.versionIdMarker ?? null,
        maxKeys: 1000,
      });
      entries.push(...page.entries);
      next = page.next;
    } while (next);
  } else {
    for (let truncated = true; truncated;) {
      const page = await listObjectsAfter(lister, {
        bucket,
        prefix: "",
        startAfter: entries.at(-1)?.key ?? null,
        maxKeys: 1000,
      });
      entries.push(...page.entries);
      truncated = page.truncated;
    }
  }
  const rows: ReportRow[] = entries.map((e) => ({
    key: e.key,
    versionId: versions ? e.versionId : undefined,
    isLatest: e.isLatest ?? true,
    isDeleteMarker: e.deleteMarker,
    size: e.size,
    lastModified: e.lastModified!,
    etag: (e.etag ?? "").replace(/"/g, ""),
    storageClass: e.storageClass ?? "",
    owner: e.ownerId!,
    grants: null,
  }));
  if (owner) return rows;
  const audit = s3For(lab.target(lab.roles.audit.profile));
  await pool(
    rows.filter((r) => !r.isDeleteMarker),
    16,
    async (r) => {
      const acl = await readObjectAcl(audit, { bucket, key: r.key, versionId: r.versionId ?? "" });
      if (acl.kind !== "ok") return;
      r.grants = acl.grants.map((g) => ({
        ...(g.granteeType === "Group" ? { uri: g.grantee } : { canonicalId: g.grantee }),
        type: g.granteeType,
        permission: g.permission,
      }));
    },
  );
  return rows;
}

/** N synthetic rows (keys need not exist): for measuring ingest alone at report sizes the lab cannot hold. */
export async function* syntheticRows(
  lab: Lab,
  count: number,
  foreignShare: number,
): AsyncGenerator<ReportRow> {
  const width = String(count - 1).length;
  const b = lab.bucketOwner.canonicalId;
  const a = lab.writer.canonicalId;
  for (let i = 0; i < count; i++) {
    const foreign = Math.floor((i + 1) * foreignShare) > Math.floor(i * foreignShare);
    yield {
      key: `k/${String(i).padStart(width, "0")}.dat`,
      size: 12,
      lastModified: "2026-11-29T00:00:00.000Z",
      etag: "0123456789abcdef0123456789abcdef",
      storageClass: "STANDARD",
      owner: foreign ? a : b,
      grants: [{ canonicalId: foreign ? a : b, type: "CanonicalUser", permission: "FULL_CONTROL" }],
    };
  }
}
