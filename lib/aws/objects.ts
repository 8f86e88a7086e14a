import "server-only";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { toAppError } from "@/lib/aws/errors";
import { listObjectsLean } from "@/lib/aws/list-lean";

export type ListedObject = {
  key: string;
  size: number;
  lastModified: string | null;
  etag: string | null;
  storageClass: string;
  ownerId: string | null;
};

export type ObjectPage = { folders: string[]; objects: ListedObject[]; nextCursor: string | null };

/**
 * One page of ListObjectsV2 with FetchOwner, folded into folders at `delimiter` when one is given. Without
 * FetchOwner S3 returns no owner at all; with it the owner's canonical ID comes for every key at no extra request.
 */
export async function listObjectsPage(
  target: AwsTarget,
  params: { bucket: string; prefix: string; delimiter?: string; cursor?: string | null; maxKeys?: number },
): Promise<ObjectPage> {
  try {
    const page = await listObjectsLean(s3For(target), {
      Bucket: params.bucket,
      Prefix: params.prefix || undefined,
      Delimiter: params.delimiter,
      ContinuationToken: params.cursor ?? undefined,
      MaxKeys: params.maxKeys ?? 1000,
      FetchOwner: true,
    });
    return {
      folders: page.folders,
      objects: page.objects.map((o) => ({
        key: o.key,
        size: o.size,
        lastModified: o.lastModified,
        etag: o.etag,
        storageClass: o.storageClass,
        ownerId: o.ownerId,
      })),
      nextCursor: page.truncated ? page.nextContinuationToken : null,
    };
  } catch (error) {
    throw toAppError(error, `list objects in ${params.bucket}`);
  }
}
