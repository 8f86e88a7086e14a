import "server-only";
import {
  DeleteBucketPolicyCommand,
  GetBucketAclCommand,
  GetBucketPolicyCommand,
  PutBucketAclCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  type ObjectOwnership,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { Grant } from "@/lib/audit/types";
import { httpStatusOf, toAppError } from "@/lib/aws/errors";
import { grantsOf, readOwnership } from "@/lib/aws/scan-io";

export { readOwnership };

// The bucket's own settings that disabling ACLs reads and writes: its policy (as exact text), its ACL, its Object
// Ownership. Each write is followed by the caller's read-back; nothing here deletes ownership controls (on Ceph RGW
// that call deletes an empty bucket).

export type BucketAcl = { ownerId: string; grants: Grant[] };

export async function readBucketAcl(client: S3Client, bucket: string): Promise<BucketAcl> {
  try {
    const acl = await client.send(new GetBucketAclCommand({ Bucket: bucket }));
    if (!acl.Owner?.ID) throw new Error("GetBucketAcl returned no owner");
    return { ownerId: acl.Owner.ID, grants: grantsOf(acl.Grants) };
  } catch (error) {
    throw toAppError(error, `read the ACL of bucket ${bucket}`);
  }
}

/** The policy exactly as S3 returns it; null when the bucket has none. */
export async function readPolicyText(client: S3Client, bucket: string): Promise<string | null> {
  try {
    return (await client.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? null;
  } catch (error) {
    if ((error as Error).name === "NoSuchBucketPolicy" || httpStatusOf(error) === 404) return null;
    throw toAppError(error, `read the policy of bucket ${bucket}`);
  }
}

/** Writes the policy text as given, or removes the policy (null). */
export async function writePolicy(client: S3Client, bucket: string, policy: string | null): Promise<void> {
  try {
    if (policy === null) await client.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    else await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
  } catch (error) {
    throw toAppError(error, `write the policy of bucket ${bucket}`);
  }
}

const sdkGrantee = (g: Grant) =>
  g.granteeType === "Group"
    ? { Type: "Group" as const, URI: g.grantee }
    : g.granteeType === "AmazonCustomerByEmail"
      ? { Type: "AmazonCustomerByEmail" as const, EmailAddress: g.grantee }
      : { Type: "CanonicalUser" as const, ID: g.grantee };

/** Writes the bucket ACL: exactly these grants, or the canned "private" (the owner's FULL_CONTROL alone). */
export async function writeBucketAcl(
  client: S3Client,
  bucket: string,
  acl: BucketAcl | "private",
): Promise<void> {
  try {
    await client.send(
      acl === "private"
        ? new PutBucketAclCommand({ Bucket: bucket, ACL: "private" })
        : new PutBucketAclCommand({
            Bucket: bucket,
            AccessControlPolicy: {
              Owner: { ID: acl.ownerId },
              Grants: acl.grants.map((g) => ({ Grantee: sdkGrantee(g), Permission: g.permission })),
            },
          }),
    );
  } catch (error) {
    throw toAppError(error, `write the ACL of bucket ${bucket}`);
  }
}

export async function writeOwnership(
  client: S3Client,
  bucket: string,
  value: ObjectOwnership,
): Promise<void> {
  try {
    await client.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: value }] },
      }),
    );
  } catch (error) {
    throw toAppError(error, `set Object Ownership of bucket ${bucket} to ${value}`);
  }
}
