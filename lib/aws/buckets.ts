import "server-only";
import { GetBucketAclCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { toAppError } from "@/lib/aws/errors";
import { AppError } from "@/lib/errors";

export type BucketSummary = { name: string; createdAt: string | null };

/**
 * Every bucket the connection's identity can list (ListBuckets pages through continuation tokens). With `deadlineMs`,
 * an endpoint (or its STS) that takes longer, or never answers, is reported as out of reach when the time is up.
 */
export async function listBuckets(target: AwsTarget, deadlineMs?: number): Promise<BucketSummary[]> {
  if (deadlineMs === undefined) return listAll(target);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new AppError(
            "upstream_unreachable",
            `S3 did not answer the bucket listing within ${deadlineMs / 1000} s`,
          ),
        ),
      deadlineMs,
    );
  });
  try {
    return await Promise.race([listAll(target), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function listAll(target: AwsTarget): Promise<BucketSummary[]> {
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
