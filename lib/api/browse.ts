import "server-only";
import { rememberBuckets, requireKnownBucket } from "@/lib/api/bucket-access";
import { getBucketOwnerId, listBuckets } from "@/lib/aws/buckets";
import { listObjectsPage } from "@/lib/aws/objects";
import { readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { getConnection, listAccounts } from "@/lib/db/connections";
import { AppError } from "@/lib/errors";
import { accountNameMap, describeOwner } from "@/lib/ownership/owners";
import { nameBelow } from "@/lib/ownership/prefix";
import type { Connection } from "@/lib/schemas/connection";
import type { BucketDto, ObjectListingDto } from "@/lib/schemas/listing";

export function requireConnection(db: Db, id: string): Connection {
  const connection = getConnection(db, id);
  if (!connection) throw new AppError("not_found", `No connection named "${id}".`);
  return connection;
}

export async function bucketsOf(db: Db, connectionId: string): Promise<BucketDto[]> {
  const buckets = await listBuckets(readTargetOf(requireConnection(db, connectionId)));
  rememberBuckets(
    connectionId,
    buckets.map((b) => b.name),
  );
  return buckets;
}

/** One page of a bucket's keys under a prefix, each with its owner named and flagged when foreign. */
export async function objectListing(
  db: Db,
  params: { connectionId: string; bucket: string; prefix: string; cursor?: string; limit: number },
): Promise<ObjectListingDto> {
  const connection = requireConnection(db, params.connectionId);
  await requireKnownBucket(db, connection, params.bucket);
  const [bucketOwnerId, page] = await Promise.all([
    getBucketOwnerId(readTargetOf(connection), params.bucket),
    listObjectsPage(readTargetOf(connection), {
      bucket: params.bucket,
      prefix: params.prefix,
      delimiter: "/",
      cursor: params.cursor,
      maxKeys: params.limit,
    }),
  ]);
  const names = accountNameMap(listAccounts(db, connection.id));
  return {
    connectionId: connection.id,
    bucket: params.bucket,
    prefix: params.prefix,
    bucketOwner: { id: bucketOwnerId, name: names.get(bucketOwnerId) ?? null },
    folders: page.folders.map((f) => ({ prefix: f, name: nameBelow(params.prefix, f) })),
    objects: page.objects.map((o) => ({
      key: o.key,
      name: nameBelow(params.prefix, o.key),
      size: o.size,
      lastModified: o.lastModified,
      storageClass: o.storageClass,
      owner: describeOwner(o.ownerId, bucketOwnerId, names),
    })),
    nextCursor: page.nextCursor,
  };
}
