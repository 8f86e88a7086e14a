// Integration: the lab reproduces the trap exactly as the README describes it, so the seed manifest is true.
import {
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { s3For } from "@/lib/aws/clients";
import { loadLab, type Lab } from "./lab-env";
import { readManifest } from "./read-manifest";
import type { ManifestObject, SeedManifest } from "./manifest";

let lab: Lab;
let manifest: SeedManifest;

const statusOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode,
  );

const latest = (bucket: string) =>
  manifest.objects.filter((o) => o.bucket === bucket && o.isLatest && !o.deleteMarker);

beforeAll(() => {
  lab = loadLab();
  manifest = readManifest(lab.dir);
});

describe("the seeded trap, as account B sees it", () => {
  it("B can read its own and bucket-owner-full-control keys, and cannot read A's keys without an ACL", async () => {
    for (const o of latest("account-b-no-bucket")) {
      const head = await statusOf(lab.b.send(new HeadObjectCommand({ Bucket: o.bucket, Key: o.key })));
      const get = await statusOf(
        lab.b.send(new GetObjectCommand({ Bucket: o.bucket, Key: o.key, Range: "bytes=0-0" })),
      );
      const acl = await statusOf(lab.b.send(new GetObjectAclCommand({ Bucket: o.bucket, Key: o.key })));
      const expected = {
        "full-control": [200, expect.any(Number), 200],
        read: [200, expect.any(Number), 403],
        none: [403, 403, 403],
      }[o.bucketOwnerAccess];
      expect([head, get === 206 ? 200 : get, acl], o.key).toEqual(expected);
    }
  });

  it("A's grants are exactly what the manifest says", async () => {
    for (const o of latest("account-b-no-bucket").filter((x) => x.writer === manifest.writer.canonicalId)) {
      const acl = await lab.a.send(new GetObjectAclCommand({ Bucket: o.bucket, Key: o.key }));
      expect(acl.Owner?.ID, o.key).toBe(manifest.writer.canonicalId);
      const forB = (acl.Grants ?? [])
        .filter((g) => g.Grantee?.ID === manifest.bucketOwner.canonicalId)
        .map((g) => g.Permission);
      const expected = { "full-control": ["FULL_CONTROL"], read: ["READ"], none: [] }[o.bucketOwnerAccess];
      expect(forB, o.key).toEqual(expected);
    }
  });
});

describe("what a fix must preserve is really on the objects", () => {
  const check = async (client: S3Client, o: ManifestObject) => {
    const head = await client.send(new HeadObjectCommand({ Bucket: o.bucket, Key: o.key }));
    expect(head.ContentLength, o.key).toBe(o.size);
    expect(head.ETag, o.key).toBe(o.etag);
    expect(head.StorageClass ?? "STANDARD", o.key).toBe(o.storageClass);
    if (o.contentType) expect(head.ContentType, o.key).toBe(o.contentType);
    if (o.cacheControl) expect(head.CacheControl, o.key).toBe(o.cacheControl);
    if (o.contentDisposition) expect(head.ContentDisposition, o.key).toBe(o.contentDisposition);
    if (o.contentLanguage) expect(head.ContentLanguage, o.key).toBe(o.contentLanguage);
    expect(head.Metadata ?? {}, o.key).toEqual(o.metadata);
    const tags = await client.send(new GetObjectTaggingCommand({ Bucket: o.bucket, Key: o.key }));
    expect(Object.fromEntries((tags.TagSet ?? []).map((t) => [t.Key, t.Value])), o.key).toEqual(o.tags);
  };

  it("headers, metadata, tags, storage class and size match for every current object (read by its writer)", async () => {
    for (const bucket of ["account-b-no-bucket", "account-b-clean"]) {
      for (const o of latest(bucket))
        await check(o.writer === manifest.writer.canonicalId ? lab.a : lab.b, o);
    }
  });

  it("the multipart object was uploaded in parts and is over 5 MiB", () => {
    const big = manifest.objects.find((o) => o.multipart);
    expect(big?.etag).toMatch(/-\d+"$/);
    expect(big!.size).toBeGreaterThan(5 * 1024 * 1024);
  });
});

describe("the versioned bucket", () => {
  it("keeps A's noncurrent versions behind B's current ones, and B's delete marker", async () => {
    const audit = s3For(lab.target(lab.roles.audit.profile));
    const listed = await audit.send(new ListObjectVersionsCommand({ Bucket: "account-b-versioned" }));
    const truth = manifest.objects.filter((o) => o.bucket === "account-b-versioned");
    const seen = [
      ...(listed.Versions ?? []).map((v) => [v.Key, v.VersionId, v.Owner?.ID, v.IsLatest, false]),
      ...(listed.DeleteMarkers ?? []).map((m) => [m.Key, m.VersionId, m.Owner?.ID, m.IsLatest, true]),
    ];
    expect(seen.sort()).toEqual(
      truth.map((o) => [o.key, o.versionId, o.ownerId, o.isLatest, o.deleteMarker]).sort(),
    );
    expect(truth.some((o) => !o.isLatest && o.ownerId === manifest.writer.canonicalId)).toBe(true);
  });
});
