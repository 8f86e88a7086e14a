// The seed scenario's objects: what each account writes, with which ACL, headers, metadata and tags.
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type PutObjectCommandInput,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { pool } from "./generate";
import type { Lab } from "./lab-env";
import type { ManifestObject } from "./manifest";

export type Writer = "a" | "b";
type Acl = "none" | "bucket-owner-full-control" | "bucket-owner-read";

export type Spec = {
  key: string;
  writer: Writer;
  acl: Acl;
  body?: string | Buffer;
  headers?: Partial<
    Pick<
      PutObjectCommandInput,
      | "ContentType"
      | "CacheControl"
      | "ContentDisposition"
      | "ContentEncoding"
      | "ContentLanguage"
      | "Expires"
    >
  >;
  metadata?: Record<string, string>;
  tags?: Record<string, string>;
  storageClass?: "STANDARD" | "STANDARD_IA";
  multipart?: boolean;
};

export const MAIN_BUCKET = "account-b-no-bucket";
export const VERSIONED_BUCKET = "account-b-versioned";
export const CLEAN_BUCKET = "account-b-clean";

const longKey = `from-user-a/odd/long-${"é".repeat(490)}.txt`; // 1,005 bytes in UTF-8
const maxKey = `from-user-a/odd/\u{1F680}max-${"é".repeat(498)}.txt`; // 1,024 bytes in UTF-8

export const mainSpecs: Spec[] = [
  // The customer's article: A writes into B's bucket without and with bucket-owner-full-control.
  { key: "from-user-a/README.md", writer: "a", acl: "none", body: "# written by account A, no ACL\n" },
  {
    key: "from-user-a/with-acl/README.md",
    writer: "a",
    acl: "bucket-owner-full-control",
    body: "# written by account A with bucket-owner-full-control\n",
  },
  { key: "from-user-a/read-only/report.csv", writer: "a", acl: "bucket-owner-read", body: "id,total\n1,2\n" },
  {
    key: "from-user-a/meta/page.html",
    writer: "a",
    acl: "none",
    body: "<!doctype html><title>A</title>",
    headers: {
      ContentType: "text/html; charset=utf-8",
      CacheControl: "max-age=300, public",
      ContentDisposition: 'inline; filename="page.html"',
      ContentLanguage: "en-GB",
      Expires: new Date("2030-01-01T00:00:00Z"),
    },
    metadata: { team: "ingest", "run-id": "42" },
    tags: { source: "account-a", pipeline: "nightly" },
  },
  {
    key: "from-user-a/meta/data.json",
    writer: "a",
    acl: "bucket-owner-full-control",
    body: JSON.stringify({ rows: 3 }),
    headers: { ContentType: "application/json", CacheControl: "no-cache", ContentEncoding: "identity" },
    metadata: { schema: "v2" },
    tags: { classification: "internal" },
    storageClass: "STANDARD_IA",
  },
  {
    key: "from-user-a/read-only/styled.css",
    writer: "a",
    acl: "bucket-owner-read",
    body: "body{color:red}",
    headers: { ContentType: "text/css" },
    metadata: { owner: "web" },
    tags: { tier: "static" },
  },
  { key: "from-user-a/nested/2026/11/29/deep.txt", writer: "a", acl: "none", body: "deep" },
  { key: "from-user-a/odd/with space.txt", writer: "a", acl: "none", body: "space" },
  { key: "from-user-a/odd/ünïcödé-日本語.txt", writer: "a", acl: "none", body: "unicode" },
  { key: "from-user-a/odd/a+b=c.txt", writer: "a", acl: "bucket-owner-full-control", body: "plus" },
  { key: "from-user-a/odd/100%.txt", writer: "a", acl: "none", body: "percent" },
  { key: "from-user-a/odd/%2Fnot-a-slash%20.txt", writer: "a", acl: "none", body: "escaped-looking" },
  { key: longKey, writer: "a", acl: "none", body: "long key" },
  // Keys as real buckets hold them: an emoji first (outside the BMP), a combining mark, a right-to-left mark, a
  // trailing space, and a name of exactly 1,024 bytes (S3's limit) with an emoji in it.
  { key: "\u{1F680} launch/plan.json", writer: "a", acl: "none", body: "emoji first" },
  { key: "from-user-a/odd/e\u0301-combining.txt", writer: "a", acl: "none", body: "combining" },
  { key: "from-user-a/odd/\u200Fright-to-left.txt", writer: "a", acl: "none", body: "rlm" },
  { key: "from-user-a/odd/trailing space.txt ", writer: "a", acl: "none", body: "trailing" },
  { key: maxKey, writer: "a", acl: "none", body: "1,024 bytes" },
  {
    key: "from-user-a/big/multipart.bin",
    writer: "a",
    acl: "none",
    body: Buffer.alloc(11 * 1024 * 1024, 7),
    headers: { ContentType: "application/x-ownerscope-test", CacheControl: "private" },
    metadata: { parts: "3" },
    tags: { size: "large" },
    storageClass: "STANDARD_IA",
    multipart: true,
  },
  // B's own objects.
  {
    key: "b-own/README.md",
    writer: "b",
    acl: "none",
    body: "# account B's own\n",
    headers: { ContentType: "text/markdown" },
  },
  { key: "b-own/data/2026/11/part-0000.csv", writer: "b", acl: "none", body: "a,b\n1,2\n" },
  {
    key: "b-own/site/index.html",
    writer: "b",
    acl: "none",
    body: "<!doctype html><title>B</title>",
    headers: { ContentType: "text/html", CacheControl: "max-age=60" },
    metadata: { build: "1234" },
    tags: { env: "prod" },
  },
  { key: "b-own/odd/ spaces & ünïcode +%.txt", writer: "b", acl: "none", body: "odd but mine" },
  { key: "top-level.txt", writer: "b", acl: "none", body: "root" },
];

