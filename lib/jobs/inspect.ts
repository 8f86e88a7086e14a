import "server-only";
import { classify } from "@/lib/audit/classify";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { listObjectsAfter, probeObject, readObjectAcl } from "@/lib/aws/scan-io";
import type { FixSubject } from "@/lib/fix/strategy";

/**
 * Classifies named keys right now (for a fix of a few keys without a stored scan): the listing gives owner, size,
 * storage class and ETag; GetObjectAcl (and HeadObject where it is denied) the bucket owner's access.
 */
export async function inspectKeys(
  target: AwsTarget,
  bucket: string,
  bucketOwnerId: string,
  keys: readonly string[],
): Promise<{ found: FixSubject[]; missing: string[] }> {
  const client = s3For(target);
  const found: FixSubject[] = [];
  const missing: string[] = [];
  for (const key of keys) {
    // Listing from just before the key returns the key itself first, if it exists.
    const page = await listObjectsAfter(client, { bucket, prefix: key, startAfter: null, maxKeys: 1 });
    const entry = page.entries[0];
    if (!entry || entry.key !== key) {
      missing.push(key);
      continue;
    }
    const where = { bucket, key, versionId: "" };
    const acl = await readObjectAcl(client, where);
    const head =
      acl.kind === "denied" ? await probeObject(client, where) : ({ kind: "not-checked" } as const);
    const c = classify({ bucketOwnerId, listedOwnerId: entry.ownerId, acl, head });
    found.push({
      key,
      versionId: null,
      isLatest: null,
      deleteMarker: false,
      ownerId: c.ownerId,
      status: c.status,
      bucketOwnerAccess: c.bucketOwnerAccess,
      size: entry.size,
      storageClass: entry.storageClass,
      etag: entry.etag,
      reason: c.reason,
      grants: c.grants,
      lastModified: entry.lastModified,
    });
  }
  return { found, missing };
}
