import "server-only";
import { GetBucketAclCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { toAppError } from "@/lib/aws/errors";

export type BucketSummary = { name: string; createdAt: string | null };

/** Every bucket the connection's identity can list (ListBuckets pages through continuation tokens). */
export async function listBuckets(target: AwsTarget): Promise<BucketSummary[]> {
  const buckets: BucketSummary[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await s3For(target).send(
        new ListBucketsCommand({ ContinuationToken: token, MaxBuckets: 1000 }),
      );
      for (const b of page.Buckets ?? []) {
        if (b.Name) buckets.push({ name: b.Name, createdAt: b.CreationDate?.toISOString() ?? null });
      }
      token = page.ContinuationToken;
    } while (token);
  } catch (error) {
    throw toAppError(error, "list buckets");
  }
  return buckets.sort((a, b) => a.name.localeCompare(b.name));
}

/** The bucket owner's canonical ID, from the bucket ACL (DisplayName is not returned by AWS any more). */
export async function getBucketOwnerId(target: AwsTarget, bucket: string): Promise<string> {
  try {
    const acl = await s3For(target).send(new GetBucketAclCommand({ Bucket: bucket }));
    if (!acl.Owner?.ID) throw new Error("GetBucketAcl returned no owner");
    return acl.Owner.ID;
  } catch (error) {
    throw toAppError(error, `read the owner of bucket ${bucket}`);
  }
}
