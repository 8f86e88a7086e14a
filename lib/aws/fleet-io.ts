import "server-only";
import { ListBucketsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { factsOf, type FailureFacts } from "@/lib/fleet/causes";
import { pages } from "@/lib/fleet/paging";

// The fleet's own calls to each account: the role assumed, its buckets listed with their Regions, and a bucket's
// first page tried before its scan. Each failure comes back as facts for lib/fleet/causes.ts, never thrown.

export type AccountListing =
  | { ok: true; ownerId: string | null; buckets: { name: string; region: string | null }[] }
  | { ok: false; facts: FailureFacts };

/** A bound on what one account's listing may hold: ListBuckets itself stops at 10,000 buckets per account. */
const MAX_BUCKETS = 20_000;

export async function listAccountBuckets(target: AwsTarget, call: <T>(fn: () => Promise<T>) => Promise<T>) {
  // The role is assumed through the client's own provider (it keeps the session for the scans), under the fleet's
  // retry: an STS answering SlowDown is retried like S3.
  const client = s3For(target, { maxAttempts: 1 });
  try {
    await call(() => client.config.credentials());
  } catch (error) {
    return { ok: false, facts: factsOf("assume", error) } satisfies AccountListing;
  }
  const buckets: { name: string; region: string | null }[] = [];
  let ownerId: string | null = null;
  try {
    const listed = pages(
      async (token) => {
        const page = await call(() =>
          client.send(new ListBucketsCommand({ ContinuationToken: token, MaxBuckets: 1000 })),
        );
        ownerId ??= page.Owner?.ID ?? null;
        const items = (page.Buckets ?? []).flatMap((b) =>
          b.Name ? [{ name: b.Name, region: b.BucketRegion ?? null }] : [],
        );
        return { items, next: page.ContinuationToken };
      },
      { what: "ListBuckets", maxPages: 1_000, maxItems: MAX_BUCKETS },
    );
    for await (const bucket of listed) buckets.push(bucket);
  } catch (error) {
    return { ok: false, facts: factsOf("account", error) } satisfies AccountListing;
  }
  return { ok: true, ownerId, buckets } satisfies AccountListing;
}

/** One key of the bucket listed with its owner, as the scan will: a denial shows here, with its cause. */
export async function tryBucket(
  target: AwsTarget,
  bucket: string,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<FailureFacts | null> {
  try {
    await call(() =>
      s3For(target, { maxAttempts: 1 }).send(
        new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1, FetchOwner: true }),
      ),
    );
    return null;
  } catch (error) {
    return factsOf("bucket", error);
  }
}
