import "server-only";
import {
  GetBucketAclCommand,
  GetObjectAclCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
} from "@aws-sdk/client-s3";
import { credentialsFor, s3For, type AwsTarget } from "@/lib/aws/clients";
import { failureKindOf } from "@/lib/aws/errors";
import type { CheckName, FailureKind } from "@/lib/connections/advice";
import { countOf } from "@/lib/format";

export type CheckOutcome =
  | { check: CheckName; ok: true; detail: string }
  | { check: CheckName; ok: false; kind: FailureKind; bucket?: string; key?: string };

async function attempt<T>(
  check: CheckName,
  run: () => Promise<T>,
  detail: (value: T) => string,
  where: { bucket?: string; key?: string } = {},
): Promise<{ outcome: CheckOutcome; value?: T }> {
  try {
    const value = await run();
    return { outcome: { check, ok: true, detail: detail(value) }, value };
  } catch (error) {
    return { outcome: { check, ok: false, kind: failureKindOf(error), ...where } };
  }
}

/**
 * The calls Ownerscope needs from the read identity, in order, stopping at the first that fails (the later ones
 * could only fail the same way): credentials, ListBuckets, then GetBucketAcl, ListObjectsV2 and GetObjectAcl on a
 * sample bucket and key.
 */
export async function checkReadIdentity(target: AwsTarget, sampleBucket?: string): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  const creds = await attempt(
    "credentials",
    () => credentialsFor(target)(),
    () => "credentials resolved",
  );
  outcomes.push(creds.outcome);
  if (!creds.outcome.ok) return outcomes;
  const s3 = s3For(target, { maxAttempts: 1 });
  const list = await attempt(
    "list-buckets",
    () => s3.send(new ListBucketsCommand({})),
    (r) => `${countOf(r.Buckets?.length ?? 0, "bucket")} visible`,
  );
  outcomes.push(list.outcome);
  if (!list.outcome.ok) return outcomes;
  const bucket = sampleBucket ?? list.value?.Buckets?.[0]?.Name;
  if (!bucket) return outcomes;
  const acl = await attempt(
    "bucket-acl",
    () => s3.send(new GetBucketAclCommand({ Bucket: bucket })),
    () => `read the ACL of ${bucket}`,
    { bucket },
  );
  outcomes.push(acl.outcome);
  if (!acl.outcome.ok) return outcomes;
  const owner = acl.value?.Owner?.ID;
  const listed = await attempt(
    "list-objects",
    () => s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 100, FetchOwner: true })),
    (r) => `listed ${r.KeyCount ?? 0} keys of ${bucket}`,
    { bucket },
  );
  outcomes.push(listed.outcome);
  if (!listed.outcome.ok) return outcomes;
  // A key the bucket owner owns: a foreign one would be refused whatever the policy says.
  const contents = listed.value?.Contents ?? [];
  const key = (contents.find((o) => o.Owner?.ID === owner) ?? contents[0])?.Key;
  if (!key) return outcomes;
  const objectAcl = await attempt(
    "object-acl",
    () => s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: key })),
    () => `read the ACL of ${key}`,
    { bucket, key },
  );
  outcomes.push(objectAcl.outcome);
  return outcomes;
}

/** Whether a write identity (a fixer, or the bucket owner's writer) can be assumed: resolving its credentials. */
export async function checkAssume(check: "fixer" | "owner-writer", target: AwsTarget): Promise<CheckOutcome> {
  const r = await attempt(
    check,
    () => credentialsFor(target)(),
    () => (target.roleArn ? "role assumed" : "credentials resolved"),
  );
  return r.outcome;
}
