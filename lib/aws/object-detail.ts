import "server-only";
import {
  GetObjectAclCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { describeFailure, httpStatusOf } from "@/lib/aws/errors";
import { headSnapshot } from "@/lib/aws/fix-reads";
import { grantsOf, listVersionsAfter } from "@/lib/aws/scan-io";
import type { ObjectDetail, Readable } from "@/lib/schemas/object";

/** Tries each identity in turn while the answer is 403 (the read role may list and read ACLs, not objects). */
async function readable<T>(clients: S3Client[], run: (s3: S3Client) => Promise<T>): Promise<Readable<T>> {
  let error: unknown;
  for (const s3 of clients) {
    try {
      return { ok: true, value: await run(s3) };
    } catch (e) {
      error = e;
      if (httpStatusOf(e) !== 403) break;
    }
  }
  const status = httpStatusOf(error);
  const reason =
    status === 403
      ? "access denied to the bucket owner's identities"
      : status === 404
        ? "not found (deleted since the scan?)"
        : describeFailure(error);
  return { ok: false, reason };
}

/**
 * What the bucket owner can read of one object now: headers, ACL, tags and the key's versions, through the
 * connection's read identity, then (for what it may not read) the bucket owner's write identity when configured.
 */
export async function readObjectDetail(
  target: AwsTarget,
  ownerWriter: AwsTarget | null,
  bucket: string,
  key: string,
  versionId: string | null,
): Promise<ObjectDetail> {
  const s3 = s3For(target);
  const both = ownerWriter ? [s3, s3For(ownerWriter)] : [s3];
  const version = versionId ? { VersionId: versionId } : {};
  const [headers, acl, tags, versions] = await Promise.all([
    readable(both, async (c) => {
      return headSnapshot(await c.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ...version })));
    }),
    readable([s3], async (c) => {
      const a = await c.send(new GetObjectAclCommand({ Bucket: bucket, Key: key, ...version }));
      return { ownerId: a.Owner?.ID ?? null, grants: grantsOf(a.Grants) };
    }),
    readable(both, async (c) => {
      const t = await c.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key, ...version }));
      return Object.fromEntries((t.TagSet ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
    }),
    readable([s3], async (c) => {
      // Versions of exactly this key: the listing is by prefix, so longer keys are dropped.
      const page = await listVersionsAfter(c, {
        bucket,
        prefix: key,
        keyMarker: null,
        versionIdMarker: null,
        maxKeys: 100,
      });
      return page.entries
        .filter((v) => v.key === key)
        .map((v) => ({
          versionId: v.versionId,
          isLatest: v.isLatest ?? false,
          deleteMarker: v.deleteMarker,
          ownerId: v.ownerId,
          size: v.deleteMarker ? null : v.size,
          lastModified: v.lastModified,
        }))
        .sort((a, b) => (b.lastModified ?? "").localeCompare(a.lastModified ?? ""));
    }),
  ]);
  return { headers, acl, tags, versions };
}