export const cleanSpecs: Spec[] = [
  {
    key: "reports/2026-11.csv",
    writer: "b",
    acl: "none",
    body: "month,total\n11,9\n",
    headers: { ContentType: "text/csv" },
  },
  {
    key: "reports/2026-10.csv",
    writer: "b",
    acl: "none",
    body: "month,total\n10,8\n",
    headers: { ContentType: "text/csv" },
  },
  {
    key: "index.html",
    writer: "b",
    acl: "none",
    body: "<!doctype html>",
    headers: { ContentType: "text/html" },
  },
];

const accessFor: Record<Acl, ManifestObject["bucketOwnerAccess"]> = {
  none: "none",
  "bucket-owner-full-control": "full-control",
  "bucket-owner-read": "read",
};

function expected(lab: Lab, spec: Spec): Pick<ManifestObject, "ownerId" | "bucketOwnerAccess" | "status"> {
  if (spec.writer === "b")
    return { ownerId: lab.bucketOwner.canonicalId, bucketOwnerAccess: "full-control", status: "owned" };
  const access = accessFor[spec.acl];
  const status =
    access === "full-control"
      ? "foreign-full-control"
      : access === "read"
        ? "foreign-readable"
        : "foreign-locked";
  return { ownerId: lab.writer.canonicalId, bucketOwnerAccess: access, status };
}

const tagging = (tags?: Record<string, string>) => (tags ? new URLSearchParams(tags).toString() : undefined);

export async function put(
  client: S3Client,
  bucket: string,
  spec: Spec,
): Promise<{ etag: string; versionId?: string }> {
  const input: PutObjectCommandInput = {
    Bucket: bucket,
    Key: spec.key,
    Body: spec.body ?? spec.key,
    ...spec.headers,
    Metadata: spec.metadata,
    StorageClass: spec.storageClass,
    ...(spec.acl === "none" ? {} : { ACL: spec.acl }),
  };
  if (spec.multipart) {
    const { Body, ...head } = input;
    const bytes = Body as Buffer;
    const { UploadId } = await client.send(new CreateMultipartUploadCommand(head));
    const partSize = 5 * 1024 * 1024;
    const parts = [];
    for (let offset = 0, n = 1; offset < bytes.length; offset += partSize, n++) {
      const part = await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: spec.key,
          UploadId,
          PartNumber: n,
          Body: bytes.subarray(offset, offset + partSize),
        }),
      );
      parts.push({ PartNumber: n, ETag: part.ETag });
    }
    const done = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: spec.key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    // RGW ignores tags sent with a multipart upload (measured): put them on afterwards.
    if (spec.tags) {
      await client.send(
        new PutObjectTaggingCommand({
          Bucket: bucket,
          Key: spec.key,
          Tagging: { TagSet: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })) },
        }),
      );
    }
    // RGW's CompleteMultipartUpload answer may carry no ETag: read it back.
    const written = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: spec.key }));
    return { etag: written.ETag ?? done.ETag ?? "", versionId: done.VersionId };
  }
  const out = await client.send(new PutObjectCommand({ ...input, Tagging: tagging(spec.tags) }));
  return { etag: out.ETag ?? "", versionId: out.VersionId };
}

export function describe(
  lab: Lab,
  bucket: string,
  spec: Spec,
  written: { etag: string; versionId?: string },
): ManifestObject {
  const body = spec.body ?? spec.key;
  return {
    bucket,
    key: spec.key,
    versionId: written.versionId ?? null,
    isLatest: true,
    deleteMarker: false,
    writer: spec.writer === "a" ? lab.writer.canonicalId : lab.bucketOwner.canonicalId,
    acl: spec.acl,
    ...expected(lab, spec),
    size: Buffer.byteLength(body),
    etag: written.etag,
    storageClass: spec.storageClass ?? "STANDARD",
    contentType: spec.headers?.ContentType ?? null,
    cacheControl: spec.headers?.CacheControl ?? null,
    contentDisposition: spec.headers?.ContentDisposition ?? null,
    contentEncoding: spec.headers?.ContentEncoding ?? null,
    contentLanguage: spec.headers?.ContentLanguage ?? null,
    expires: spec.headers?.Expires?.toISOString() ?? null,
    metadata: spec.metadata ?? {},
    tags: spec.tags ?? {},
    multipart: spec.multipart ?? false,
  };
}

/** Writes the main scenario's objects into `bucket` (a bucket of B that lets A write) and describes each. */
export async function writeScenarioObjects(
  lab: Lab,
  bucket: string,
  specs: Spec[] = mainSpecs,
): Promise<ManifestObject[]> {
  const objects: ManifestObject[] = [];
  await pool(specs, 8, async (spec) => {
    objects.push(describe(lab, bucket, spec, await put(spec.writer === "a" ? lab.a : lab.b, bucket, spec)));
  });
  return objects.sort((x, y) => x.key.localeCompare(y.key));
}
