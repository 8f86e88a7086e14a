import "server-only";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { toAppError } from "@/lib/aws/errors";

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
    const page = await s3For(target).send(
      new ListObjectsV2Command({
        Bucket: params.bucket,
        Prefix: params.prefix || undefined,
        Delimiter: params.delimiter,
        ContinuationToken: params.cursor ?? undefined,
        MaxKeys: params.maxKeys ?? 1000,
        FetchOwner: true,
      }),
    );
    return {
      folders: (page.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : [])),
      objects: (page.Contents ?? []).flatMap((o) =>
        o.Key === undefined
          ? []
          : [
              {
                key: o.Key,
                size: o.Size ?? 0,
                lastModified: o.LastModified?.toISOString() ?? null,
                etag: o.ETag ?? null,
                storageClass: o.StorageClass ?? "STANDARD",
                ownerId: o.Owner?.ID ?? null,
              },
            ],
      ),
      nextCursor: page.IsTruncated ? (page.NextContinuationToken ?? null) : null,
    };
  } catch (error) {
    throw toAppError(error, `list objects in ${params.bucket}`);
  }
}
